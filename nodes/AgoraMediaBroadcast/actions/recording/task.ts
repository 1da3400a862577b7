import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeProperties,
} from 'n8n-workflow';

import { regionField, type Region, readRegion } from '../../shared/fields';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';
import type { AgoraRequest } from '../../transport';
import { getEntryPoint, getStreamName, getString, inputError } from '../../shared/validation';

/** What every per-stream recording call names: the entry point, the region and the stream. */
export interface RecordingTask {
	entryPoint: string;
	region: Region;
	streamName: string;
}

/** Reads the entry point, Region and Stream Name fields of one item. */
export function readTask(this: IExecuteFunctions, itemIndex: number): RecordingTask {
	return {
		entryPoint: getEntryPoint.call(this, itemIndex),
		region: readRegion.call(this, itemIndex),
		streamName: getStreamName.call(this, itemIndex),
	};
}

/** `/entry_points/{ep}/admin/record/standard/regions/{region}/{segments…}`: standard recording files. */
export function standardRecordPath(task: RecordingTask, ...segments: string[]): string {
	return entryPointPath(
		task.entryPoint,
		'admin',
		'record',
		'standard',
		'regions',
		task.region,
		...segments,
	);
}

/**
 * A call on the recording of one stream under `…/admin/record/{kind}/regions/{region}/{action}/{stream}`
 * (`cutting`, `snapshot`). A 404 means the entry point or that stream's recording is missing.
 */
export function recordingFileRequest(
	method: IHttpRequestMethods,
	task: RecordingTask,
	action: string,
	body: IDataObject,
): AgoraRequest {
	const { entryPoint, region, streamName } = task;
	return {
		method,
		path: entryPointPath(
			entryPoint,
			'admin',
			'record',
			'standard',
			'regions',
			region,
			action,
			streamName,
		),
		body,
		notFound: entryPointNotFound(entryPoint, `a recording of stream "${streamName}"`),
	};
}

/** The File Name of a clip or snapshot: required, with the one extension Agora writes. */
export function getFileName(
	this: IExecuteFunctions,
	itemIndex: number,
	extension: '.m3u8' | '.jpg',
	what: string,
	example: string,
): string {
	const fileName = getString.call(this, 'fileName', 'File Name', itemIndex);
	if (!fileName.endsWith(extension) || fileName === extension) {
		throw inputError(
			this.getNode(),
			itemIndex,
			`File Name "${fileName}" is not valid: a ${what}'s file name must end with "${extension}", e.g. ${example}`,
		);
	}
	return fileName;
}

/** End Time must not be before Start Time (both RFC 3339, any offsets). */
export function assertWindowOrder(
	this: IExecuteFunctions,
	itemIndex: number,
	startTime: string,
	endTime: string,
): void {
	if (Date.parse(endTime) < Date.parse(startTime)) {
		throw inputError(
			this.getNode(),
			itemIndex,
			`End Time ${endTime} is before Start Time ${startTime}: it must not be earlier`,
		);
	}
}

/** Region of a recording configuration (Agora keeps one per region). */
export function recordingRegionField(): INodeProperties {
	return regionField(
		'Region of the push domain the streams are pushed to (the recording configuration is kept per region)',
	);
}
