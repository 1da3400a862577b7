import { createHash, createHmac } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { checkApiBaseUrl, insecureUrlProblem, refusedBaseUrlMessage } from './baseUrl';
import { agoraClock } from './clock';

/** Options as n8n hands them to `authenticate()`: the modern `url` form or the legacy `uri` form. */
type SignableOptions = IHttpRequestOptions & { uri?: string };

/**
 * Resolves the absolute URL the request will go to and folds `qs` into it, so the request line we
 * sign is byte for byte the one sent (axios encodes `:`, `,` and arrays differently from WHATWG URL).
 */
function resolveRequestUrl(options: SignableOptions, credentialBaseUrl: string): URL {
	const target = options.uri ?? options.url ?? '';
	let url: URL;
	if (/^https?:\/\//i.test(target)) {
		url = new URL(target);
	} else {
		const base = (options.baseURL ?? credentialBaseUrl ?? '').replace(/\/+$/, '');
		url = new URL(base + (target.startsWith('/') || target === '' ? target : `/${target}`));
	}
	const qs = options.qs ?? {};
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null) continue;
		const values = Array.isArray(value) ? value : [value];
		for (const v of values) {
			url.searchParams.append(key, typeof v === 'object' ? JSON.stringify(v) : String(v));
		}
	}
	return url;
}

/** Serialises the body once; the digest is computed over exactly this string and it is what is sent. */
function serialiseBody(method: string, body: IHttpRequestOptions['body']): string {
	if (method === 'GET' || method === 'HEAD' || body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (Array.isArray(body)) return body.length === 0 ? '' : JSON.stringify(body);
	if (typeof body === 'object') {
		return Object.keys(body as IDataObject).length === 0 ? '' : JSON.stringify(body);
	}
	return JSON.stringify(body);
}

const SIGNED_HEADER_NAMES = new Set(['date', 'digest', 'authorization', 'host', 'content-type']);

export interface AgoraSignature {
	date: string;
	digest: string;
	signingString: string;
	signature: string;
	authorization: string;
}

/** Digest of the empty body (every request without a body: ban, unban, deletes, reads). */
const EMPTY_BODY_DIGEST = `SHA-256=${createHash('sha256').update('', 'utf8').digest('base64')}`;

/** Agora's documented HMAC-SHA256 scheme (Kong hmac-auth): host, date, request-line, digest. */
export function computeAgoraSignature(input: {
	method: string;
	host: string;
	pathWithQuery: string;
	body: string;
	customerId: string;
	customerSecret: string;
	date: string;
}): AgoraSignature {
	const digest =
		input.body === ''
			? EMPTY_BODY_DIGEST
			: `SHA-256=${createHash('sha256').update(input.body, 'utf8').digest('base64')}`;
	const requestLine = `${input.method.toUpperCase()} ${input.pathWithQuery} HTTP/1.1`;
	const signingString = `host: ${input.host}\ndate: ${input.date}\n${requestLine}\ndigest: ${digest}`;
	const signature = createHmac('sha256', input.customerSecret)
		.update(signingString, 'utf8')
		.digest('base64');
	const authorization = `hmac username="${input.customerId}", algorithm="hmac-sha256", headers="host date request-line digest", signature="${signature}"`;
	return { date: input.date, digest, signingString, signature, authorization };
}

/**
 * Signs one request. Pure: returns new options, never mutates its input. Idempotent: n8n calls it
 * again on already-signed options after a 401 (absolute URL, string body, old headers), and each
 * call overwrites Date, Digest and Authorization with fresh values.
 */
export function signAgoraRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	now: Date = agoraClock.now(),
): IHttpRequestOptions {
	const options = requestOptions as SignableOptions;
	const method = (options.method ?? 'GET').toUpperCase();
	const base = checkApiBaseUrl(credentials.baseUrl);
	if ('problem' in base) throw new Error(refusedBaseUrlMessage(base.problem));
	const url = resolveRequestUrl(options, base.baseUrl);
	if (url.username || url.password || url.hash) {
		throw new Error(
			'Agora Media Broadcast requests carry no user info or fragment in their URL; fix the API Base URL in the credential.',
		);
	}
	// The URL n8n hands over may be absolute (the HTTP Request node): the https rule applies to it too.
	const insecure = insecureUrlProblem(url);
	if (insecure) throw new Error(`${insecure}. Fix the API Base URL in the credential.`);
	const body = serialiseBody(method, options.body);
	const signed = computeAgoraSignature({
		method,
		host: url.host,
		pathWithQuery: url.pathname + url.search,
		body,
		customerId: String(credentials.customerId ?? ''),
		customerSecret: String(credentials.customerSecret ?? ''),
		date: now.toUTCString(),
	});

	const headers: IDataObject = {};
	for (const [name, value] of Object.entries(options.headers ?? {})) {
		if (!SIGNED_HEADER_NAMES.has(name.toLowerCase())) headers[name] = value;
	}
	headers.Date = signed.date;
	headers.Digest = signed.digest;
	headers.Authorization = signed.authorization;
	if (body !== '') headers['Content-Type'] = 'application/json';

	const result: SignableOptions = {
		...options,
		headers,
		method: method as IHttpRequestOptions['method'],
	};
	delete result.qs;
	delete result.baseURL;
	if (options.uri !== undefined) {
		result.uri = url.href;
		delete (result as Partial<SignableOptions>).url;
	} else {
		result.url = url.href;
	}
	if (body === '') delete result.body;
	else result.body = body;
	return result;
}
