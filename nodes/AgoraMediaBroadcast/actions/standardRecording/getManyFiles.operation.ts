import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import {
	entryPointLocator,
	regionField,
	returnAllFields,
	streamNameField,
} from '../../shared/fields';
import { listItems } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getListLimit } from '../../shared/validation';
import { DATE_TIME_ZONE_TEXT, getDateTime } from '../../shared/time';
import { entryPointNotFound } from '../../shared/paths';
import { assertWindowOrder, readTask, standardRecordPath } from '../recording/task';

const properties: INodeProperties[] = [
	entryPointLocator(),
	regionField(),
	streamNameField('The stream whose standard recording files (M3U8) are listed'),
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'dateTime',
		default: '',
		required: true,
		description: `Start of the time window, e.g. 2026-11-28T10:00:00. ${DATE_TIME_ZONE_TEXT}.`,
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'dateTime',
		default: '',
		required: true,
		description: `End of the time window, not before 'Start Time'. ${DATE_TIME_ZONE_TEXT}.`,
	},
	...returnAllFields(),
];

const displayOptions = { show: { resource: ['standardRecording'], operation: ['getManyFiles'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const task = readTask.call(this, itemIndex);
	const { entryPoint, region, streamName } = task;
	const startTime = getDateTime.call(this, 'startTime', 'Start Time', itemIndex, {
		required: true,
	}) as string;
	const endTime = getDateTime.call(this, 'endTime', 'End Time', itemIndex, {
		required: true,
	}) as string;
	assertWindowOrder.call(this, itemIndex, startTime, endTime);
	const limit = getListLimit.call(this, itemIndex);
	return {
		request: {
			method: 'GET',
			path: standardRecordPath(task, 'preview_list'),
			qs: { start_time: startTime, end_time: endTime, stream_name: streamName },
			notFound: entryPointNotFound(entryPoint),
		},
		toItems: (response) =>
			listItems(response, ['list'], {
				limit,
				extra: { entryPoint, region, streamName },
			}),
	};
}
