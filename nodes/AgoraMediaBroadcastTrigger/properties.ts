import type { INodeProperties } from 'n8n-workflow';

import { entryPointLocator } from '../AgoraMediaBroadcast/shared/fields';
import { ANY_EVENT, NCS_EVENTS } from './ncs';

const CALLBACKS = ['originAuth', 'streamTransfer', 'pullFromOrigin'];

const eventOptions = [
	{
		name: 'Any Event',
		value: ANY_EVENT,
		description: 'Every Media Broadcast event type, including ones added later',
	},
	...NCS_EVENTS.map((e) => ({ name: e.label, value: e.event, description: e.description })),
].sort((a, b) => a.name.localeCompare(b.name));

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Trigger On',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		default: 'events',
		options: [
			{
				name: 'Dynamic Pull From Origin',
				value: 'pullFromOrigin',
				description:
					'Agora asks which origin to pull a played stream from (GET ?entry_point=&stream_name=); the workflow answers with the RTMP URL of the origin',
			},
			{
				name: 'Origin Authentication',
				value: 'originAuth',
				description:
					'Agora asks whether a push or play may go ahead; the workflow answers 200 (allow) or 401 (deny)',
			},
			{
				name: 'Stream Events',
				value: 'events',
				description:
					'Agora notifies (NCS) that a stream went live or ended, a recording or snapshot is ready, or moderation has a result',
			},
			{
				name: 'Stream Transfer Lookup',
				value: 'streamTransfer',
				description:
					'Agora asks where to forward (restream) a stream (POST ?entry_point=&stream_name=); the workflow answers {"transferUrls": [...]}',
			},
		],
	},

	// ----------------------------------------------------------------------- stream events (NCS)
	{
		displayName:
			'Agora has no API to set the event URL. In Agora Console, open Notifications (NCS) for your project, choose the Media Broadcast event types, enter the Production URL shown above under "Webhook URLs" (it must be HTTPS and reachable from the internet), and copy the notification secret into the credential\'s "Notification Secret (NCS)". Every event is checked against that secret: unsigned or mis-signed requests get 401 and start nothing. Agora waits 10 s for the 200 and retries 3 times; repeated deliveries (same noticeId) are answered 200 and dropped.',
		name: 'eventsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['events'] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['publish_start'],
		options: eventOptions,
		description:
			'The events that start the workflow, matched by their eventType number. Others are answered 200 and ignored.',
		displayOptions: { show: { mode: ['events'] } },
	},
	{
		displayName: 'Options',
		name: 'eventOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { mode: ['events'] } },
		options: [
			{
				displayName: 'Entry Points',
				name: 'entryPoints',
				type: 'string',
				default: '',
				placeholder: 'e.g. live, studio',
				description:
					'Only events of these entry points (comma-separated; * matches any characters). Empty: all entry points.',
			},
			{
				displayName: 'Stream Names',
				name: 'streamNames',
				type: 'string',
				default: '',
				placeholder: 'e.g. lobby, match_*',
				description:
					'Only events of these streams (comma-separated; * matches any characters). Empty: all streams.',
			},
		],
	},

	// ----------------------------------------------------------------------- callbacks
	{
		...entryPointLocator(),
		description:
			'The entry point whose callback URL points at this trigger while the workflow is active (the previous setting is restored when it is deactivated)',
		displayOptions: { show: { mode: ['streamTransfer', 'pullFromOrigin'] } },
	},
	{
		displayName: 'Register Callback URL',
		name: 'registerCallback',
		type: 'boolean',
		default: true,
		description:
			"Whether to point Agora's callback at this trigger's URL when the workflow is activated (or listens for a test event), and restore the previous setting when it is deactivated. Turn off to configure the callback URL yourself.",
		displayOptions: { show: { mode: CALLBACKS } },
	},
	{
		displayName: 'Require Signature',
		name: 'requireSignature',
		type: 'boolean',
		default: true,
		description:
			'Whether to refuse (401, deny, no execution) requests without a valid Agora-Signature-V2. The key is the random secret this trigger registers, or the credential\'s "Notification Secret (NCS)" when Register Callback URL is off.',
		displayOptions: { show: { mode: ['originAuth'] } },
	},
	{
		displayName: 'Default Answer',
		name: 'defaultAnswer',
		type: 'options',
		default: 'deny',
		options: [
			{ name: 'Allow (200)', value: 'allow', description: 'Let the push or play go ahead' },
			{ name: 'Deny (401)', value: 'deny', description: 'Refuse the push or play' },
		],
		description:
			'What Agora gets when the workflow ends without answering. When the workflow fails, n8n itself answers 500, which is not an allow.',
		displayOptions: { show: { mode: ['originAuth'] } },
	},
	{
		displayName: 'Respond',
		name: 'respond',
		type: 'options',
		default: 'responseNode',
		options: [
			{
				name: 'Using a Node That Answers',
				value: 'responseNode',
				description:
					'A node that answers the webhook (e.g. Respond to Webhook version 1) sends the answer; when none does, Agora gets 404 (nothing to forward or pull)',
			},
			{
				name: 'When Last Node Finishes',
				value: 'lastNode',
				description: 'The first item of the last node that runs is the answer (status 200)',
			},
		],
		displayOptions: { show: { mode: ['streamTransfer', 'pullFromOrigin'] } },
	},
	{
		displayName:
			'The workflow decides: answer with status 200 to allow or 401 to deny (no body needed) from a node that answers the webhook. n8n\'s Respond to Webhook node does so in its version 1 only: later versions refuse any trigger but n8n\'s own Webhook node ("No Webhook node found in the workflow"). With no answer Agora gets the Default Answer; if the workflow fails, n8n answers 500. Each request gives host, entryPoint, streamName, clientIp, cdnIp, token and requestId, read from the query string or the body.',
		name: 'originAuthNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['originAuth'] } },
	},
	{
		displayName:
			'The workflow answers with JSON {"transferUrls": ["rtmp://cdn.example.com/live/key"]} (status 200): from a node that answers the webhook (Respond to Webhook in its version 1 only; later versions refuse non-Webhook triggers), or as the first item of the last node with Respond set to When Last Node Finishes. Agora forwards the stream to each URL. Each request gives entryPoint and streamName. If the workflow fails, n8n answers 500.',
		name: 'streamTransferNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['streamTransfer'] } },
	},
	{
		displayName:
			'The workflow answers with JSON {"url": "rtmp://origin.example.com/live/stream"} (status 200; only RTMP is supported): from a node that answers the webhook (Respond to Webhook in its version 1 only; later versions refuse non-Webhook triggers), or as the first item of the last node with Respond set to When Last Node Finishes. Each request gives entryPoint and streamName. If the workflow fails, n8n answers 500.',
		name: 'pullFromOriginNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['pullFromOrigin'] } },
	},
];
