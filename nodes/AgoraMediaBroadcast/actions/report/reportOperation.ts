import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { agoraClock } from '../../../../credentials/common/agora';
import { showForOperation } from '../../shared/displayOptions';
import {
	entryPointLocator,
	returnAllFields,
	streamNameField,
	timeWindowFields,
} from '../../shared/fields';
import { listItems } from '../../shared/output';
import { entryPointRequest } from '../../shared/paths';
import { getDateTime } from '../../shared/time';
import type { AgoraOperation, OperationPlan } from '../../shared/types';
import { getEntryPoint, getListLimit, getStreamName } from '../../shared/validation';
import type { AgoraResponse } from '../../transport';
import { checkRetention, checkTimeWindow, formatDuration, type ReportLimits } from './timeWindow';

/**
 * The three reports are one shape: `GET /entry_points/{ep}/reports/{endpoint}?stream_name=&start_time=&end_time=`,
 * a window checked against the endpoint's limits, one item per list element. Each operation file
 * names its endpoint, limits, list keys and how to tidy an element.
 */

/** Fields of a report operation: entry point, stream, time window (with its limit), Return All / Limit. */
function reportFields(limits: ReportLimits, streamDescription: string): INodeProperties[] {
	const max = formatDuration(limits.maxMs);
	const kept = `Agora keeps this data for ${formatDuration(limits.retentionMs)}.`;
	const [startTime, endTime] = timeWindowFields(
		`the ${formatDuration(limits.defaultMs)} before 'End Time' (or before now)`,
	);
	return [
		entryPointLocator(),
		streamNameField(streamDescription),
		{
			...startTime,
			description: `${startTime.description} The window may be at most ${max} long. ${kept}`,
		},
		{
			...endTime,
			description: `${endTime.description} The window may be at most ${max} long. ${kept}`,
		},
		...returnAllFields(),
	];
}

export interface ReportRequest {
	entryPoint: string;
	streamName: string;
	qs: IDataObject;
	limit: number | undefined;
}

/** Reads and checks one item's report parameters (fields from `reportFields`). */
function readReport(
	this: IExecuteFunctions,
	itemIndex: number,
	limits: ReportLimits,
): ReportRequest {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const streamName = getStreamName.call(this, itemIndex);
	const start = getDateTime.call(this, 'startTime', 'Start Time', itemIndex);
	const end = getDateTime.call(this, 'endTime', 'End Time', itemIndex);
	const nowMs = agoraClock.now().getTime();
	const window = checkTimeWindow(this.getNode(), itemIndex, limits, start, end, nowMs);
	checkRetention(this.getNode(), itemIndex, limits, window, start, nowMs);
	const limit = getListLimit.call(this, itemIndex);
	return { entryPoint, streamName, qs: { stream_name: streamName, ...window }, limit };
}

/** One item per list element; each says which stream and entry point it is about. */
function reportItems(
	response: AgoraResponse,
	keys: string[],
	request: ReportRequest,
	normalise: (entry: IDataObject) => IDataObject = (entry) => entry,
): IDataObject[] {
	return listItems(response, keys, {
		limit: request.limit,
		normalise: (entry) => ({
			streamName: request.streamName,
			entryPoint: request.entryPoint,
			...normalise(entry),
		}),
	});
}

export function reportOperation(options: {
	operation: string;
	limits: ReportLimits;
	/** The last path segment, e.g. `publish_history`. */
	endpoint: string;
	streamDescription: string;
	/** Agora spells some list keys two ways: the first array found is used. */
	keys: string[];
	normalise?: (entry: IDataObject) => IDataObject;
}): AgoraOperation {
	return {
		description: showForOperation(
			{ show: { resource: ['report'], operation: [options.operation] } },
			reportFields(options.limits, options.streamDescription),
		),
		async prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
			const report = readReport.call(this, itemIndex, options.limits);
			return {
				request: entryPointRequest('GET', report.entryPoint, ['reports', options.endpoint], {
					qs: report.qs,
				}),
				toItems: (response) => reportItems(response, options.keys, report, options.normalise),
			};
		},
	};
}
