import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator } from '../../shared/fields';
import { deletedItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, inputError } from '../../shared/validation';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	{
		...entryPointLocator(),
		default: { mode: 'list', value: '' },
		description:
			'The entry point to delete, with all its settings. The default entry point "live" cannot be deleted.',
	},
];

const displayOptions = { show: { resource: ['entryPoint'], operation: ['delete'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	if (entryPoint === 'live') {
		throw inputError(
			this.getNode(),
			itemIndex,
			'The default entry point "live" cannot be deleted',
			'Every project keeps "live". Only entry points you created can be deleted.',
		);
	}
	return {
		request: {
			method: 'DELETE',
			path: entryPointPath(entryPoint),
			notFound: entryPointNotFound(entryPoint),
		},
		toItems: () => deletedItem({ entryPoint }),
	};
}
