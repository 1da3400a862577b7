import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { showForOperation } from '../../shared/displayOptions';

import { returnAllFields } from '../../shared/fields';
import { listItems } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getBoolean, getInteger } from '../../shared/validation';

const properties: INodeProperties[] = [...returnAllFields()];

const displayOptions = { show: { resource: ['entryPoint'], operation: ['getMany'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const returnAll = getBoolean.call(this, 'returnAll', 'Return All', itemIndex, false);
	const limit = returnAll
		? 0
		: getInteger.call(this, 'limit', 'Limit', 1, Number.MAX_SAFE_INTEGER, itemIndex, 50);
	return {
		request: { method: 'GET', path: '/entry_points' },
		// One item per entry point: { name }.
		toItems: (response) => listItems(response, ['entryPointList'], { returnAll, limit }),
	};
}
