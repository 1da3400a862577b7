import type { INodeProperties } from 'n8n-workflow';

import { sharedRecordingOperations } from '../recording/kinds';
import * as createClip from './createClip.operation';
import * as createSnapshot from './createSnapshot.operation';
import * as getManyFiles from './getManyFiles.operation';
import * as setConfig from './setConfig.operation';

const { getConfig, setAutoRecord, start, stop } = sharedRecordingOperations('standard');

export const operations = {
	createClip,
	createSnapshot,
	getConfig,
	getManyFiles,
	setAutoRecord,
	setConfig,
	start,
	stop,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['standardRecording'] } },
		options: [
			{
				name: 'Create Clip',
				value: 'createClip',
				description:
					'Cut an M3U8 clip (start time to end time) out of the HLS recording of a stream',
				action: 'Create clip from standard recording',
			},
			{
				name: 'Create Snapshot',
				value: 'createSnapshot',
				description: 'Save a JPEG picture of one moment of the HLS recording of a stream',
				action: 'Create snapshot from standard recording',
			},
			{
				name: 'Get Config',
				value: 'getConfig',
				description:
					'Get which formats (MP4, HLS) standard recording writes for an entry point and region',
				action: 'Get standard recording config',
			},
			{
				name: 'Get Many Files',
				value: 'getManyFiles',
				description:
					'List the standard recording files (M3U8) of a stream in a time window, oldest first',
				action: 'Get many standard recording files',
			},
			{
				name: 'Set Auto Record',
				value: 'setAutoRecord',
				description: 'Turn automatic recording of every stream of the entry point on or off',
				action: 'Set automatic standard recording',
			},
			{
				name: 'Set Config',
				value: 'setConfig',
				description:
					'Choose the formats (MP4, HLS) of standard recording. A successful call turns recording on for all streams of the entry point.',
				action: 'Set standard recording config',
			},
			{
				name: 'Start for Stream',
				value: 'start',
				description:
					"Record one stream to Agora storage. The stream must be live or start within 24 h, and the entry point's auto record switch must be off.",
				action: 'Start standard recording for stream',
			},
			{
				name: 'Stop for Stream',
				value: 'stop',
				description: 'Stop recording one stream that was started with Start for Stream',
				action: 'Stop standard recording for stream',
			},
		],
		default: 'getConfig',
	},
	...createClip.description,
	...createSnapshot.description,
	...getConfig.description,
	...getManyFiles.description,
	...setAutoRecord.description,
	...setConfig.description,
	...start.description,
	...stop.description,
];
