import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getName } from '../../shared/validation';
import {
	assertNotPresetName,
	codecFields,
	dimensionField,
	PRESET_NAMES,
	templateBody,
} from './templateFields';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';
import { nameRuleText } from '../../shared/names';

const properties: INodeProperties[] = [
	entryPointLocator(),
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. mobile_360p',
		description: `Name of the new template. ${nameRuleText()} Not a preset name (${PRESET_NAMES.join(', ')}).`,
	},
	dimensionField('width', { required: true }),
	dimensionField('height', { required: true }),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: codecFields(),
	},
];

const displayOptions = { show: { resource: ['transcoding'], operation: ['createTemplate'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const node = this.getNode();
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const name = getName.call(this, 'templateName', 'Template Name', itemIndex);
	assertNotPresetName(node, name, itemIndex);
	const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body = templateBody(
		node,
		{
			...additionalFields,
			width: this.getNodeParameter('width', itemIndex, '') as unknown,
			height: this.getNodeParameter('height', itemIndex, '') as unknown,
		} as IDataObject,
		itemIndex,
		{ requireDimensions: true },
	);
	return {
		request: {
			method: 'POST',
			path: entryPointPath(entryPoint, 'settings', 'transcode', 'custom'),
			qs: { id: name },
			body,
			notFound: entryPointNotFound(entryPoint),
		},
		toItems: () => successItem({ entryPoint, name, ...body }),
	};
}
