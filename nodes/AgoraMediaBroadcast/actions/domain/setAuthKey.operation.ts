import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { domainLocator } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getDomain, getString } from '../../shared/validation';
import { domainPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	domainLocator('The push or play domain whose URLs must carry a timestamp signature'),
	{
		displayName: 'Auth Key',
		name: 'authKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description:
			'The key used to sign push and play URLs (ts and sign parameters), at most 128 characters. Use Stream → Generate URLs to build signed URLs with it.',
	},
];

const displayOptions = { show: { resource: ['domain'], operation: ['setAuthKey'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const domain = getDomain.call(this, 'domain', 'Domain', itemIndex);
	const authKey = getString.call(this, 'authKey', 'Auth Key', itemIndex, { maxLength: 128 });
	return {
		request: {
			method: 'PATCH',
			path: domainPath(domain),
			body: { authKey },
			notFound: `domain "${domain}"`,
		},
		// The key itself is not echoed: it is a secret.
		toItems: () => successItem({ domain, authKeySet: true }),
	};
}
