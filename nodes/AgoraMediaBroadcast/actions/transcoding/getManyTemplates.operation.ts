import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, returnAllFields } from '../../shared/fields';
import { listItems } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getListLimit } from '../../shared/validation';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [entryPointLocator(), ...returnAllFields()];

const displayOptions = { show: { resource: ['transcoding'], operation: ['getManyTemplates'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const limit = getListLimit.call(this, itemIndex);
	return {
		request: {
			method: 'GET',
			path: entryPointPath(entryPoint, 'settings', 'transcode', 'custom'),
			notFound: entryPointNotFound(entryPoint),
		},
		toItems: (response) => listItems(response, ['transcodeList'], { limit, extra: { entryPoint } }),
	};
}
