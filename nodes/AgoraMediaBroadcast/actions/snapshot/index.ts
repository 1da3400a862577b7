import type { INodeProperties } from 'n8n-workflow';

import * as getConfig from './getConfig.operation';
import * as setConfig from './setConfig.operation';

export const operations = { getConfig, setConfig };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['snapshot'] } },
		options: [
			{
				name: 'Get Config',
				value: 'getConfig',
				description:
					'Get the snapshot and moderation settings, for Agora storage or your storage (storage keys are masked)',
				action: 'Get snapshot config',
			},
			{
				name: 'Set Config',
				value: 'setConfig',
				description:
					'Turn periodic snapshots and content moderation on or off, to Agora storage or to your cloud storage',
				action: 'Set snapshot config',
			},
		],
		default: 'getConfig',
	},
	...getConfig.description,
	...setConfig.description,
];
