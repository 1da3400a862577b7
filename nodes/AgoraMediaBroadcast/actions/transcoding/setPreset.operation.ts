import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { enabledField, entryPointLocator } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getBoolean, getEntryPoint, getOption } from '../../shared/validation';
import { PRESET_NAMES, PRESET_OPTIONS } from './templateFields';
import { entryPointRequest } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	{
		displayName: 'Preset',
		name: 'preset',
		type: 'options',
		options: PRESET_OPTIONS,
		default: 'hd',
		required: true,
		description: 'The standard transcoding preset (H.264; the width follows the aspect ratio)',
	},
	enabledField('Whether Agora transcodes the streams of the entry point into this preset'),
];

const displayOptions = { show: { resource: ['transcoding'], operation: ['setPreset'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const preset = getOption.call(this, 'preset', 'Preset', PRESET_NAMES, itemIndex);
	const enabled = getBoolean.call(this, 'enabled', 'Enabled', itemIndex, true);
	return {
		request: entryPointRequest('PATCH', entryPoint, ['settings', 'transcode', 'standard', preset], {
			body: { enabled },
		}),
		toItems: () => successItem({ entryPoint, name: preset, enabled }),
	};
}
