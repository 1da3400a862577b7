import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { agoraClock } from '../../../credentials/common/agora';
import { maskCarriedSecrets } from '../shared/secrets';
import { MAX_RESPONSE_BYTES, REQUEST_SETTINGS } from './settings';

/**
 * Everything the transport tells a user when a request fails: one place for the wording, so the
 * sending code (index.ts) only decides *what* happened.
 */

/** What went wrong with the last attempt of one request. */
export interface Failure {
	kind:
		| 'status'
		| 'connection'
		| 'invalidBody'
		| 'redirect'
		| 'deadline'
		| 'retryAfterTooLong'
		| 'rateLimitBudget'
		| 'tooLarge';
	statusCode?: number;
	code?: string;
	body?: IDataObject;
	headers?: IDataObject;
	/** Host named by a 3xx answer's Location header. */
	location?: string;
	/** ms: the per-attempt deadline, Agora's Retry-After, or the 429 time budget. */
	waitMs?: number;
}

/** The request as the error describes it: method, path relative to the App, and the 404 wording. */
export interface FailedRequest {
	method: string;
	path: string;
	notFound?: string;
	body?: IDataObject;
}

const STATUS_TEXT: Record<number, string> = {
	500: 'internal server error',
	502: 'bad gateway',
	503: 'service unavailable',
	504: 'gateway timeout',
};

export function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
	}
	return undefined;
}

function serverMessage(body: IDataObject | undefined): string | undefined {
	if (!body) return undefined;
	const message = body.message ?? body.error ?? body.reason;
	return typeof message === 'string' ? message : undefined;
}

/**
 * NodeApiError and NodeOperationError replace any message that contains a network code
 * (`ECONNREFUSED`, `ETIMEDOUT`, ...) with n8n's generic text, which would hide what Agora said.
 * Our messages are already written for the user: put them back after construction.
 */
function keepMessage<T extends NodeApiError | NodeOperationError>(error: T, message: string): T {
	error.message = message;
	return error;
}

/** Seconds our clock is ahead of (positive) or behind (negative) the server's `Date` header. */
function clockSkewSeconds(headers: IDataObject | undefined): number | undefined {
	const serverDate = headerValue(headers, 'date');
	if (!serverDate) return undefined;
	const serverMs = Date.parse(serverDate);
	if (Number.isNaN(serverMs)) return undefined;
	return (agoraClock.now().getTime() - serverMs) / 1000;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** Turns the final failure into a NodeApiError that says what happened and what to do. */
export function agoraRequestError(
	node: INode,
	request: FailedRequest,
	failure: Failure,
	attempts: number,
	itemIndex: number,
): NodeApiError {
	const method = request.method.toUpperCase();
	const where = `${method} ${request.path}`;
	const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
	const said = serverMessage(failure.body);
	const fromServer = said === undefined ? undefined : maskCarriedSecrets(said, request.body);
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
	const createsSomething = method === 'POST';
	const maybeApplied =
		'Agora may or may not have applied it. Check before running this item again.';
	if (failure.kind === 'redirect') {
		message = `Agora's address answered ${failure.statusCode} and redirected to ${failure.location ?? 'another address'}; the request was not sent there (${where})`;
		description =
			'Redirects are never followed: they would carry the signed request (and any storage keys) to another server. Check the API Base URL in the credential.';
	} else if (failure.kind === 'tooLarge') {
		const status = failure.statusCode as number;
		message = `Agora's answer (${status}) was larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB; reading stopped there and the request was not retried (${where})`;
		const applied =
			method !== 'GET' && status >= 200 && status < 300
				? ` The status says the ${method} was applied.`
				: '';
		description = `Agora's largest answers stay far below this limit: the API Base URL in the credential may not point at Agora, or a proxy in between is broken. Check the API Base URL.${applied}`;
	} else if (failure.kind === 'deadline') {
		// Same words as a socket timeout: to the user both are "no complete answer in time".
		const deadline = seconds(failure.waitMs ?? 0);
		message = createsSomething
			? `Agora did not answer in time (deadline ${deadline}); the request was not retried because it creates something (${where})`
			: `Agora did not answer in time on all ${tries} (deadline ${deadline} each, ${where})`;
		description = createsSomething
			? maybeApplied
			: `Each attempt must be answered in full within 'Timeout (Seconds)' under Request Settings (at most ${REQUEST_SETTINGS.timeout.max}). Raise it if Agora is slow, or check the network path to the API Base URL.`;
	} else if (failure.kind === 'retryAfterTooLong') {
		message = `Agora's rate limit was hit (429) and Agora asked to wait ${seconds(failure.waitMs ?? 0)}, longer than the 60 s this node waits; the item was not retried (${where})`;
		description =
			'Agora did not apply the request. Run the item again later, or lower the pace of other systems sharing this Customer ID.';
	} else if (failure.kind === 'rateLimitBudget') {
		message = `Agora's rate limit was hit (429) and the request was still refused after ${seconds(failure.waitMs ?? 0)} of retries (${tries}, ${where})`;
		description =
			"Agora did not apply the request. Lower 'Requests per Second' in the credential when other systems share this Customer ID, run fewer executions at once, or raise 'Rate Limit Wait (Seconds)' under Request Settings.";
	} else if (failure.kind === 'connection') {
		const isTimeout = failure.code === 'ETIMEDOUT' || failure.code === 'ECONNABORTED';
		// In words, not the code: n8n swaps any message containing e.g. "ECONNRESET" for generic text.
		const what = isTimeout
			? 'Agora did not answer in time'
			: failure.code === 'ECONNREFUSED'
				? 'Agora refused the connection'
				: 'The connection to Agora dropped before an answer came';
		if (createsSomething) {
			message = `${what}; the request was not retried because it creates something (${where})`;
			description = `Agora may or may not have applied it. Check (for example with a Get Many operation) before running this item again (network error ${failure.code}).`;
		} else {
			message = `${what} on all ${tries} (${where})`;
			description = `Check the network path to the API Base URL, then run the workflow again (network error ${failure.code}).`;
		}
	} else if (failure.kind === 'invalidBody' && createsSomething) {
		message = `Agora answered ${failure.statusCode} but the body was not valid JSON; the request was not retried because it creates something (${where})`;
		description = maybeApplied;
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
			message = createsSomething
				? `Agora answered ${status} (${text}); the request was not retried because it creates something (${where})`
				: `Agora answered ${status} (${text}) on all ${tries} (${where})`;
			description = createsSomething ? maybeApplied : 'Agora is having trouble. Try again later.';
		} else {
			message = `Agora answered ${status}${fromServer ? `: ${fromServer}` : ''} (${where})`;
		}
	}
	return keepMessage(
		new NodeApiError(node, errorResponse, {
			message,
			description,
			httpCode: failure.statusCode ? String(failure.statusCode) : undefined,
			itemIndex,
		}),
		message,
	);
}

/** A failure before any answer that is not a network problem (e.g. the credential refused to sign). */
export function unsentRequestError(node: INode, error: unknown, itemIndex: number): NodeApiError {
	const message = (error as Error)?.message ?? 'Request could not be sent';
	return keepMessage(new NodeApiError(node, { message }, { message, itemIndex }), message);
}
