import type { INodeProperties } from 'n8n-workflow';

import * as ban from './ban.operation';
import * as cancelDelay from './cancelDelay.operation';
import * as generateUrls from './generateUrls.operation';
import * as getManyBanned from './getManyBanned.operation';
import * as getManyOnline from './getManyOnline.operation';
import * as getOnline from './getOnline.operation';
import * as setDelay from './setDelay.operation';
import * as unban from './unban.operation';

export const operations = {
	ban,
	unban,
	getManyBanned,
	setDelay,
	cancelDelay,
	getManyOnline,
	getOnline,
	generateUrls,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['stream'] } },
		options: [
			{
				name: 'Ban',
				value: 'ban',
				description: 'Refuse pushes of a stream until a resume time (7 days by default)',
				action: 'Ban stream',
			},
			{
				name: 'Cancel Delay',
				value: 'cancelDelay',
				description: 'Remove the playback delay of a stream',
				action: 'Cancel stream playback delay',
			},
			{
				name: 'Generate URLs',
				value: 'generateUrls',
				description:
					'Build push and play URLs, signed for timestamp authentication (no request to Agora)',
				action: 'Generate push and play links for stream',
			},
			{
				name: 'Get Many Banned',
				value: 'getManyBanned',
				description: 'List the banned streams of an entry point',
				action: 'Get many banned streams',
			},
			{
				name: 'Get Many Online',
				value: 'getManyOnline',
				description: 'List the streams that are live now in an entry point',
				action: 'Get many online streams',
			},
			{
				name: 'Get Online',
				value: 'getOnline',
				description: 'Get when a live stream started',
				action: 'Get online stream',
			},
			{
				name: 'Set Delay',
				value: 'setDelay',
				description: 'Delay the playback of a stream by up to 600 seconds',
				action: 'Set stream playback delay',
			},
			{
				name: 'Unban',
				value: 'unban',
				description: 'Allow a banned stream to push again',
				action: 'Unban stream',
			},
		],
		default: 'getManyOnline',
	},
	...ban.description,
	...cancelDelay.description,
	...generateUrls.description,
	...getManyBanned.description,
	...getManyOnline.description,
	...getOnline.description,
	...setDelay.description,
	...unban.description,
];
