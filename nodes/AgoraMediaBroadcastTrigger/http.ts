import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/** Larger bodies are refused with 413 before any signature work. NCS events are a few hundred bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What the trigger reads from n8n's request: n8n keeps the exact bytes received in `rawBody`. */
interface RawRequest {
	rawBody?: unknown;
	readRawBody?: () => Promise<void>;
	body?: unknown;
	method?: string;
}

/** What the trigger writes on n8n's response (an express Response, itself a Node ServerResponse). */
interface RawResponse {
	headersSent?: boolean;
	writeHead(statusCode: number, headers: Record<string, string | number>): unknown;
	end(body?: string): unknown;
}

/**
 * The request body exactly as received. n8n's body parser stores it in `req.rawBody` (reading it
 * first through `req.readRawBody()` when no parser ran); signatures must be checked on these bytes,
 * never on a re-serialised `req.body`.
 */
export async function readRawBody(this: IWebhookFunctions): Promise<Buffer> {
	const request = this.getRequestObject() as unknown as RawRequest;
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		await request.readRawBody();
	}
	if (Buffer.isBuffer(request.rawBody)) return request.rawBody;
	// No raw bytes available (not seen with n8n's own server): fall back to what was parsed.
	const body = request.body;
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	if (body && typeof body === 'object' && Object.keys(body).length > 0) {
		return Buffer.from(JSON.stringify(body), 'utf8');
	}
	return Buffer.alloc(0);
}

export function requestMethod(this: IWebhookFunctions): string {
	const request = this.getRequestObject() as unknown as RawRequest;
	return String(request.method ?? 'POST').toUpperCase();
}

/**
 * Answers the request here and starts no execution: n8n sees `noWebhookResponse` and no
 * `workflowData`. Writing the status ourselves is needed because for a `webhookResponse` n8n uses the
 * webhook's configured response code (200), not one set earlier on the response object.
 */
export function rejectRequest(
	this: IWebhookFunctions,
	statusCode: number,
	body: IDataObject,
): IWebhookResponseData {
	const response = this.getResponseObject() as unknown as RawResponse;
	if (!response.headersSent) {
		const text = JSON.stringify(body);
		response.writeHead(statusCode, {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Length': Buffer.byteLength(text),
		});
		response.end(text);
	}
	return { noWebhookResponse: true };
}
