import type { INodeProperties } from 'n8n-workflow';

import * as getPlayStatistics from './getPlayStatistics.operation';
import * as getPublishHistory from './getPublishHistory.operation';
import * as getPublishQuality from './getPublishQuality.operation';

export const operations = { getPublishHistory, getPublishQuality, getPlayStatistics };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['report'] } },
		options: [
			{
				name: 'Get Play Statistics',
				value: 'getPlayStatistics',
				description: 'Viewer connections of a stream, per minute (window at most 2 hours)',
				action: 'Get stream play statistics',
			},
			{
				name: 'Get Publish History',
				value: 'getPublishHistory',
				description: 'Finished publishing sessions of a stream (window at most 30 days)',
				action: 'Get stream publish history',
			},
			{
				name: 'Get Publish Quality',
				value: 'getPublishQuality',
				description: 'Push bitrate and frame rate of a stream, per minute (window at most 6 hours)',
				action: 'Get stream publish quality',
			},
		],
		default: 'getPublishHistory',
	},
	...getPlayStatistics.description,
	...getPublishHistory.description,
	...getPublishQuality.description,
];
