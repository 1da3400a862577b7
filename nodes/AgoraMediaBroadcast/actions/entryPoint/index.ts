import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteEntryPoint from './delete.operation';
import * as getMany from './getMany.operation';

export const operations = { create, delete: deleteEntryPoint, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['entryPoint'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a new entry point (a stream group, the AppName in URLs)',
				action: 'Create entry point',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete an entry point you created permanently (not "live")',
				action: 'Delete entry point',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Retrieve a list of the entry points of the project',
				action: 'Get many entry points',
			},
		],
		default: 'getMany',
	},
	...create.description,
	...deleteEntryPoint.description,
	...getMany.description,
];
