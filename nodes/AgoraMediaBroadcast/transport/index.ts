import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { agoraClock } from '../../../credentials/common/agora';
import { agoraRequestError, headerValue, unsentRequestError, type Failure } from './errors';
import { backoffDelayMs, MAX_RETRY_AFTER_MS, monotonicNow, pacerFor, sleepMs } from './pacing';
import { discardBody, parseBody, readCappedBody, ResponseTooLargeError } from './responseBody';
import {
	checkCredential,
	checkStorageKeyHost,
	DEFAULT_TRANSPORT_SETTINGS,
	type TransportSettings,
} from './settings';

export { DEFAULT_TRANSPORT_SETTINGS, type TransportSettings } from './settings';

export const CREDENTIAL_TYPE = 'agoraMediaBroadcastApi';

/** One Agora call, as an operation describes it. `path` is relative to `/v1/projects/{appid}/fls`. */
export interface AgoraRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Names what a 404 means for this call, e.g. `entry point "live" or stream "s1"`. */
	notFound?: string;
	/** The body carries an Agora Cloud Storage API credential's keys: the API hosts it allows. */
	storageKeyHosts?: string[];
}

export interface AgoraResponse {
	statusCode: number;
	/** Parsed JSON body; `undefined` when Agora answered with an empty body (most writes do). */
	body: IDataObject | undefined;
	/** True when a DELETE was retried after an unclear failure and the thing was already gone. */
	alreadyDone?: boolean;
}

/** Node executions, list searches, the trigger's activation hooks and polls all send through here. */
export type AgoraContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IPollFunctions;

const RETRYABLE_STATUS_IDEMPOTENT = new Set([500, 502, 503, 504]);
const CONNECTION_ERROR_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'EAI_AGAIN',
]);

/** Finds the network error code inside whatever n8n wrapped around it. */
function connectionErrorCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && CONNECTION_ERROR_CODES.has(current.code))
			return current.code;
		if (typeof current.message === 'string') {
			if (/socket hang up/i.test(current.message)) return 'ECONNRESET';
			if (/timeout of \d+ms exceeded/i.test(current.message)) return 'ETIMEDOUT';
		}
		current = current.cause as typeof current;
	}
	return undefined;
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds; 0 when absent or unreadable. */
function retryAfterMs(headers: IDataObject | undefined): number {
	const value = headerValue(headers, 'retry-after')?.trim();
	if (!value) return 0;
	if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
	const at = Date.parse(value);
	return Number.isNaN(at) ? 0 : Math.max(0, at - agoraClock.now().getTime());
}

/** The host a 3xx answer points to, for the error (never followed). */
function locationHost(headers: IDataObject | undefined, baseUrl: string): string | undefined {
	const location = headerValue(headers, 'location');
	if (!location) return undefined;
	try {
		return new URL(location, baseUrl).host;
	} catch {
		return location.slice(0, 200);
	}
}

/**
 * n8n's httpRequestWithAuthentication sets the request's `abortSignal` to the context's
 * getExecutionCancelSignal(), dropping ours. Hand it a context (inheriting everything else from the
 * real one) whose cancel signal is ours: the execution's cancel signal combined with the deadline.
 */
function withCancelSignal<T extends AgoraContext>(context: T, signal: AbortSignal): T {
	return Object.create(context, { getExecutionCancelSignal: { value: () => signal } }) as T;
}

/**
 * Sends one Agora request: waits for the account's rate limiter, lets the credential sign it
 * (a fresh Date on every attempt), retries what is safe to retry, and turns failures into errors a
 * user can act on. Every request of the node goes through here.
 *
 * Retry rules:
 * - 429: Agora did nothing, so it is retried for every method, with full-jitter backoff (Retry-After
 *   as a floor), until the item has spent `rateLimitWaitMs` (Rate Limit Wait) since its first 429. A
 *   Retry-After above 60 s fails the item at once instead of holding the account that long.
 * - 500/502/503/504, dropped connections, attempts past the deadline, unreadable 2xx bodies: retried
 *   up to `maxAttempts` only for idempotent methods (GET, PUT, PATCH, DELETE). A POST creates a clip,
 *   snapshot, domain or template, so it is never sent twice when we cannot know whether Agora applied it.
 * - 3xx: never followed (the signed request and its body would go to another server), never retried.
 */
export async function agoraApiRequest(
	this: AgoraContext,
	request: AgoraRequest,
	itemIndex = 0,
	settings: TransportSettings = DEFAULT_TRANSPORT_SETTINGS,
): Promise<AgoraResponse> {
	const credentials =
		settings.credentials ??
		(await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE));
	const checked = checkCredential.call(this, credentials, itemIndex);
	if (request.storageKeyHosts)
		checkStorageKeyHost.call(this, checked, request.storageKeyHosts, itemIndex);
	const { baseUrl } = checked;
	const { timeoutMs } = settings;
	// Keyed by account, not by rate, and only credentials that prove the same secret share a pacer: a
	// credential's lower Requests per Second slows its own requests only (docs/transport-security.md).
	const limiter = pacerFor(
		{
			customerId: String(credentials.customerId),
			customerSecret: String(credentials.customerSecret),
			host: checked.host,
		},
		checked.requestsPerSecond,
	);
	// n8n signs with the credential read above (its authenticate() still runs for every attempt).
	// Without it n8n decrypts the credential from its database again for every request: in n8n 2.41
	// 1.5 ms of CPU per item (benchmark) and one database read each, 50 a second per process.
	const selected = this.getNode().credentials?.[CREDENTIAL_TYPE];
	const signWith: IAdditionalCredentialOptions = {
		credentialsDecrypted: {
			id: selected?.id ?? '',
			name: selected?.name ?? '',
			type: CREDENTIAL_TYPE,
			data: credentials,
		},
	};
	const method = request.method.toUpperCase() as IHttpRequestMethods;
	const idempotent = method !== 'POST';
	const url = `/v1/projects/${encodeURIComponent(checked.appId)}/fls${request.path}`;
	const fail = (failure: Failure, attempts: number) =>
		agoraRequestError(
			this.getNode(),
			{ method, path: request.path, notFound: request.notFound, body: request.body },
			failure,
			attempts,
			itemIndex,
		);

	let unclearEarlierAttempt = false;
	let attempt = 0; // attempts that count against maxAttempts (not 429s)
	let rateLimited = 0;
	let firstRateLimitAt: number | undefined;
	for (;;) {
		attempt++;
		const ticket = await limiter.acquire(checked.requestsPerSecond);
		// The overall deadline of this attempt. `timeout` alone is per idle socket: a server that
		// dribbles one byte at a time would keep the item pending forever. Stopping the execution in
		// n8n still cancels the request.
		const deadline = AbortSignal.timeout(timeoutMs);
		const cancel = 'getExecutionCancelSignal' in this ? this.getExecutionCancelSignal() : undefined;
		// Aborted by us to close a connection whose answer is not read (too large, a redirect).
		const close = new AbortController();
		const closeRequest = () => close.abort();
		const signal = AbortSignal.any([deadline, close.signal, ...(cancel ? [cancel] : [])]);
		const options: IHttpRequestOptions = {
			method,
			baseURL: baseUrl,
			url,
			qs: request.qs,
			body: request.body,
			headers: { Accept: 'application/json' },
			// A stream, so readCappedBody stops at MAX_RESPONSE_BYTES (n8n's helper has no size limit).
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
			abortSignal: signal,
			// A redirect would carry the Authorization header and the body (storage keys) elsewhere.
			disableFollowRedirect: true,
			maxRedirects: 0,
		};
		let response: { statusCode: number; body: unknown; headers: IDataObject } | undefined;
		let failure: Failure | undefined;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				withCancelSignal(this, signal),
				CREDENTIAL_TYPE,
				options,
				signWith,
			)) as { statusCode: number; body: unknown; headers: IDataObject };
			const { statusCode, headers } = response;
			// A redirect's body is never read (its error names only the Location's host).
			response.body =
				statusCode >= 300 && statusCode < 400
					? discardBody(response.body, closeRequest)
					: await readCappedBody(response.body, statusCode, headers, signal, closeRequest);
		} catch (error) {
			if (error instanceof ResponseTooLargeError) {
				ticket.answered(error.statusCode);
				// Never retried: Agora's answers are far smaller; another attempt would read as much again.
				throw fail({ kind: 'tooLarge', statusCode: error.statusCode }, attempt);
			}
			response = undefined;
			ticket.answered(undefined);
			if (deadline.aborted) {
				failure = { kind: 'deadline', waitMs: timeoutMs };
			} else {
				const code = connectionErrorCode(error);
				// Not a network problem (e.g. the credential refused to sign): report it as it is.
				if (!code) throw unsentRequestError(this.getNode(), error, itemIndex);
				failure = { kind: 'connection', code };
			}
		}
		if (response) {
			const { statusCode, headers } = response;
			const waitMs = statusCode === 429 ? retryAfterMs(headers) : 0;
			ticket.answered(statusCode, waitMs <= MAX_RETRY_AFTER_MS ? waitMs : 0);
			const parsed = parseBody(response.body);
			if (statusCode >= 200 && statusCode < 300) {
				if (parsed.ok) return { statusCode, body: parsed.body };
				// An unreadable 2xx (a proxy's maintenance page, a body cut off) does not prove Agora applied
				// anything: idempotent calls are sent again, a POST is reported (see below).
				failure = { kind: 'invalidBody', statusCode };
			} else if (statusCode >= 300 && statusCode < 400) {
				throw fail(
					{ kind: 'redirect', statusCode, location: locationHost(headers, baseUrl) },
					attempt,
				);
			} else if (statusCode === 404 && method === 'DELETE' && unclearEarlierAttempt) {
				// An earlier attempt was lost in transit but did reach Agora: the thing is already gone.
				return { statusCode: 200, body: undefined, alreadyDone: true };
			} else if (statusCode === 429) {
				rateLimited++;
				// The 429 budget is measured on the monotonic clock: a wall-clock step cannot end it early.
				const now = monotonicNow();
				firstRateLimitAt ??= now;
				if (waitMs > MAX_RETRY_AFTER_MS) {
					throw fail({ kind: 'retryAfterTooLong', statusCode, waitMs }, attempt);
				}
				// The limiter holds every caller for the Retry-After (lifted early by a success
				// elsewhere), so this item only backs off a little before queueing again.
				const delay = backoffDelayMs(Math.min(rateLimited, 4), 0, 100, 1000);
				const spent = now - firstRateLimitAt;
				if (spent + Math.max(delay, waitMs) > settings.rateLimitWaitMs) {
					throw fail(
						{ kind: 'rateLimitBudget', statusCode, waitMs: spent, body: parsed.body },
						attempt,
					);
				}
				attempt--; // a 429 does not use up an attempt: it has its own time budget
				await sleepMs(delay);
				continue;
			} else {
				failure = { kind: 'status', statusCode, body: parsed.body, headers };
				if (!(idempotent && RETRYABLE_STATUS_IDEMPOTENT.has(statusCode)))
					throw fail(failure, attempt);
			}
		}
		const last = failure as Failure;
		// Failures that get here are retryable for idempotent calls (5xx, dropped connection, deadline,
		// unreadable body); a POST is never repeated when we cannot know whether Agora applied it.
		if (!idempotent || attempt >= settings.maxAttempts) throw fail(last, attempt);
		unclearEarlierAttempt = true;
		await sleepMs(backoffDelayMs(attempt));
	}
}
