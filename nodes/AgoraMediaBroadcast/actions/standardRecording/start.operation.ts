import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, regionField, REGIONS, streamNameField } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getName, getOption } from '../../shared/validation';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	{
		displayName:
			"Turn the entry point's automatic recording off first (Set Auto Record, Enabled off). The stream must be live now or start within 24 hours; recording then starts and stops with the stream.",
		name: 'startStandardRecordingNotice',
		type: 'notice',
		default: '',
	},
	entryPointLocator(),
	regionField(),
	streamNameField(
		'The stream to record to Agora storage. It must be live now or start pushing within the next 24 hours, and automatic recording of the entry point must be off.',
	),
];

const displayOptions = { show: { resource: ['standardRecording'], operation: ['start'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const region = getOption.call(this, 'region', 'Region', REGIONS, itemIndex);
	const streamName = getName.call(this, 'streamName', 'Stream Name', itemIndex);
	return {
		request: {
			method: 'PUT',
			path: entryPointPath(entryPoint, 'admin', 'record', 'standard', 'regions', region, 'tasks'),
			qs: { id: streamName },
			notFound: entryPointNotFound(entryPoint),
		},
		toItems: () => successItem({ entryPoint, region, streamName }),
	};
}
