import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { includeAuthKeyField, readIncludeAuthKey, withAuthKey } from './authKeyOutput';
import { DOMAIN_TYPES, domainTypeOptions } from './domainTypes';
import { regionField, REGIONS } from '../../shared/fields';
import type { OperationPlan } from '../../shared/types';
import { assertOption, getDomain, getOption, inputError } from '../../shared/validation';

const properties: INodeProperties[] = [
	{
		displayName: 'Domain Name',
		name: 'domainName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. push.example.com',
		description: 'The domain to add. Point it (CNAME) at the cname Agora returns.',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: domainTypeOptions('Domain'),
		default: 'publish',
		required: true,
		description: 'Whether hosts push streams to this domain or viewers play from it',
	},
	{
		...regionField('Where the pushed streams are scheduled. Required for push domains.'),
		displayOptions: { show: { type: ['publish'] } },
	},
	includeAuthKeyField,
];

const displayOptions = { show: { resource: ['domain'], operation: ['add'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const domain = getDomain.call(this, 'domainName', 'Domain', itemIndex);
	const includeAuthKey = readIncludeAuthKey.call(this, itemIndex);
	const type = getOption.call(this, 'type', 'Type', DOMAIN_TYPES, itemIndex);
	const body: { type: string; region?: string } = { type };
	if (type === 'publish') {
		const region = this.getNodeParameter('region', itemIndex, '') as unknown;
		if (region === '' || region === undefined || region === null) {
			throw inputError(
				this.getNode(),
				itemIndex,
				`Region is required for a publish (push) domain: use one of ${REGIONS.join(', ')}`,
			);
		}
		body.region = assertOption(this.getNode(), region, 'Region', REGIONS, itemIndex);
	}
	return {
		request: {
			method: 'POST',
			path: '/domains',
			qs: { id: domain },
			body,
		},
		toItems: (response) => [
			withAuthKey({ name: domain, ...body, ...(response.body ?? {}) }, includeAuthKey),
		],
	};
}
