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
		displayOptions: { show: { resource: ['pullFromOrigin'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the pull-from-origin settings of an entry point',
				action: 'Get pull from origin settings',
			},
			{
				name: 'Set',
				value: 'set',
				description:
					'Pull streams from one origin domain, from the origin your callback names, or turn pulling off',
				action: 'Set pull from origin settings',
			},
		],
		default: 'get',
	},
	...get.description,
	...set.description,
];
