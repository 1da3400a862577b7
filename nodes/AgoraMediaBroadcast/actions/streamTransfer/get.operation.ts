import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator } from '../../shared/fields';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint } from '../../shared/validation';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [entryPointLocator()];

const displayOptions = { show: { resource: ['streamTransfer'], operation: ['get'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	return {
		request: {
			method: 'GET',
			path: entryPointPath(entryPoint, 'settings', 'transfer'),
			notFound: entryPointNotFound(entryPoint),
		},
		toItems: (response) => [{ entryPoint, enabled: false, ...(response.body ?? {}) }],
	};
}
