import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, templateLocator } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getName, inputError } from '../../shared/validation';
import { codecFields, dimensionField, templateBody } from './templateFields';
import { entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	templateLocator('The custom transcoding template to change'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			"The fields to change; the others keep their values. 'Width' and 'Height' must be set together.",
		options: [
			...codecFields(),
			dimensionField('width', { required: false }),
			dimensionField('height', { required: false }),
		].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

const displayOptions = { show: { resource: ['transcoding'], operation: ['updateTemplate'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const node = this.getNode();
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const name = getName.call(this, 'template', 'Template', itemIndex, { extractValue: true });
	const updateFields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = templateBody(node, updateFields ?? {}, itemIndex, { requireDimensions: false });
	if (Object.keys(body).length === 0) {
		throw inputError(
			node,
			itemIndex,
			'Nothing to update: add at least one field under Update Fields (Width and Height, Video Bitrate, Video Profile, Audio Bitrate, Audio Sample Rate, ...)',
		);
	}
	return {
		request: {
			method: 'PATCH',
			path: entryPointPath(entryPoint, 'settings', 'transcode', 'custom', name),
			body,
			notFound: `template "${name}" in entry point "${entryPoint}"`,
		},
		toItems: () => successItem({ entryPoint, name, ...body }),
	};
}
