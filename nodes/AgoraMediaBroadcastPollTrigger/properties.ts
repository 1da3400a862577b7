import type { INodeProperties } from 'n8n-workflow';

import { entryPointLocator, regionOptions } from '../AgoraMediaBroadcast/api';
import { POLL_EVENTS } from './events';

export const DEFAULT_MAX_REQUESTS = 20;
/** Agora allows 50 requests per second per account: one poll never asks for more than that. */
export const MAX_MAX_REQUESTS = 50;

export const pollTriggerProperties: INodeProperties[] = [
	{
		displayName:
			"Checks Agora on the 'Poll Times' schedule: no public URL and no Agora Console set-up. It compares each poll with the previous one, so a stream that goes live and ends between two polls (a blip shorter than the poll interval) is not seen, and times are only as precise as the interval (an end is reported by the poll that finds the stream gone). The first poll after publishing only records what is live and emits nothing. For every event as it happens, use the Agora Media Broadcast Trigger (NCS push).",
		name: 'pollNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['publish_start', 'publish_end'],
		options: POLL_EVENTS.map((e) => ({
			name: e.label,
			value: e.event,
			description: e.description,
		})),
		description: 'The changes that start the workflow, one item per change',
	},
	{
		displayName: 'Watch',
		name: 'watch',
		type: 'options',
		default: 'selected',
		options: [
			{
				name: 'All Entry Points',
				value: 'all',
				description:
					'Every entry point of the project, including ones created later (one more request per poll to list them)',
			},
			{
				name: 'Selected Entry Points',
				value: 'selected',
				description: 'Only the entry points listed below',
			},
		],
	},
	{
		displayName: 'Entry Points',
		name: 'entryPoints',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Entry Point',
		default: { entryPoint: [{ entryPoint: { __rl: true, mode: 'list', value: 'live' } }] },
		displayOptions: { show: { watch: ['selected'] } },
		options: [
			{
				displayName: 'Entry Point',
				name: 'entryPoint',
				values: [
					{
						...entryPointLocator(),
						description: 'An entry point to watch (every project has "live")',
					},
				],
			},
		],
	},
	{
		displayName: 'Recording Region',
		name: 'region',
		type: 'options',
		options: regionOptions,
		default: 'cn',
		description:
			'Region of the push domain: standard recording files are listed per region (Get Many Files)',
		displayOptions: { show: { events: ['new_standard_record_file'] } },
	},
	{
		displayName: 'Max Requests per Poll',
		name: 'maxRequests',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_MAX_REQUESTS, numberPrecision: 0 },
		default: DEFAULT_MAX_REQUESTS,
		description:
			"The most Agora requests one poll sends (they share the credential's rate limit with every other workflow of the account). A poll costs 1 request to list entry points (All Entry Points only), plus per entry point 1 (live streams, for went live / ended / recording files) and 1 more with the ban events, plus 1 per live or just-ended stream with Standard Record File. What does not fit waits for the next poll, which starts where this one stopped.",
	},
];
