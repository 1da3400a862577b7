import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import type { OperationPlan } from '../../shared/types';

const properties: INodeProperties[] = [];

const displayOptions = { show: { resource: ['originAuth'], operation: ['get'] } };

export const description = showForOperation(displayOptions, properties);

/** Shows that a secret is set without revealing it: "****" plus its last 4 characters (all hidden when short). */
export function maskSecret(secret: string): string {
	return secret.length > 8 ? `****${secret.slice(-4)}` : '****';
}

export async function prepare(this: IExecuteFunctions): Promise<OperationPlan> {
	return {
		request: { method: 'GET', path: '/settings/streamauth/webhook' },
		toItems: (response) => {
			const { secret, ...rest } = response.body ?? {};
			const secretSet = secret !== undefined && secret !== null && String(secret) !== '';
			const item: IDataObject = { enabled: false, ...rest, secretSet };
			if (secretSet) item.secret = maskSecret(String(secret));
			return [item];
		},
	};
}
