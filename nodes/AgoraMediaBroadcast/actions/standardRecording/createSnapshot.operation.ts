import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, regionField, REGIONS, streamNameField } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import {
	getEntryPoint,
	getStreamName,
	getOption,
	getString,
	inputError,
} from '../../shared/validation';
import { DATE_TIME_ZONE_TEXT, getDateTime } from '../../shared/time';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

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
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const region = getOption.call(this, 'region', 'Region', REGIONS, itemIndex);
	const streamName = getStreamName.call(this, itemIndex);
	const time = getDateTime.call(this, 'time', 'Time', itemIndex);
	const fileName = getString.call(this, 'fileName', 'File Name', itemIndex);
	if (!fileName.endsWith('.jpg') || fileName === '.jpg') {
		throw inputError(
			this.getNode(),
			itemIndex,
			`File Name "${fileName}" is not valid: a snapshot's file name must end with ".jpg", e.g. cover_0001.jpg`,
		);
	}
	const body: IDataObject = { ...(time !== undefined ? { time } : {}), fileName };
	return {
		request: {
			method: 'POST',
			path: entryPointPath(
				entryPoint,
				'admin',
				'record',
				'standard',
				'regions',
				region,
				'snapshot',
				streamName,
			),
			body,
			notFound: entryPointNotFound(entryPoint, `a recording of stream "${streamName}"`),
		},
		toItems: () => successItem({ entryPoint, region, streamName, ...body }),
	};
}
