import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, readRegion } from '../../shared/fields';
import { successItem } from '../../shared/output';
import { readRecordingFormats, recordingFormatFields } from '../../shared/recordingFormats';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, inputError } from '../../shared/validation';
import { entryPointRequest, regionSettingsSegments } from '../../shared/paths';
import { recordingRegionField } from '../recording/task';

const properties: INodeProperties[] = [
	{
		displayName:
			'A successful call turns standard recording on for all streams of the entry point (the entry point switch becomes on)',
		name: 'standardRecordingNotice',
		type: 'notice',
		default: '',
	},
	entryPointLocator(),
	recordingRegionField(),
	...recordingFormatFields(),
];

const displayOptions = { show: { resource: ['standardRecording'], operation: ['setConfig'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const region = readRegion.call(this, itemIndex);
	const body = readRecordingFormats.call(this, itemIndex);
	if (Object.keys(body).length === 0) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Nothing to set: MP4 and HLS are both "Leave Unchanged". Set at least one of them to Enable or Disable',
		);
	}
	return {
		request: entryPointRequest(
			'PATCH',
			entryPoint,
			regionSettingsSegments('record', 'standard', region),
			{ body },
		),
		toItems: () => successItem({ entryPoint, region, ...body }),
	};
}
