import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, regionField, REGIONS } from '../../shared/fields';
import { successItem } from '../../shared/output';
import { readRecordingFormats, recordingFormatFields } from '../../shared/recordingFormats';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getOption, inputError } from '../../shared/validation';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	{
		displayName:
			'A successful call turns standard recording on for all streams of the entry point (the entry point switch becomes on)',
		name: 'standardRecordingNotice',
		type: 'notice',
		default: '',
	},
	entryPointLocator(),
	regionField(
		'Region of the push domain the streams are pushed to (the recording configuration is kept per region)',
	),
	...recordingFormatFields(),
];

const displayOptions = { show: { resource: ['standardRecording'], operation: ['setConfig'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const region = getOption.call(this, 'region', 'Region', REGIONS, itemIndex);
	const body = readRecordingFormats.call(this, itemIndex);
	if (Object.keys(body).length === 0) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Nothing to set: MP4 and HLS are both "Leave Unchanged". Set at least one of them to Enable or Disable',
		);
	}
	return {
		request: {
			method: 'PATCH',
			path: entryPointPath(entryPoint, 'settings', 'record', 'standard', 'regions', region),
			body,
			notFound: entryPointNotFound(entryPoint),
		},
		toItems: () => successItem({ entryPoint, region, ...body }),
	};
}
