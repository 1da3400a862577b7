import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as set from './set.operation';

export const operations = { get, set };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['originAuth'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Get whether origin authentication is on, its server URL and whether a secret is set',
				action: 'Get origin authentication settings',
			},
			{
				name: 'Set',
				value: 'set',
				description:
					'Turn origin authentication on or off and set the server that allows or denies each push and play',
				action: 'Set origin authentication settings',
			},
		],
		default: 'get',
	},
	...get.description,
	...set.description,
];
