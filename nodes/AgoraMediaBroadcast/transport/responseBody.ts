import type { IDataObject } from 'n8n-workflow';

import { headerValue } from './errors';
import { MAX_RESPONSE_BYTES } from './settings';

/** An answer longer than MAX_RESPONSE_BYTES: reading stopped there and the connection was closed. */
export class ResponseTooLargeError extends Error {
	constructor(readonly statusCode: number) {
		super(`the answer is larger than ${MAX_RESPONSE_BYTES} bytes`);
	}
}

/** What n8n hands back for `encoding: 'stream'`: a readable stream of the (decompressed) body. */
interface BodyStream {
	on(event: string, listener: (arg: never) => void): unknown;
	destroy(error?: Error): unknown;
	readonly destroyed?: boolean;
}

function isBodyStream(value: unknown): value is BodyStream {
	return (
		value !== null &&
		typeof value === 'object' &&
		typeof (value as BodyStream).on === 'function' &&
		typeof (value as BodyStream).destroy === 'function'
	);
}

/**
 * Closes a body that will not be read. `closeRequest` aborts the request's own signal first: the
 * stream n8n hands over may wrap the response (axios 1.1x), and destroying a wrapper that was never
 * read leaves the connection open.
 */
function closeBody(stream: BodyStream, closeRequest: () => void): void {
	closeRequest();
	if (!stream.destroyed) stream.destroy();
}

/**
 * Reads an answer's body as text, at most MAX_RESPONSE_BYTES of it: a declared Content-Length above
 * the cap fails before reading, a body that grows past it fails at the cap (the connection is
 * closed). `signal` ends the read too (the attempt's deadline, a cancel).
 */
export async function readCappedBody(
	raw: unknown,
	statusCode: number,
	headers: IDataObject | undefined,
	signal: AbortSignal,
	closeRequest: () => void,
): Promise<unknown> {
	if (!isBodyStream(raw)) {
		// Not a stream (an n8n that ignores `encoding: 'stream'`): the cap still decides the outcome.
		const size = typeof raw === 'string' || Buffer.isBuffer(raw) ? Buffer.byteLength(raw) : 0;
		if (size > MAX_RESPONSE_BYTES) throw new ResponseTooLargeError(statusCode);
		return raw;
	}
	const stream = raw;
	const declared = Number(headerValue(headers, 'content-length'));
	if (Number.isFinite(declared) && declared > MAX_RESPONSE_BYTES) {
		closeBody(stream, closeRequest);
		throw new ResponseTooLargeError(statusCode);
	}
	return await new Promise<string>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		const finish = (error?: Error) => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', onAbort);
			if (error) {
				closeBody(stream, closeRequest);
				reject(error);
			} else {
				resolve(Buffer.concat(chunks).toString('utf8'));
			}
		};
		const onAbort = () =>
			finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		stream.on('data', (chunk: Buffer | string) => {
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			size += buffer.length;
			if (size > MAX_RESPONSE_BYTES) finish(new ResponseTooLargeError(statusCode));
			else chunks.push(buffer);
		});
		stream.on('end', () => finish());
		stream.on('error', (error: Error) => finish(error));
		// A stream destroyed elsewhere (axios on abort, a dropped socket) may close without 'end'.
		stream.on('close', () => finish(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
	});
}

/** Closes the body unread (and with it the connection); undefined in its place. */
export function discardBody(raw: unknown, closeRequest: () => void): undefined {
	if (isBodyStream(raw)) closeBody(raw, closeRequest);
	return undefined;
}

/** The body as JSON: `ok` false when it is not JSON; `undefined` for an empty body. */
export function parseBody(raw: unknown): { body: IDataObject | undefined; ok: boolean } {
	if (raw === undefined || raw === null || raw === '') return { body: undefined, ok: true };
	if (typeof raw === 'object' && !Buffer.isBuffer(raw))
		return { body: raw as IDataObject, ok: true };
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
