import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { showForOperation } from '../../shared/displayOptions';

import { entryPointLocator, returnAllFields } from '../../shared/fields';
import { listItems } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getBoolean, getInteger, getName } from '../../shared/validation';

const properties: INodeProperties[] = [entryPointLocator(), ...returnAllFields()];

const displayOptions = { show: { resource: ['transcoding'], operation: ['getManyPresets'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getName.call(this, 'entryPoint', 'Entry Point', itemIndex, {
		extractValue: true,
	});
	const returnAll = getBoolean.call(this, 'returnAll', 'Return All', itemIndex, false);
	const limit = returnAll
		? 0
		: getInteger.call(this, 'limit', 'Limit', 1, Number.MAX_SAFE_INTEGER, itemIndex, 50);
	return {
		request: {
			method: 'GET',
			path: `/entry_points/${encodeURIComponent(entryPoint)}/settings/transcode/standard`,
			notFound: `entry point "${entryPoint}"`,
		},
		toItems: (response) =>
			listItems(response, ['transcodeList'], { returnAll, limit, extra: { entryPoint } }),
	};
}
