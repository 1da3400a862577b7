import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, readRegion } from '../../shared/fields';
import { successItem } from '../../shared/output';
import { readRecordingFormats, recordingFormatFields } from '../../shared/recordingFormats';
import { maskSecrets } from '../../shared/secrets';
import { readStorageConfig } from '../../shared/storage';
import { storageConfigFields } from '../../shared/storageFields';
import type { OperationPlan } from '../../shared/types';
import { getBoolean, getEntryPoint, inputError } from '../../shared/validation';
import { entryPointRequest, regionSettingsSegments } from '../../shared/paths';
import { recordingRegionField } from '../recording/task';

const properties: INodeProperties[] = [
	{
		displayName:
			'A successful call turns custom recording on for the entry point. Storage must be set the first time.',
		name: 'customRecordingNotice',
		type: 'notice',
		default: '',
	},
	entryPointLocator(),
	recordingRegionField(),
	...recordingFormatFields(),
	{
		displayName: 'Set Storage',
		name: 'setStorage',
		type: 'boolean',
		default: true,
		description:
			'Whether to set the cloud storage the files go to (vendor, region, bucket, keys). Required the first time custom recording is configured; off keeps the storage already set.',
	},
	...storageConfigFields({
		resource: ['customRecording'],
		operation: ['setConfig'],
		setStorage: [true],
	}),
];

const displayOptions = { show: { resource: ['customRecording'], operation: ['setConfig'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const region = readRegion.call(this, itemIndex);
	const setStorage = getBoolean.call(this, 'setStorage', 'Set Storage', itemIndex, false);
	const body = readRecordingFormats.call(this, itemIndex);
	const storage = setStorage ? await readStorageConfig.call(this, itemIndex) : undefined;
	if (storage) body.storageConfig = storage.config;
	if (Object.keys(body).length === 0) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Nothing to set: MP4 and HLS are both "Leave Unchanged" and Set Storage is off. Change at least one of them',
		);
	}
	return {
		request: entryPointRequest(
			'PATCH',
			entryPoint,
			regionSettingsSegments('record', 'custom', region),
			{ body, storageKeyHosts: storage?.allowedApiHosts },
		),
		// The storage keys are masked in the output.
		toItems: () => successItem(maskSecrets({ entryPoint, region, ...body })),
	};
}
