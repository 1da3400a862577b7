import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { includeAuthKeyField, readIncludeAuthKey, withAuthKey } from './authKeyOutput';
import { DOMAIN_TYPES, domainTypeOptions } from './domainTypes';
import { returnAllFields } from '../../shared/fields';
import { listItems } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getListLimit, getOption } from '../../shared/validation';

const properties: INodeProperties[] = [
	...returnAllFields(),
	{
		displayName: 'Type',
		name: 'typeFilter',
		type: 'options',
		options: [{ name: 'All', value: 'all' }, ...domainTypeOptions('Domains')],
		default: 'all',
		description: 'Only return domains of this type (filtered after Agora returns the list)',
	},
	includeAuthKeyField,
];

const displayOptions = { show: { resource: ['domain'], operation: ['getMany'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const limit = getListLimit.call(this, itemIndex);
	const includeAuthKey = readIncludeAuthKey.call(this, itemIndex);
	const typeFilter = getOption.call(
		this,
		'typeFilter',
		'Type',
		['all', ...DOMAIN_TYPES] as const,
		itemIndex,
		'all',
	);
	return {
		request: { method: 'GET', path: '/domains' },
		toItems: (response) => {
			const all = listItems(response, ['domainList'], {
				normalise: (domain) => withAuthKey(domain, includeAuthKey),
			});
			const filtered =
				typeFilter === 'all' ? all : all.filter((domain) => domain.type === typeFilter);
			return limit === undefined ? filtered : filtered.slice(0, limit);
		},
	};
}
