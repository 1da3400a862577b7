import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, returnAllFields } from '../../shared/fields';
import { listItems } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getListLimit } from '../../shared/validation';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [entryPointLocator(), ...returnAllFields()];

const displayOptions = { show: { resource: ['stream'], operation: ['getManyOnline'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const limit = getListLimit.call(this, itemIndex);
	return {
		request: {
			method: 'GET',
			path: entryPointPath(entryPoint, 'reports', 'online_streams'),
			notFound: entryPointNotFound(entryPoint),
		},
		// One item per live stream: { name, startTime, entryPoint }.
		toItems: (response) => listItems(response, ['streamList'], { limit, extra: { entryPoint } }),
	};
}
