import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchEntryPoints } from '../AgoraMediaBroadcast/api';
import type { TriggerMode } from './callbacks';
import { MAX_BODY_BYTES, readRawBody, rejectRequest } from './http';
import { triggerProperties } from './properties';
import { receiveEvent, receiveLookup, receiveOriginAuth } from './receive';
import { isHandOff, receiveHandOff } from './recordHandOff';
import { callbackIsRegistered, registerCallback, restoreCallback } from './registration';

/**
 * One webhook, `<n8n>/webhook/<webhookId>/agora` in production (`/webhook-test/...` while listening for
 * a test event). Stream events (NCS) are POSTs answered at once; the three callbacks accept GET and POST
 * (the docs name GET for pull, POST for transfer, nothing for origin authentication) and are answered
 * by the workflow (responseMode responseNode, or lastNode for transfer and pull).
 */
export class AgoraMediaBroadcastTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Agora Media Broadcast Trigger',
		name: 'agoraMediaBroadcastTrigger',
		icon: { light: 'file:../../icons/agora.svg', dark: 'file:../../icons/agora.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ {"events": "Stream events", "originAuth": "Origin authentication", "streamTransfer": "Stream transfer lookup", "pullFromOrigin": "Dynamic pull from origin"}[$parameter["mode"]] }}',
		// n8n's node creator merges "X" and "X Trigger" into one entry and gives it the trigger's
		// description (generateMergedNodesAndActions), so this text is written for both nodes.
		description:
			'Agora Media Broadcast live streaming: start workflows on stream events (live, ended, recording, snapshot, moderation) and answer Agora callbacks; the action node bans, records, watermarks and reports',
		defaults: { name: 'Agora Media Broadcast Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'agoraMediaBroadcastApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: '={{ $parameter["mode"] === "events" ? "POST" : ["GET", "POST"] }}',
				path: 'agora',
				responseMode:
					'={{ $parameter["mode"] === "events" ? "onReceived" : ($parameter["respond"] === "lastNode" ? "lastNode" : "responseNode") }}',
				// The status when n8n answers without the workflow doing so (events, or a callback the
				// workflow did not answer): deny for origin authentication unless "Default Answer" allows.
				responseCode:
					'={{ $parameter["mode"] === "originAuth" ? ($parameter["defaultAnswer"] === "allow" ? 200 : 401) : ($parameter["mode"] === "events" || $parameter["respond"] === "lastNode" ? 200 : 404) }}',
				// Must be set: n8n 2.41 sends a missing responseData as the literal body "firstEntryJson"
				// in onReceived mode. Empty = the trigger's own JSON answer (webhookResponse).
				responseData: '={{ $parameter["respond"] === "lastNode" ? "firstEntryJson" : "" }}',
			},
		],
		properties: triggerProperties,
	};

	methods = { listSearch: { searchEntryPoints } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await callbackIsRegistered.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await registerCallback.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await restoreCallback.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const mode = this.getNodeParameter('mode', 'events') as TriggerMode;
		const rawBody = await readRawBody.call(this);
		if (rawBody.length > MAX_BODY_BYTES) {
			return rejectRequest.call(this, 413, { ok: false, error: 'payload too large' });
		}
		// The trigger's own request carrying its record of deliveries to be saved (recordHandOff.ts).
		if (isHandOff.call(this)) return await receiveHandOff.call(this, rawBody);
		if (mode === 'events') return await receiveEvent.call(this, rawBody);
		if (mode === 'originAuth') return await receiveOriginAuth.call(this, rawBody);
		return await receiveLookup.call(this, mode, rawBody);
	}
}
