import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { enabledField, entryPointLocator } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getBoolean, getEntryPoint, getOption } from '../../shared/validation';
import { PRESET_NAMES } from './templateFields';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	{
		displayName: 'Preset',
		name: 'preset',
		type: 'options',
		options: [
			{ name: 'Full HD (1080p, 2100 Kbps)', value: 'fhd' },
			{ name: 'High Definition (720p, 1500 Kbps)', value: 'hd' },
			{ name: 'Low Definition (240p, 400 Kbps)', value: 'ld' },
			{ name: 'Standard Definition 1 (360p, 640 Kbps)', value: 'sd1' },
			{ name: 'Standard Definition 2 (480p, 800 Kbps)', value: 'sd2' },
			{ name: 'Standard Definition 3 (540p, 1200 Kbps)', value: 'sd3' },
		],
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
		request: {
			method: 'PATCH',
			path: entryPointPath(entryPoint, 'settings', 'transcode', 'standard', preset),
			body: { enabled },
			notFound: entryPointNotFound(entryPoint),
		},
		toItems: () => successItem({ entryPoint, name: preset, enabled }),
	};
}
