import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import type { OperationPlan } from '../../shared/types';
import { PUBLISH_QUALITY, readReport, reportFields, reportItems } from './timeWindow';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = reportFields(
	PUBLISH_QUALITY,
	'The stream whose per-minute push bitrate and frame rate to read (about 3 minutes delay, kept 6 days)',
);

const displayOptions = { show: { resource: ['report'], operation: ['getPublishQuality'] } };

export const description = showForOperation(displayOptions, properties);

/** Agora spells the frame rate `frameRate` (docs table) or `framerate` (docs example): always output `frameRate`. */
function normaliseSample(entry: IDataObject): IDataObject {
	const { framerate, ...rest } = entry;
	return rest.frameRate === undefined && framerate !== undefined
		? { ...rest, frameRate: framerate }
		: rest;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const report = readReport.call(this, itemIndex, PUBLISH_QUALITY);
	return {
		request: {
			method: 'GET',
			path: entryPointPath(report.entryPoint, 'reports', 'publish_quality'),
			qs: report.qs,
			notFound: entryPointNotFound(report.entryPoint),
		},
		// One item per minute, newest first: { name, time, bitrate (bps), frameRate, cdnIp, clientIp, ... }.
		// The list key is `publishHistory` in Agora's docs table and `QualityHistory` in its example.
		toItems: (response) =>
			reportItems(response, ['publishHistory', 'QualityHistory'], report, normaliseSample),
	};
}
