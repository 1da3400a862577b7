import type { INodeProperties } from 'n8n-workflow';

import * as add from './add.operation';
import * as deleteDomain from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as setAuthKey from './setAuthKey.operation';

export const operations = { add, delete: deleteDomain, get, getMany, setAuthKey };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['domain'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Add a push or play domain',
				action: 'Add domain',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a domain permanently',
				action: 'Delete domain',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Retrieve a domain and its attributes',
				action: 'Get domain',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Retrieve a list of the domains of the project',
				action: 'Get many domains',
			},
			{
				name: 'Set Timestamp Auth Key',
				value: 'setAuthKey',
				description: 'Set the key that signs push and play URLs (timestamp authentication)',
				action: 'Set domain timestamp auth key',
			},
		],
		default: 'getMany',
	},
	...add.description,
	...deleteDomain.description,
	...get.description,
	...getMany.description,
	...setAuthKey.description,
];
