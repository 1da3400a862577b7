import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { CREDENTIAL_TYPE, headerValue } from '../AgoraMediaBroadcast/api';
import type { RecordPolicy } from './deliveryRecord';
import {
	EVENT_RECORD,
	learnEntries,
	mergeEntries,
	ORIGIN_AUTH_RECORD,
	recentEntries,
	recordScope,
} from './deliveryRecord';
import { rejectRequest, requestMethod } from './http';
import { signatureV2, verifySignatureV2 } from './ncs';
import { recordHandOffKey, triggerScope } from './secrets';
import { staticDataOf } from './staticData';

/**
 * n8n 2.41 does not save a webhook node's static data when the request starts an execution:
 * WorkflowRunner.run (establishContextForPersistence) builds another Workflow on the same staticData
 * object, which resets its change flag, so LiveWebhooks' saveStaticData finds nothing to save. A
 * request that starts no execution is saved. So after taking a new delivery the trigger posts its
 * record ids, signed, to its own production URL: whichever n8n process receives that request merges
 * them into the record, starts nothing, and n8n saves the record.
 */

export const HAND_OFF_HEADER = 'x-agora-trigger-record';
/** The ids of the last minute are sent again each time: one lost to a concurrent save comes back. */
const RESEND_MS = 60_000;
const MAX_ENTRIES = 1000;
const TIMEOUT_MS = 2000;
/** A hand-off older (or newer) than this is refused: replaying one only re-adds what it held. */
const MAX_AGE_MS = 60_000;
const WARN_EVERY_MS = 10 * 60 * 1000;
/** After a failed hand-off none is tried for this long, so an unreachable URL does not slow every delivery. */
const PAUSE_AFTER_FAILURE_MS = 60_000;

/** The records a hand-off may carry, with the trigger mode each belongs to. */
const POLICIES: Array<{ policy: RecordPolicy; mode: string }> = [
	{ policy: EVENT_RECORD, mode: 'events' },
	{ policy: ORIGIN_AUTH_RECORD, mode: 'originAuth' },
];
const KEY = /^[\w-]{16}$/;

let lastWarning = 0;
let pausedUntil = 0;

async function handOffKey(this: IWebhookFunctions): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const secret = typeof credentials.customerSecret === 'string' ? credentials.customerSecret : '';
	return recordHandOffKey(secret, triggerScope(this));
}

/**
 * Posts what this process recorded for `scope` in the last minute to the trigger's production URL.
 * Test listening is left out (n8n keeps its static data in memory and its URL answers once). A
 * failure is logged (at most every 10 minutes) and costs only the record: this process still
 * remembers the ids, and sends them again with its next hand-off, a minute later at the earliest.
 */
export async function handOffRecord(
	this: IWebhookFunctions,
	scope: string,
	policy: RecordPolicy,
): Promise<void> {
	if (this.getMode() !== 'webhook' || Date.now() < pausedUntil) return;
	const url = this.getNodeWebhookUrl('default');
	if (!url) return;
	const body = JSON.stringify({
		v: 1,
		field: policy.field,
		entries: recentEntries(scope, RESEND_MS, MAX_ENTRIES),
		sentAt: Date.now(),
	});
	try {
		await this.helpers.httpRequest({
			method: 'POST',
			url,
			body,
			headers: {
				'Content-Type': 'application/json',
				[HAND_OFF_HEADER]: signatureV2(await handOffKey.call(this), body),
			},
			timeout: TIMEOUT_MS,
		});
	} catch (error) {
		pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
		if (Date.now() - lastWarning < WARN_EVERY_MS) return;
		lastWarning = Date.now();
		this.logger.warn(
			`Agora Media Broadcast Trigger: the record of deliveries could not be handed to n8n for saving (${(error as Error).message}); repeats are recognised by this process only until it can. n8n must reach the trigger's production URL.`,
		);
	}
}

/** Whether this request is a record hand-off (answered by receiveHandOff, never an execution). */
export function isHandOff(this: IWebhookFunctions): boolean {
	return headerValue(this.getHeaderData() as IDataObject, HAND_OFF_HEADER) !== undefined;
}

function entriesOf(value: unknown): Array<[string, number]> | undefined {
	if (!Array.isArray(value) || value.length > MAX_ENTRIES) return undefined;
	const entries: Array<[string, number]> = [];
	for (const entry of value) {
		if (!Array.isArray(entry) || entry.length !== 2) return undefined;
		const [key, at] = entry as unknown[];
		if (typeof key !== 'string' || !KEY.test(key) || typeof at !== 'number') return undefined;
		if (!Number.isInteger(at)) return undefined;
		entries.push([key, at]);
	}
	return entries;
}

/** A record hand-off: verified, merged into the record (n8n saves it: no execution starts). */
export async function receiveHandOff(
	this: IWebhookFunctions,
	rawBody: Buffer,
): Promise<IWebhookResponseData> {
	const signature = headerValue(this.getHeaderData() as IDataObject, HAND_OFF_HEADER);
	if (
		requestMethod.call(this) !== 'POST' ||
		!verifySignatureV2(await handOffKey.call(this), rawBody, signature)
	) {
		return rejectRequest.call(this, 401, { ok: false, error: 'invalid record hand-off' });
	}
	let parsed: IDataObject;
	try {
		parsed = JSON.parse(rawBody.toString('utf8')) as IDataObject;
	} catch {
		return rejectRequest.call(this, 400, { ok: false, error: 'the body is not JSON' });
	}
	const known = POLICIES.find((p) => p.policy.field === parsed.field);
	const entries = entriesOf(parsed.entries);
	const sentAt = typeof parsed.sentAt === 'number' ? parsed.sentAt : NaN;
	if (!known || !entries || !(Math.abs(Date.now() - sentAt) <= MAX_AGE_MS)) {
		return rejectRequest.call(this, 400, { ok: false, error: 'not a valid record hand-off' });
	}
	const scope = recordScope(this, triggerScope(this), known.mode);
	learnEntries(scope, entries, known.policy);
	const added = mergeEntries(staticDataOf(this), scope, entries, known.policy);
	return rejectRequest.call(this, 200, { ok: true, added });
}
