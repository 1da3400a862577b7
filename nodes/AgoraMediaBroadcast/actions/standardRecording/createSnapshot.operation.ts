import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, regionField, streamNameField } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { DATE_TIME_ZONE_TEXT, getDateTime } from '../../shared/time';
import { getFileName, readTask, recordingFileRequest } from '../recording/task';

const properties: INodeProperties[] = [
	entryPointLocator(),
	regionField(),
	streamNameField('The recorded stream to take the picture from (standard recording, HLS)'),
	{
		displayName: 'Time',
		name: 'time',
		type: 'dateTime',
		default: '',
		description: `Moment of the recording to capture. Empty: the time of the latest recording file. ${DATE_TIME_ZONE_TEXT}.`,
	},
	{
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. cover_0001.jpg',
		description:
			'Name of the JPEG file to create. It must end with ".jpg" and must not already exist.',
	},
];

const displayOptions = { show: { resource: ['standardRecording'], operation: ['createSnapshot'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const task = readTask.call(this, itemIndex);
	const time = getDateTime.call(this, 'time', 'Time', itemIndex);
	const fileName = getFileName.call(this, itemIndex, '.jpg', 'snapshot', 'cover_0001.jpg');
	const body: IDataObject = { ...(time !== undefined ? { time } : {}), fileName };
	return {
		request: recordingFileRequest('POST', task, 'snapshot', body),
		toItems: () => successItem({ ...task, ...body }),
	};
}
