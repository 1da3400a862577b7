import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { includeAuthKeyField, readIncludeAuthKey, withAuthKey } from './authKeyOutput';
import { domainLocator } from '../../shared/fields';
import type { OperationPlan } from '../../shared/types';
import { getDomain } from '../../shared/validation';
import { domainPath } from '../../shared/paths';

const properties: INodeProperties[] = [domainLocator('The domain to read'), includeAuthKeyField];

const displayOptions = { show: { resource: ['domain'], operation: ['get'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const domain = getDomain.call(this, 'domain', 'Domain', itemIndex);
	const includeAuthKey = readIncludeAuthKey.call(this, itemIndex);
	return {
		request: {
			method: 'GET',
			path: domainPath(domain),
			notFound: `domain "${domain}"`,
		},
		toItems: (response) => [withAuthKey({ ...(response.body ?? {}) }, includeAuthKey)],
	};
}
