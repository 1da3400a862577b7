import { createHash } from 'crypto';
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	CREDENTIAL_TYPE,
	headerValue,
	isValidName,
	withNameProblem,
} from '../AgoraMediaBroadcast/api';
import type { LookupMode } from './callbacks';
import { callbackFields, ipAllowed, parseCallbackBody, splitToken } from './callbacks';
import { firstSighting } from './dedupe';
import { rejectRequest, requestMethod } from './http';
import {
	eventItem,
	matchesList,
	NCS_PRODUCT_ID,
	readEnvelope,
	selectedEventTypes,
	verifySignatureV2,
} from './ncs';
import { callbackToken, originAuthSecret, sameSecret, triggerScope } from './secrets';

/**
 * What the trigger does with one request, per mode. Each handler either refuses the request itself
 * (rejectRequest: a status, no execution) or returns the item that starts the workflow.
 */

const SIGNATURE_HEADER = 'agora-signature-v2';

function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

async function credentialString(this: IWebhookFunctions, field: string): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const value = credentials[field];
	return typeof value === 'string' ? value : '';
}

/**
 * The memory of deliveries already turned into executions belongs to one trigger node of one
 * workflow, in one mode, production and test listening apart.
 */
function dedupeScope(this: IWebhookFunctions, mode: string): string {
	const { workflowId, nodeId } = triggerScope(this);
	return [workflowId, nodeId, mode, this.getMode()].join('\n');
}

function sha256(raw: Buffer): string {
	return createHash('sha256').update(raw).digest('hex');
}

/** An NCS event: verify, parse, filter, drop repeats, then start the workflow and answer 200 at once. */
export async function receiveEvent(
	this: IWebhookFunctions,
	rawBody: Buffer,
): Promise<IWebhookResponseData> {
	const secret = await credentialString.call(this, 'ncsSecret');
	const signature = headerValue(this.getHeaderData() as IDataObject, SIGNATURE_HEADER);
	if (!verifySignatureV2(secret, rawBody, signature)) {
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

	// Agora repeats a delivery that got no 200 (same noticeId); without a noticeId the same bytes are
	// the same delivery. Checked and recorded in one synchronous step (see dedupe.ts).
	const deliveryId = noticeId !== null ? `notice:${noticeId}` : `body:${sha256(rawBody)}`;
	if (!firstSighting(dedupeScope.call(this, 'events'), deliveryId)) {
		return { webhookResponse: answer('duplicate') };
	}

	return {
		webhookResponse: answer('accepted'),
		// A bad stream name is flagged, not refused: the event already happened (trigger-security.md).
		workflowData: [
			this.helpers.returnJsonArray([withNameProblem(eventItem(envelope, parsed as IDataObject))]),
		],
	};
}

/**
 * Whether origin authentication requests must be signed. On unless the stored parameter is exactly
 * `false`: an expression, a Variable, "false" or 0 never switch the check off.
 */
function signatureRequired(this: IWebhookFunctions): boolean {
	return this.getNode().parameters.requireSignature !== false;
}

function invalidName(fields: IDataObject): string | undefined {
	for (const [name, label] of [
		['entryPoint', 'entry point'],
		['streamName', 'stream name'],
	]) {
		const value = fields[name];
		if (value !== null && value !== undefined && !isValidName(String(value))) return label;
	}
	return undefined;
}

/**
 * Origin authentication (Agora asks whether a push or play may go ahead). Agora signs it like NCS
 * (reference §4.2): HMAC-SHA256 of the body. The docs name no method; a GET or an empty body has
 * nothing signed, so with Require Signature on it is refused. Every field of a verified request
 * comes from the signed bytes; the query string is not read. A signed request is accepted once:
 * the same bytes, or the same requestId, again get 401.
 */
export async function receiveOriginAuth(
	this: IWebhookFunctions,
	rawBody: Buffer,
): Promise<IWebhookResponseData> {
	const requireSignature = signatureRequired.call(this);
	const contentType = headerValue(this.getHeaderData() as IDataObject, 'content-type');
	let item: IDataObject;
	if (requireSignature) {
		if (rawBody.toString('utf8').trim() === '' || requestMethod.call(this) === 'GET') {
			return rejectRequest.call(this, 401, {
				ok: false,
				error: 'origin authentication must be a POST with a signed body',
			});
		}
		const secret =
			this.getNodeParameter('registerCallback', true) !== false
				? originAuthSecret(await credentialString.call(this, 'customerSecret'), triggerScope(this))
				: await credentialString.call(this, 'ncsSecret');
		const signature = headerValue(this.getHeaderData() as IDataObject, SIGNATURE_HEADER);
		if (!verifySignatureV2(secret, rawBody, signature)) {
			return rejectRequest.call(this, 401, {
				ok: false,
				error: 'invalid or missing Agora-Signature-V2',
			});
		}
		const body = parseCallbackBody(rawBody, contentType);
		if (!body) {
			return rejectRequest.call(this, 400, {
				ok: false,
				error: 'the body is neither a JSON object nor a form',
			});
		}
		const fields = callbackFields('originAuth', [body]);
		const scope = dedupeScope.call(this, 'originAuth');
		// Both checks run (no short-circuit), so a replay under a new requestId still records its bytes.
		const newBytes = firstSighting(scope, `body:${sha256(rawBody)}`);
		const newRequest =
			fields.requestId === null
				? true
				: firstSighting(scope, `request:${String(fields.requestId)}`);
		if (!newBytes || !newRequest) {
			return rejectRequest.call(this, 401, {
				ok: false,
				error: 'this signed request was already answered (replay)',
			});
		}
		item = { callback: 'originAuth', ...fields, signatureVerified: true, body };
	} else {
		const body = parseCallbackBody(rawBody, contentType);
		if (!body) {
			return rejectRequest.call(this, 400, {
				ok: false,
				error: 'the body is neither a JSON object nor a form',
			});
		}
		const query = (this.getQueryData() ?? {}) as IDataObject;
		const fields = callbackFields('originAuth', [body, query]);
		item = { callback: 'originAuth', ...fields, signatureVerified: false, query, body };
	}
	if (item.streamName === null) {
		return rejectRequest.call(this, 400, { ok: false, error: 'stream name missing' });
	}
	const bad = invalidName(item);
	if (bad) return rejectRequest.call(this, 400, { ok: false, error: `invalid ${bad}` });
	return startWith.call(this, item);
}

function startWith(this: IWebhookFunctions, item: IDataObject): IWebhookResponseData {
	const full: IDataObject = {
		...item,
		method: requestMethod.call(this),
		receivedAt: new Date().toISOString(),
	};
	return { workflowData: [this.helpers.returnJsonArray([full])] };
}

/** The client address as n8n's server sees it (honours n8n's proxy settings). */
function clientIp(this: IWebhookFunctions): unknown {
	return (this.getRequestObject() as unknown as { ip?: unknown }).ip;
}

/**
 * Refuses (true) a stream transfer / pull-from-origin call that does not prove it comes from where
 * the URL was given: the token the trigger registered (or the user set), and/or the IP allow-list.
 */
async function lookupRefused(this: IWebhookFunctions, token: string | null): Promise<boolean> {
	if (this.getNodeParameter('registerCallback', true) !== false) {
		const expected = callbackToken(
			await credentialString.call(this, 'customerSecret'),
			triggerScope(this),
		);
		return !sameSecret(token, expected);
	}
	const userToken = String(this.getNodeParameter('callbackToken', '') ?? '').trim();
	const allowedIps = String(this.getNodeParameter('allowedIps', '') ?? '').trim();
	if (userToken !== '' && !sameSecret(token, userToken)) return true;
	if (allowedIps !== '' && !ipAllowed(clientIp.call(this), allowedIps)) return true;
	return false;
}

/**
 * Stream transfer lookup and dynamic pull from origin: Agora asks where a stream goes. No signature
 * is documented, so the call must carry the token of the registered URL (401 otherwise), be about the
 * entry point this trigger was set up for (404 otherwise), and name a valid stream (400 otherwise).
 */
export async function receiveLookup(
	this: IWebhookFunctions,
	mode: LookupMode,
	rawBody: Buffer,
): Promise<IWebhookResponseData> {
	const { token, query } = splitToken((this.getQueryData() ?? {}) as IDataObject);
	if (await lookupRefused.call(this, token)) {
		return rejectRequest.call(this, 401, { ok: false, error: 'missing or wrong token' });
	}
	const body = parseCallbackBody(
		rawBody,
		headerValue(this.getHeaderData() as IDataObject, 'content-type'),
	);
	if (!body) {
		return rejectRequest.call(this, 400, {
			ok: false,
			error: 'the body is neither a JSON object nor a form',
		});
	}
	const fields = callbackFields(mode, [body, query]);
	if (fields.streamName === null || fields.entryPoint === null) {
		return rejectRequest.call(this, 400, {
			ok: false,
			error: 'entry point or stream name missing (entry_point, stream_name)',
		});
	}
	const bad = invalidName(fields);
	if (bad) return rejectRequest.call(this, 400, { ok: false, error: `invalid ${bad}` });
	const configured = String(
		this.getNodeParameter('entryPoint', '', { extractValue: true }) ?? '',
	).trim();
	if (fields.entryPoint !== configured) {
		return rejectRequest.call(this, 404, {
			ok: false,
			error: 'this trigger answers for another entry point',
		});
	}
	return startWith.call(this, { callback: mode, ...fields, query, body });
}
