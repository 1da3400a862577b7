import type { INodeProperties } from 'n8n-workflow';

import { sharedRecordingOperations } from '../recording/kinds';
import * as setConfig from './setConfig.operation';

const { getConfig, setAutoRecord, start, stop } = sharedRecordingOperations('custom');

export const operations = { getConfig, setAutoRecord, setConfig, start, stop };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customRecording'] } },
		options: [
			{
				name: 'Get Config',
				value: 'getConfig',
				description:
					'Get the formats and the cloud storage of custom recording (storage keys are masked)',
				action: 'Get custom recording config',
			},
			{
				name: 'Set Auto Record',
				value: 'setAutoRecord',
				description: 'Turn automatic custom recording of every stream of the entry point on or off',
				action: 'Set automatic custom recording',
			},
			{
				name: 'Set Config',
				value: 'setConfig',
				description:
					'Set the formats (MP4, HLS) and your cloud storage (required the first time). A successful call turns custom recording on for the entry point.',
				action: 'Set custom recording config',
			},
			{
				name: 'Start for Stream',
				value: 'start',
				description:
					"Record one stream to your cloud storage. The stream must be live or start within 24 h, and the entry point's auto record switch must be off.",
				action: 'Start custom recording for stream',
			},
			{
				name: 'Stop for Stream',
				value: 'stop',
				description: 'Stop recording one stream that was started with Start for Stream',
				action: 'Stop custom recording for stream',
			},
		],
		default: 'getConfig',
	},
	...getConfig.description,
	...setAutoRecord.description,
	...setConfig.description,
	...start.description,
	...stop.description,
];
