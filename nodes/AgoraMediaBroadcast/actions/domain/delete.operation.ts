import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { domainLocator } from '../../shared/fields';
import { deletedItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getDomain } from '../../shared/validation';
import { domainPath } from '../../shared/paths';

const properties: INodeProperties[] = [domainLocator('The domain to delete')];

const displayOptions = { show: { resource: ['domain'], operation: ['delete'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const domain = getDomain.call(this, 'domain', 'Domain', itemIndex);
	return {
		request: {
			method: 'DELETE',
			path: domainPath(domain),
			notFound: `domain "${domain}"`,
		},
		toItems: () => deletedItem({ domain }),
	};
}
