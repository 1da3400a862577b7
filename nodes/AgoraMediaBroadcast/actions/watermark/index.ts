import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';
import * as set from './set.operation';

export const operations = { getMany, set };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['watermark'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the watermarks of an entry point, one item per watermark',
				action: 'Get many watermarks',
			},
			{
				name: 'Set',
				value: 'set',
				description: 'Replace the watermarks of an entry point (up to 5), or remove them all',
				action: 'Set watermarks of entry point',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...set.description,
];
