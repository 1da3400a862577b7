import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import type { OperationPlan } from '../../shared/types';
import { maskSecret } from '../../shared/secrets';

const properties: INodeProperties[] = [];

const displayOptions = { show: { resource: ['originAuth'], operation: ['get'] } };

export const description = showForOperation(displayOptions, properties);

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
