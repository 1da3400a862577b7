import { createHash, createHmac } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { agoraClock } from './clock';

// Re-exported for tests and callers that reached the clock through the credential before it moved.
export { agoraClock };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

type BaseUrlCheck = { baseUrl: string; host: string } | { problem: string };

/** The last value checkApiBaseUrl answered (one entry: it is the same for every request of a run). */
let lastBaseUrlCheck: { value: unknown; result: BaseUrlCheck } | undefined;

/**
 * Checks the credential's API Base URL and returns it without trailing slashes, or says what is
 * wrong with it. A path prefix (a reverse proxy in front of Agora) is allowed and signed as sent;
 * user info would make the HTTP client send Basic auth instead of the HMAC header, and a query or a
 * fragment would end up in (or be cut from) every signed request line, so those are refused.
 */
export function checkApiBaseUrl(value: unknown): BaseUrlCheck {
	// Every request checks it twice (transport and signer), with the same value: answer it once.
	if (lastBaseUrlCheck !== undefined && lastBaseUrlCheck.value === value)
		return lastBaseUrlCheck.result;
	const result = checkBaseUrlText(String(value ?? '').trim() || 'https://api.agora.io');
	lastBaseUrlCheck = { value, result };
	return result;
}

function checkBaseUrlText(text: string): BaseUrlCheck {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { problem: `"${text}" is not a valid URL` };
	}
	if (url.username || url.password)
		return {
			problem:
				'it contains a user name or password (user:pass@host); the credential signs every request itself',
		};
	if (url.search || text.includes('?')) return { problem: 'it contains a query string (?…)' };
	if (url.hash || text.includes('#')) return { problem: 'it contains a fragment (#…)' };
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname)))
		return {
			problem: `Agora Media Broadcast requests must use https:// (got ${url.protocol}//${url.host}); plain http:// is only allowed for a loopback test server such as http://127.0.0.1`,
		};
	return { baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, host: url.host };
}

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

/** Agora's documented HMAC-SHA256 scheme (Kong hmac-auth): host, date, request-line, digest. */
/** Digest of the empty body (every request without a body: ban, unban, deletes, reads). */
const EMPTY_BODY_DIGEST = `SHA-256=${createHash('sha256').update('', 'utf8').digest('base64')}`;

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
	if ('problem' in base) {
		throw new Error(
			`The credential's API Base URL is refused: ${base.problem}. Fix the API Base URL in the credential.`,
		);
	}
	const url = resolveRequestUrl(options, base.baseUrl);
	if (url.username || url.password || url.hash) {
		throw new Error(
			'Agora Media Broadcast requests carry no user info or fragment in their URL; fix the API Base URL in the credential.',
		);
	}
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
		throw new Error(
			`Agora Media Broadcast requests must use https:// (got ${url.protocol}//${url.host}). Plain http:// is only allowed for a loopback test server such as http://127.0.0.1. Fix the API Base URL in the credential.`,
		);
	}
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

export class AgoraMediaBroadcastApi implements ICredentialType {
	name = 'agoraMediaBroadcastApi';

	displayName = 'Agora Media Broadcast API';

	icon: Icon = { light: 'file:../icons/agora.svg', dark: 'file:../icons/agora.dark.svg' };

	documentationUrl = 'https://docs.agora.io/en/api-reference/api-ref/broadcast-streaming';

	properties: INodeProperties[] = [
		{
			displayName: 'Customer ID',
			name: 'customerId',
			type: 'string',
			default: '',
			required: true,
			description: 'Customer ID from Agora Console → Developer Toolkit → RESTful API',
		},
		{
			displayName: 'Customer Secret',
			name: 'customerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Customer Secret shown once when the Customer ID was created',
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			description: 'The App ID of the Agora project that has Media Broadcast enabled',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.agora.io',
			description:
				'Leave the default for Agora. Must be https://, except for a loopback test server (http://127.0.0.1:PORT). A path prefix (a proxy in front of Agora) is allowed; user:password@, a query or a fragment are refused.',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 50,
			description:
				'Agora allows 50 requests per second per Customer ID (1 to 50). Lower it when other systems share this Customer ID; credentials with the same Customer ID share one pace in each n8n process, and the lower setting wins.',
		},
		{
			displayName: 'Notification Secret (NCS)',
			name: 'ncsSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Secret of the Agora Notification Center Service for this project. Only the Agora Media Broadcast Trigger uses it, to verify that events really come from Agora.',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return signAgoraRequest(credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '=/v1/projects/{{$credentials.appId}}/fls/domains',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Agora rejected the signature: check the Customer ID and Customer Secret (and that this machine’s clock is correct)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Agora does not know this App ID, or Media Broadcast is not enabled for it: check the App ID',
				},
			},
		],
	};
}
