import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { agoraClock } from '../../../../credentials/common/agora';
import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, regionField, streamNameField } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { inputError } from '../../shared/validation';
import { DATE_TIME_ZONE_TEXT, getDateTime } from '../../shared/time';
import { assertWindowOrder, getFileName, readTask, recordingFileRequest } from '../recording/task';

const properties: INodeProperties[] = [
	entryPointLocator(),
	regionField(),
	streamNameField('The recorded stream to cut the clip from (standard recording, HLS)'),
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'dateTime',
		default: '',
		required: true,
		description: `Start of the clip in the recording, e.g. 2026-11-28T10:00:00. ${DATE_TIME_ZONE_TEXT}.`,
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'dateTime',
		default: '',
		description: `End of the clip: not in the future and not before 'Start Time'. Empty: the end of the latest recording file. ${DATE_TIME_ZONE_TEXT}.`,
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. highlight_0001.m3u8',
		description:
			'Name of the M3U8 file to create. It must end with ".m3u8" and must not already exist.',
	},
];

const displayOptions = { show: { resource: ['standardRecording'], operation: ['createClip'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const task = readTask.call(this, itemIndex);
	const startTime = getDateTime.call(this, 'startTime', 'Start Time', itemIndex, {
		required: true,
	}) as string;
	const endTime = getDateTime.call(this, 'endTime', 'End Time', itemIndex);
	if (endTime !== undefined) {
		if (Date.parse(endTime) > agoraClock.now().getTime()) {
			throw inputError(
				this.getNode(),
				itemIndex,
				`End Time ${endTime} is in the future: it must not be later than now`,
			);
		}
		assertWindowOrder.call(this, itemIndex, startTime, endTime);
	}
	const fileName = getFileName.call(this, itemIndex, '.m3u8', 'clip', 'highlight_0001.m3u8');
	const body: IDataObject = { startTime, ...(endTime !== undefined ? { endTime } : {}), fileName };
	return {
		request: recordingFileRequest('POST', task, 'cutting', body),
		toItems: () => successItem({ ...task, ...body }),
	};
}
