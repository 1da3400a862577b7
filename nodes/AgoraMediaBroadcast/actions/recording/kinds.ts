import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import {
	enabledField,
	entryPointLocator,
	readRegion,
	regionField,
	streamNameField,
} from '../../shared/fields';
import { deletedItem, successItem } from '../../shared/output';
import { entryPointPath, entryPointRequest, regionSettingsSegments } from '../../shared/paths';
import { maskSecrets } from '../../shared/secrets';
import type { AgoraOperation, OperationPlan } from '../../shared/types';
import { getBoolean, getEntryPoint } from '../../shared/validation';
import { readTask, recordingRegionField } from './task';

/**
 * Standard recording (to Agora's storage) and custom recording (to the user's cloud storage) have the
 * same four endpoints under `…/record/{kind}/…`: start and stop one stream, read the config, switch
 * automatic recording. One factory per endpoint builds both resources' operations from the kind, so
 * the two can never drift apart; only the wording below differs. These four have no operation file
 * of their own: n8n's loader reads only the node class and no lint rule asks for one file per
 * operation; the router finds them in each resource's `operations` map (its index.ts).
 */
export type RecordingKind = 'standard' | 'custom';

interface KindWording {
	resource: 'standardRecording' | 'customRecording';
	/** Where the files go, as the field descriptions say it. */
	storage: string;
	/** "automatic recording" / "automatic custom recording". */
	auto: string;
	startNotice: string;
	/** "recording" / "custom recording", as in "single-stream … (started with Start for Stream)". */
	noun: string;
}

const WORDING: Record<RecordingKind, KindWording> = {
	standard: {
		resource: 'standardRecording',
		storage: 'Agora storage',
		auto: 'automatic recording',
		startNotice:
			"Turn the entry point's automatic recording off first (Set Auto Record operation, 'Enabled' off). The stream must be live now or start within 24 hours; recording then starts and stops with the stream.",
		noun: 'recording',
	},
	custom: {
		resource: 'customRecording',
		storage: 'your cloud storage',
		auto: 'automatic custom recording',
		startNotice:
			"Turn the entry point's automatic custom recording off first (Set Auto Record operation, 'Enabled' off), and set the storage with the Set Config operation. The stream must be live now or start within 24 hours.",
		noun: 'custom recording',
	},
};

function scoped(kind: RecordingKind, operation: string, properties: INodeProperties[]) {
	return showForOperation(
		{ show: { resource: [WORDING[kind].resource], operation: [operation] } },
		properties,
	);
}

/** Start for Stream: `PUT …/admin/record/{kind}/regions/{region}/tasks?id={stream}`. */
function startOperation(kind: RecordingKind): AgoraOperation {
	const wording = WORDING[kind];
	return {
		description: scoped(kind, 'start', [
			{
				displayName: wording.startNotice,
				name: kind === 'standard' ? 'startStandardRecordingNotice' : 'startCustomRecordingNotice',
				type: 'notice',
				default: '',
			},
			entryPointLocator(),
			regionField(),
			streamNameField(
				`The stream to record to ${wording.storage}. It must be live now or start pushing within the next 24 hours, and ${wording.auto} of the entry point must be off.`,
			),
		]),
		async prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
			const { entryPoint, region, streamName } = readTask.call(this, itemIndex);
			return {
				request: entryPointRequest(
					'PUT',
					entryPoint,
					['admin', 'record', kind, 'regions', region, 'tasks'],
					{ qs: { id: streamName } },
				),
				toItems: () => successItem({ entryPoint, region, streamName }),
			};
		},
	};
}

/** Stop for Stream: `DELETE …/admin/record/{kind}/regions/{region}/tasks/{stream}`. */
function stopOperation(kind: RecordingKind): AgoraOperation {
	const wording = WORDING[kind];
	return {
		description: scoped(kind, 'stop', [
			entryPointLocator(),
			regionField(),
			streamNameField(
				`The stream whose single-stream ${wording.noun} (started with Start for Stream) is stopped`,
			),
		]),
		async prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
			const { entryPoint, region, streamName } = readTask.call(this, itemIndex);
			return {
				request: {
					method: 'DELETE',
					path: entryPointPath(
						entryPoint,
						'admin',
						'record',
						kind,
						'regions',
						region,
						'tasks',
						streamName,
					),
					notFound: `a ${kind} recording task for stream "${streamName}" (entry point "${entryPoint}", region ${region})`,
				},
				toItems: () => deletedItem({ entryPoint, region, streamName }),
			};
		},
	};
}

/** Get Config: `GET …/settings/record/{kind}/regions/{region}`. */
function getConfigOperation(kind: RecordingKind): AgoraOperation {
	return {
		description: scoped(kind, 'getConfig', [entryPointLocator(), recordingRegionField()]),
		async prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
			const entryPoint = getEntryPoint.call(this, itemIndex);
			const region = readRegion.call(this, itemIndex);
			return {
				request: entryPointRequest(
					'GET',
					entryPoint,
					regionSettingsSegments('record', kind, region),
				),
				// Custom recording echoes the storage accessKey and secretKey: masked, never output in clear.
				toItems: (response) => [maskSecrets({ entryPoint, region, ...(response.body ?? {}) })],
			};
		},
	};
}

/** Set Auto Record: `PATCH …/settings/record/{kind}/auto` with `{enabled}`. */
function setAutoRecordOperation(kind: RecordingKind): AgoraOperation {
	const wording = WORDING[kind];
	return {
		description: scoped(kind, 'setAutoRecord', [
			entryPointLocator(),
			enabledField(
				`Whether every stream of the entry point is recorded to ${wording.storage} automatically. Turn it off before using Start for Stream to record single streams.`,
			),
		]),
		async prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
			const entryPoint = getEntryPoint.call(this, itemIndex);
			const enabled = getBoolean.call(this, 'enabled', 'Enabled', itemIndex);
			return {
				request: entryPointRequest('PATCH', entryPoint, ['settings', 'record', kind, 'auto'], {
					body: { enabled },
				}),
				toItems: () => successItem({ entryPoint, enabled }),
			};
		},
	};
}

/** The four operations both recording resources share, for one kind. */
export function sharedRecordingOperations(kind: RecordingKind) {
	return {
		getConfig: getConfigOperation(kind),
		setAutoRecord: setAutoRecordOperation(kind),
		start: startOperation(kind),
		stop: stopOperation(kind),
	};
}
