import type { IDataObject } from 'n8n-workflow';

import { reportOperation } from './reportOperation';
import { PUBLISH_QUALITY } from './timeWindow';

/** Agora spells the frame rate `frameRate` (docs table) or `framerate` (docs example): always output `frameRate`. */
function normaliseSample(entry: IDataObject): IDataObject {
	const { framerate, ...rest } = entry;
	return rest.frameRate === undefined && framerate !== undefined
		? { ...rest, frameRate: framerate }
		: rest;
}

/**
 * One item per minute, newest first: { name, time, bitrate (bps), frameRate, cdnIp, clientIp, ... }.
 * The list key is `publishHistory` in Agora's docs table and `QualityHistory` in its example.
 */
export const { description, prepare } = reportOperation({
	operation: 'getPublishQuality',
	limits: PUBLISH_QUALITY,
	endpoint: 'publish_quality',
	streamDescription:
		'The stream whose per-minute push bitrate and frame rate to read (about 3 minutes delay, kept 6 days)',
	keys: ['publishHistory', 'QualityHistory'],
	normalise: normaliseSample,
});
