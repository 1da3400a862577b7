import type { INodeProperties } from 'n8n-workflow';

import { entryPointLocator, originAuthAnswerOptions } from '../AgoraMediaBroadcast/api';
import { ANY_EVENT, NCS_EVENTS } from './ncs';

const CALLBACKS = ['originAuth', 'streamTransfer', 'pullFromOrigin'];
const LOOKUPS = ['streamTransfer', 'pullFromOrigin'];
/** The set-up steps live in the README's Triggers section, so the notices stay one line. */
const DOC = 'https://github.com/agora-n8n/n8n-nodes-agora-media-broadcast#triggers';

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
					'Agora asks which origin to pull a played stream from; the workflow answers with the RTMP URL of the origin',
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
					'Agora asks where to forward (restream) a stream; the workflow answers with the RTMP URLs to forward it to',
			},
		],
	},

	// ----------------------------------------------------------------------- stream events (NCS)
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
		displayOptions: { show: { mode: LOOKUPS } },
	},
	{
		displayName: 'Register Callback URL',
		name: 'registerCallback',
		type: 'boolean',
		default: true,
		description:
			"Whether to point Agora's callback at this trigger's URL (with a token only this trigger accepts) when the workflow is activated, and restore the previous setting when it is deactivated. Turn off to configure the callback URL yourself.",
		displayOptions: { show: { mode: CALLBACKS } },
	},
	{
		displayName: 'Require Signature',
		name: 'requireSignature',
		type: 'boolean',
		default: true,
		description:
			"Whether to refuse (401, deny, no execution) requests without a valid Agora-Signature-V2 over a POST body, and replays of a signed request. Only switched off when set to false here (an expression never switches it off). The key is derived from the credential when 'Register Callback URL' is on, else the credential's 'Notification Secret (NCS)'.",
		displayOptions: { show: { mode: ['originAuth'] } },
	},
	{
		displayName: 'Default Answer',
		name: 'defaultAnswer',
		type: 'options',
		default: 'deny',
		options: originAuthAnswerOptions,
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
		displayOptions: { show: { mode: LOOKUPS } },
	},
	{
		displayName: 'Callback Token',
		name: 'callbackToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'A secret of your choice. Give Agora the Production URL with ?n8nToken= and this token appended; calls without it get 401 and start nothing.',
		displayOptions: { show: { mode: LOOKUPS, registerCallback: [false] } },
	},
	{
		displayName: 'Allowed IPs',
		name: 'allowedIps',
		type: 'string',
		default: '',
		placeholder: 'e.g. 203.0.113.7, 198.51.100.0/24',
		description:
			"Only calls from these addresses (comma-separated; IPv4 ranges as a.b.c.d/n) start the workflow; others get 401. Behind a reverse proxy set n8n's N8N_PROXY_HOPS so n8n sees the caller's address.",
		displayOptions: { show: { mode: LOOKUPS, registerCallback: [false] } },
	},
	{
		displayName:
			"Unprotected: with no 'Callback Token' and no 'Allowed IPs', anyone who learns this URL can ask the workflow for stream URLs",
		name: 'unprotectedNotice',
		type: 'notice',
		default: '',
		displayOptions: {
			show: { mode: LOOKUPS, registerCallback: [false], callbackToken: [''], allowedIps: [''] },
		},
	},
	{
		displayName: `Set this trigger's Production URL in Agora Console (Notifications) and copy the notification secret into the credential. <a href="${DOC}" target="_blank">Set-up steps</a>`,
		name: 'eventsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['events'] } },
	},
	{
		displayName: `Answer with Agora Media Broadcast → Callback → Answer. No answer: the 'Default Answer'. <a href="${DOC}" target="_blank">How it works</a>`,
		name: 'originAuthNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['originAuth'] } },
	},
	{
		displayName: `Answer with Agora Media Broadcast → Callback → Answer, or with 'Respond' set to 'When Last Node Finishes'. <a href="${DOC}" target="_blank">How it works</a>`,
		name: 'lookupNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: LOOKUPS } },
	},
];
