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
		displayOptions: { show: { resource: ['streamTransfer'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the stream transfer (restream) settings of an entry point',
				action: 'Get stream transfer settings',
			},
			{
				name: 'Set',
				value: 'set',
				description: 'Turn forwarding of the streams of an entry point to other CDNs on or off',
				action: 'Set stream transfer settings',
			},
		],
		default: 'get',
	},
	...get.description,
	...set.description,
];
