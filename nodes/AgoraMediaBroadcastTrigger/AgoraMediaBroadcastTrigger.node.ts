import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../AgoraMediaBroadcast/transport';
import { searchEntryPoints } from '../AgoraMediaBroadcast/methods/listSearch';
import type { CallbackMode, TriggerMode } from './callbacks';
import { callbackFields } from './callbacks';
import {
	headerValue,
	MAX_BODY_BYTES,
	parsedBody,
	readRawBody,
	rejectRequest,
	requestMethod,
} from './http';
import {
	eventItem,
	matchesList,
	NCS_PRODUCT_ID,
	readEnvelope,
	selectedEventTypes,
	verifySignatureV2,
} from './ncs';
import { triggerProperties } from './properties';
import {
	callbackIsRegistered,
	registerCallback,
	restoreCallback,
	staticDataOf,
} from './registration';

/** How many delivered noticeIds are remembered to drop Agora's repeated deliveries. */
export const SEEN_NOTICE_IDS = 1000;

const SIGNATURE_HEADER = 'agora-signature-v2';

function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

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
		description:
			'Starts the workflow on Agora Media Broadcast events (stream live or ended, recording, snapshot, moderation) and lets it answer Agora callbacks (origin authentication, stream transfer, pull from origin)',
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
		if (mode === 'events') return await receiveEvent.call(this, rawBody);
		return await receiveCallback.call(this, mode, rawBody);
	}
}

/** An NCS event: verify, parse, filter, drop repeats, then start the workflow and answer 200 at once. */
async function receiveEvent(
	this: IWebhookFunctions,
	rawBody: Buffer,
): Promise<IWebhookResponseData> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const secret = typeof credentials.ncsSecret === 'string' ? credentials.ncsSecret : '';
	if (!verifySignatureV2(secret, rawBody, headerValue.call(this, SIGNATURE_HEADER))) {
		return rejectRequest.call(this, 401, {
			ok: false,
			error: 'invalid or missing Agora-Signature-V2',
		});
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return rejectRequest.call(this, 400, { ok: false, error: 'the body is not JSON' });
	}
	const envelope = readEnvelope(parsed);
	if (!envelope) {
		return rejectRequest.call(this, 400, {
			ok: false,
			error: 'not an Agora NCS event (no eventType)',
		});
	}
	const noticeId =
		typeof envelope.noticeId === 'string' && envelope.noticeId !== '' ? envelope.noticeId : null;
	const answer = (result: string) => ({ ok: true, noticeId, result });

	const productId = envelope.productId === undefined ? NCS_PRODUCT_ID : Number(envelope.productId);
	const events = this.getNodeParameter('events', []) as string[];
	const options = this.getNodeParameter('eventOptions', {}) as {
		entryPoints?: string;
		streamNames?: string;
	};
	const payload = isPlainObject(envelope.payload) ? envelope.payload : {};
	if (
		productId !== NCS_PRODUCT_ID ||
		!selectedEventTypes(events).has(envelope.eventType) ||
		!matchesList(payload.entryPoint, options.entryPoints ?? '') ||
		!matchesList(payload.streamName, options.streamNames ?? '')
	) {
		return { webhookResponse: answer('filtered') };
	}

	if (noticeId !== null) {
		const staticData = staticDataOf(this);
		const seen = Array.isArray(staticData.seenNoticeIds) ? staticData.seenNoticeIds : [];
		if (seen.includes(noticeId)) return { webhookResponse: answer('duplicate') };
		// Reassigned (not pushed) so n8n notices the change and saves it.
		staticData.seenNoticeIds = [...seen, noticeId].slice(-SEEN_NOTICE_IDS);
	}

	return {
		webhookResponse: answer('accepted'),
		workflowData: [this.helpers.returnJsonArray([eventItem(envelope, parsed as IDataObject)])],
	};
}

/** A callback Agora waits on: verify (origin authentication), read its parameters, start the workflow. */
async function receiveCallback(
	this: IWebhookFunctions,
	mode: CallbackMode,
	rawBody: Buffer,
): Promise<IWebhookResponseData> {
	let signatureVerified = false;
	if (mode === 'originAuth' && this.getNodeParameter('requireSignature', true) === true) {
		let secret = '';
		if (this.getNodeParameter('registerCallback', true) === true) {
			secret = staticDataOf(this).registration?.secret ?? '';
		} else {
			const credentials = await this.getCredentials(CREDENTIAL_TYPE);
			secret = typeof credentials.ncsSecret === 'string' ? credentials.ncsSecret : '';
		}
		if (!verifySignatureV2(secret, rawBody, headerValue.call(this, SIGNATURE_HEADER))) {
			return rejectRequest.call(this, 401, {
				ok: false,
				error: 'invalid or missing Agora-Signature-V2',
			});
		}
		signatureVerified = true;
	}

	let body: IDataObject = {};
	const text = rawBody.toString('utf8').trim();
	if (text !== '') {
		const already = parsedBody.call(this);
		if (isPlainObject(already) && Object.keys(already).length > 0) {
			body = already; // JSON or a form, parsed by n8n
		} else {
			let parsed: unknown;
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = undefined;
			}
			if (!isPlainObject(parsed)) {
				return rejectRequest.call(this, 400, {
					ok: false,
					error: 'the body is neither a JSON object nor a form',
				});
			}
			body = parsed;
		}
	}
	const query = (this.getQueryData() ?? {}) as IDataObject;
	const fields = callbackFields(mode, query, body);
	if (fields.streamName === null) {
		return rejectRequest.call(this, 400, {
			ok: false,
			error: 'stream name missing (streamName or stream_name)',
		});
	}

	const item: IDataObject = {
		callback: mode,
		...fields,
		method: requestMethod.call(this),
		...(mode === 'originAuth' ? { signatureVerified } : {}),
		receivedAt: new Date().toISOString(),
		query,
		body,
	};
	return { workflowData: [this.helpers.returnJsonArray([item])] };
}
