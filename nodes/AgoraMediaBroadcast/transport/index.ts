import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { agoraClock } from '../../../credentials/clock';
import { backoffDelayMs, getRateLimiter } from './rateLimiter';

export const CREDENTIAL_TYPE = 'agoraMediaBroadcastApi';

/** One Agora call, as an operation describes it. `path` is relative to `/v1/projects/{appid}/fls`. */
export interface AgoraRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Names what a 404 means for this call, e.g. `entry point "live" or stream "s1"`. */
	notFound?: string;
}

export interface AgoraResponse {
	statusCode: number;
	/** Parsed JSON body; `undefined` when Agora answered with an empty body (most writes do). */
	body: IDataObject | undefined;
	/** True when a DELETE was retried after an unclear failure and the thing was already gone. */
	alreadyDone?: boolean;
}

export interface TransportSettings {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	timeoutMs: number;
	/** The decrypted credential, when the caller already read it (once per node run, not per item). */
	credentials?: ICredentialDataDecryptedObject;
}

export const DEFAULT_TRANSPORT_SETTINGS: TransportSettings = { maxAttempts: 6, timeoutMs: 30000 };

/** Node executions, list searches and the trigger's activation hooks all send through here. */
type AgoraContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

const RETRYABLE_STATUS_IDEMPOTENT = new Set([429, 500, 502, 503, 504]);
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

const STATUS_TEXT: Record<number, string> = {
	500: 'internal server error',
	502: 'bad gateway',
	503: 'service unavailable',
	504: 'gateway timeout',
};

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

function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
	}
	return undefined;
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds; 0 when absent. */
function retryAfterMs(headers: IDataObject | undefined): number {
	const value = headerValue(headers, 'retry-after');
	if (!value) return 0;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const at = Date.parse(value);
	return Number.isNaN(at) ? 0 : Math.max(0, at - agoraClock.now().getTime());
}

function parseBody(raw: unknown): { body: IDataObject | undefined; ok: boolean } {
	if (raw === undefined || raw === null || raw === '') return { body: undefined, ok: true };
	if (typeof raw === 'object') return { body: raw as IDataObject, ok: true };
	const text = String(raw).trim();
	if (text === '') return { body: undefined, ok: true };
	try {
		const parsed = JSON.parse(text) as unknown;
		if (parsed !== null && typeof parsed === 'object')
			return { body: parsed as IDataObject, ok: true };
		return { body: { value: parsed } as IDataObject, ok: true };
	} catch {
		return { body: undefined, ok: false };
	}
}

function serverMessage(body: IDataObject | undefined): string | undefined {
	if (!body) return undefined;
	const message = body.message ?? body.error ?? body.reason;
	return typeof message === 'string' ? message : undefined;
}

interface Failure {
	kind: 'status' | 'connection' | 'invalidBody';
	statusCode?: number;
	code?: string;
	body?: IDataObject;
	headers?: IDataObject;
}

/**
 * Sends one Agora request: waits for the account's rate limiter, lets the credential sign it
 * (a fresh Date on every attempt), retries what is safe to retry, and turns failures into errors a
 * user can act on. Every request of the node goes through here.
 *
 * Retry rules:
 * - 429: always retried (Agora did not process it), after full-jitter backoff with Retry-After as a floor.
 * - 500/502/503/504, dropped connections, timeouts, unreadable 2xx bodies: retried only for
 *   idempotent methods (GET, PUT, PATCH, DELETE). A POST creates a clip, snapshot, domain or
 *   template, so it is never sent twice when we cannot know whether Agora applied it.
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
	const baseUrl = String(credentials.baseUrl || 'https://api.agora.io').replace(/\/+$/, '');
	const appId = String(credentials.appId ?? '').trim();
	const requestsPerSecond = Number(credentials.requestsPerSecond) || 50;
	let host: string;
	try {
		host = new URL(baseUrl).host;
	} catch {
		throw new NodeApiError(
			this.getNode(),
			{ message: 'Invalid API Base URL' },
			{
				message: `The credential's API Base URL "${baseUrl}" is not a valid URL`,
				description: 'Use https://api.agora.io, or http://127.0.0.1:PORT for a local test server.',
				itemIndex,
			},
		);
	}
	const limiter = getRateLimiter(`${String(credentials.customerId)}@${host}`, requestsPerSecond);
	const method = request.method.toUpperCase() as IHttpRequestMethods;
	const idempotent = method !== 'POST';
	const url = `/v1/projects/${encodeURIComponent(appId)}/fls${request.path}`;

	let lastFailure: Failure | undefined;
	let unclearEarlierAttempt = false;
	let attempt = 0;
	for (attempt = 1; attempt <= settings.maxAttempts; attempt++) {
		const ticket = await limiter.acquire();
		const options: IHttpRequestOptions = {
			method,
			baseURL: baseUrl,
			url,
			qs: request.qs,
			body: request.body,
			headers: { Accept: 'application/json' },
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: settings.timeoutMs,
		};
		let failure: Failure;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as { statusCode: number; body: unknown; headers: IDataObject };
			ticket.answered();
			const { statusCode, headers } = response;
			const parsed = parseBody(response.body);
			if (statusCode >= 200 && statusCode < 300) {
				limiter.onSuccess();
				if (parsed.ok) return { statusCode, body: parsed.body };
				// An unreadable 2xx (a proxy's maintenance page, a body cut off) does not prove Agora applied
				// anything: idempotent calls are sent again, a POST is reported (see below).
				failure = { kind: 'invalidBody', statusCode };
			} else if (statusCode === 404 && method === 'DELETE' && unclearEarlierAttempt) {
				// An earlier attempt was lost in transit but did reach Agora: the thing is already gone.
				return { statusCode: 200, body: undefined, alreadyDone: true };
			} else {
				failure = { kind: 'status', statusCode, body: parsed.body, headers };
				if (statusCode === 429) {
					// Agora did not process it. The limiter slows the account down when 429s keep coming
					// and, when Agora says how long to wait (Retry-After), holds every caller back that long.
					limiter.onRateLimited(retryAfterMs(headers));
				} else if (!(idempotent && RETRYABLE_STATUS_IDEMPOTENT.has(statusCode))) {
					lastFailure = failure;
					break;
				}
			}
		} catch (error) {
			const code = connectionErrorCode(error);
			if (!code) {
				// Not a network problem (e.g. the credential refused to sign): report it as it is.
				throw new NodeApiError(
					this.getNode(),
					{ message: (error as Error).message ?? 'Request could not be sent' },
					{ message: (error as Error).message, itemIndex },
				);
			}
			failure = { kind: 'connection', code };
		}
		lastFailure = failure;
		// Status failures that get here are retryable (429, or 5xx on an idempotent call); others
		// (dropped connection, timeout, unreadable body) only when repeating cannot duplicate anything.
		const retryable = failure.kind === 'status' || idempotent;
		if (!retryable || attempt >= settings.maxAttempts) break;
		if (failure.kind !== 'status' || (failure.statusCode ?? 0) >= 500) unclearEarlierAttempt = true;
		await sleep(
			backoffDelayMs(attempt, failure.statusCode === 429 ? retryAfterMs(failure.headers) : 0),
		);
	}
	throw agoraRequestError.call(
		this,
		request,
		lastFailure as Failure,
		Math.min(attempt, settings.maxAttempts),
		itemIndex,
	);
}

/** Turns the final failure into a NodeApiError that says what happened and what to do. */
function agoraRequestError(
	this: AgoraContext,
	request: AgoraRequest,
	failure: Failure,
	attempts: number,
	itemIndex: number,
): NodeApiError {
	const method = request.method.toUpperCase();
	const where = `${method} ${request.path}`;
	const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
	const fromServer = serverMessage(failure.body);
	// Only these plain fields reach the error: never the request options (they carry the Authorization header).
	const errorResponse: JsonObject = {
		request: where,
		...(failure.statusCode ? { httpCode: failure.statusCode } : {}),
		// Not under `code`: NodeApiError would replace our message with its generic text for network codes.
		...(failure.code ? { networkError: failure.code } : {}),
		...(fromServer ? { message: fromServer } : {}),
	};
	let message: string;
	let description: string | undefined;
	if (failure.kind === 'connection') {
		const isTimeout = failure.code === 'ETIMEDOUT' || failure.code === 'ECONNABORTED';
		// In words, not the code: NodeApiError swaps any message containing e.g. "ECONNRESET" for generic text.
		const what = isTimeout
			? 'Agora did not answer in time'
			: failure.code === 'ECONNREFUSED'
				? 'Agora refused the connection'
				: 'The connection to Agora dropped before an answer came';
		if (method === 'POST') {
			message = `${what}; the request was not retried because it creates something (${where})`;
			description = `Agora may or may not have applied it. Check (for example with a Get Many operation) before running this item again (network error ${failure.code}).`;
		} else {
			message = `${what} on all ${tries} (${where})`;
			description = `Check the network path to the API Base URL, then run the workflow again (network error ${failure.code}).`;
		}
	} else if (failure.kind === 'invalidBody' && method === 'POST') {
		message = `Agora answered ${failure.statusCode} but the body was not valid JSON; the request was not retried because it creates something (${where})`;
		description = 'Agora may or may not have applied it. Check before running this item again.';
	} else if (failure.kind === 'invalidBody') {
		message = `Agora answered ${failure.statusCode} but the body was not valid JSON (${tries}, ${where})`;
		description =
			'The response was cut off or was not JSON. Run the workflow again; if it persists, Agora may be having a problem.';
	} else {
		const status = failure.statusCode as number;
		if (status === 401) {
			const skew = clockSkewSeconds(failure.headers);
			if (skew !== undefined && Math.abs(skew) > 300) {
				message = `Agora rejected the request signature: this machine's clock is off by ${Math.round(Math.abs(skew))} s (${skew > 0 ? 'ahead of' : 'behind'} Agora; the limit is 300 s)`;
				description =
					'Correct the system clock of the n8n host (enable NTP), then run the workflow again.';
			} else {
				message =
					'Agora rejected the credentials (401): check the Customer ID, Customer Secret and App ID in the credential';
				description = fromServer ? `Agora said: ${fromServer}` : undefined;
			}
		} else if (status === 404) {
			message = `Not found (404): ${request.notFound ?? 'the requested resource'} does not exist for this App ID`;
			description = fromServer ? `Agora said: ${fromServer}` : 'Check the names used by this item.';
		} else if (status === 400) {
			message = `Agora rejected the request (400): ${fromServer ?? 'invalid parameter'}`;
			description = `Check the parameters of this item (${where}).`;
		} else if (status === 429) {
			message = `Agora's rate limit was hit (429) on all ${tries} (${where})`;
			description =
				"Lower 'Requests per Second' in the credential when other systems share this Customer ID, or run fewer executions at once.";
		} else if (status >= 500) {
			const text = STATUS_TEXT[status] ?? 'server error';
			message =
				method === 'POST'
					? `Agora answered ${status} (${text}); the request was not retried because it creates something (${where})`
					: `Agora answered ${status} (${text}) on all ${tries} (${where})`;
			description =
				method === 'POST'
					? 'Agora may or may not have applied it. Check before running this item again.'
					: 'Agora is having trouble. Try again later.';
		} else {
			message = `Agora answered ${status}${fromServer ? `: ${fromServer}` : ''} (${where})`;
		}
	}
	return new NodeApiError(this.getNode(), errorResponse, {
		message,
		description,
		httpCode: failure.statusCode ? String(failure.statusCode) : undefined,
		itemIndex,
	});
}

/** Seconds our clock is ahead of (positive) or behind (negative) the server's `Date` header. */
function clockSkewSeconds(headers: IDataObject | undefined): number | undefined {
	const serverDate = headerValue(headers, 'date');
	if (!serverDate) return undefined;
	const serverMs = Date.parse(serverDate);
	if (Number.isNaN(serverMs)) return undefined;
	return (agoraClock.now().getTime() - serverMs) / 1000;
}
