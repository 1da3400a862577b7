import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { returnAllFields } from '../../shared/fields';
import { listItems } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getListLimit } from '../../shared/validation';

const properties: INodeProperties[] = [...returnAllFields()];

const displayOptions = { show: { resource: ['entryPoint'], operation: ['getMany'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const limit = getListLimit.call(this, itemIndex);
	return {
		request: { method: 'GET', path: '/entry_points' },
		// One item per entry point: { name }.
		toItems: (response) => listItems(response, ['entryPointList'], { limit }),
	};
}
