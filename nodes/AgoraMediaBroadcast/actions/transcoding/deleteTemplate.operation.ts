import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, templateLocator } from '../../shared/fields';
import { deletedItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getName } from '../../shared/validation';
import { entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	templateLocator('The custom transcoding template to delete'),
];

const displayOptions = { show: { resource: ['transcoding'], operation: ['deleteTemplate'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const name = getName.call(this, 'template', 'Template', itemIndex, { extractValue: true });
	return {
		request: {
			method: 'DELETE',
			path: entryPointPath(entryPoint, 'settings', 'transcode', 'custom', name),
			notFound: `template "${name}" in entry point "${entryPoint}"`,
		},
		toItems: () => deletedItem({ entryPoint, name }),
	};
}
