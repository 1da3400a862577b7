import type { INodeProperties } from 'n8n-workflow';

import * as answer from './answer.operation';

export const operations = { answer };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['callback'] } },
		options: [
			{
				name: 'Answer',
				value: 'answer',
				description: 'Answer the Agora callback that started this workflow',
				action: 'Answer callback',
			},
		],
		default: 'answer',
	},
	...answer.description,
];
