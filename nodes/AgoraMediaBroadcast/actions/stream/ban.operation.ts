import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { agoraClock } from '../../../../credentials/common/agora';
import { entryPointLocator, streamNameField, optionsCollection } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getStreamName, inputError } from '../../shared/validation';
import { DATE_TIME_ZONE_TEXT, getDateTime } from '../../shared/time';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	streamNameField(
		'The stream to ban. Agora refuses its pushes until the resume time or an unban. The stream does not need to be live.',
	),
	optionsCollection([
		{
			displayName: 'Resume Time',
			name: 'resumeTime',
			type: 'dateTime',
			default: '',
			description: `When the ban ends (must be in the future). Empty: Agora bans the stream for 7 days. ${DATE_TIME_ZONE_TEXT}.`,
		},
	]),
];

const displayOptions = { show: { resource: ['stream'], operation: ['ban'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const streamName = getStreamName.call(this, itemIndex);
	const resumeTime = getDateTime.call(this, 'options.resumeTime', 'Resume Time', itemIndex);
	if (resumeTime !== undefined && Date.parse(resumeTime) <= agoraClock.now().getTime()) {
		throw inputError(
			this.getNode(),
			itemIndex,
			`Resume Time ${resumeTime} is not in the future: a ban that ends in the past would do nothing`,
			'Pick a later time (note the time zone), or leave Resume Time empty for a 7-day ban.',
		);
	}
	return {
		request: {
			method: 'PATCH',
			path: entryPointPath(entryPoint, 'admin', 'banned_streams', streamName),
			// No body at all when no resume time is set: Agora then applies its 7-day default.
			...(resumeTime !== undefined ? { body: { resumeTime } } : {}),
			notFound: entryPointNotFound(entryPoint),
		},
		toItems: () =>
			successItem({ entryPoint, streamName, ...(resumeTime !== undefined ? { resumeTime } : {}) }),
	};
}
