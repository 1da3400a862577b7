// The credential's signer against Agora's documented algorithm (reference §1.1), byte for byte.
'use strict';

const crypto = require('node:crypto');
const path = require('node:path');

const { AgoraMediaBroadcastApi } = require(
	path.join(__dirname, '../../dist/credentials/AgoraMediaBroadcastApi.credentials.js'),
);
const { signAgoraRequest, computeAgoraSignature, agoraClock } = require(
	path.join(__dirname, '../../dist/credentials/common/agora/index.js'),
);

const APP = '0123456789abcdef0123456789abcdef';
const FIXED = new Date('2025-01-01T00:00:00Z');
const credentials = {
	customerId: 'test_user',
	customerSecret: 'test_secret',
	appId: APP,
	baseUrl: 'https://api.agora.io',
};

function deepFreeze(object) {
	for (const value of Object.values(object))
		if (value && typeof value === 'object') deepFreeze(value);
	return Object.freeze(object);
}

/** Recomputes what a Kong hmac-auth gateway checks, from the options as they will be sent. */
function verify(signed, secret = credentials.customerSecret) {
	const url = new URL(signed.url ?? signed.uri);
	const body = signed.body ?? '';
	const digest = `SHA-256=${crypto.createHash('sha256').update(body, 'utf8').digest('base64')}`;
	const signingString = `host: ${url.host}\ndate: ${signed.headers.Date}\n${signed.method} ${url.pathname}${url.search} HTTP/1.1\ndigest: ${digest}`;
	const signature = crypto.createHmac('sha256', secret).update(signingString).digest('base64');
	return {
		digestOk: signed.headers.Digest === digest,
		signatureOk: signed.headers.Authorization.includes(`signature="${signature}"`),
		signingString,
	};
}

describe('reference §1.1 vectors', () => {
	test('GET /domains, empty body', () => {
		const signed = signAgoraRequest(
			credentials,
			{ method: 'GET', baseURL: 'https://api.agora.io', url: `/v1/projects/${APP}/fls/domains` },
			FIXED,
		);
		expect(signed.headers.Date).toBe('Wed, 01 Jan 2025 00:00:00 GMT');
		expect(signed.headers.Digest).toBe('SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
		expect(signed.headers.Authorization).toBe(
			'hmac username="test_user", algorithm="hmac-sha256", headers="host date request-line digest", signature="w9PFcQJhZCwibRqB3rR2RjIAYs21Wh/qGnjtqqttsnE="',
		);
		expect(signed.url).toBe(`https://api.agora.io/v1/projects/${APP}/fls/domains`);
		expect(signed.body).toBeUndefined();
		expect(signed.qs).toBeUndefined();
	});

	test('PATCH ban with a compact JSON body', () => {
		const signed = signAgoraRequest(
			credentials,
			{
				method: 'PATCH',
				baseURL: 'https://api.agora.io',
				url: `/v1/projects/${APP}/fls/entry_points/live/admin/banned_streams/test_stream`,
				body: { resumeTime: '2023-11-29T19:00:00+08:00' },
			},
			FIXED,
		);
		expect(signed.body).toBe('{"resumeTime":"2023-11-29T19:00:00+08:00"}');
		expect(signed.headers.Digest).toBe('SHA-256=PXQkNxMbksThPs7D7Nxd5xuiwhxnYKmQa5hj3X0vUlM=');
		expect(signed.headers.Authorization).toContain(
			'signature="/X6E4+fsH/1O6lVcIn3xy+9Q7JhDsWR3ZiEjbIiP42E="',
		);
		expect(signed.headers['Content-Type']).toBe('application/json');
	});

	test('signing string has the documented shape', () => {
		const result = computeAgoraSignature({
			method: 'get',
			host: 'api.agora.io',
			pathWithQuery: `/v1/projects/${APP}/fls/domains`,
			body: '',
			customerId: 'test_user',
			customerSecret: 'test_secret',
			date: 'Wed, 01 Jan 2025 00:00:00 GMT',
		});
		expect(result.signingString).toBe(
			`host: api.agora.io\ndate: Wed, 01 Jan 2025 00:00:00 GMT\nGET /v1/projects/${APP}/fls/domains HTTP/1.1\ndigest: SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=`,
		);
		expect(result.signature).toBe('w9PFcQJhZCwibRqB3rR2RjIAYs21Wh/qGnjtqqttsnE=');
	});
});

describe('the signed request line is the one sent', () => {
	test.each([
		[
			'colon and plus of RFC 3339 times',
			{ start_time: '2026-11-28T10:00:00+08:00', stream_name: 's1' },
		],
		['commas', { list: 'a,b,c' }],
		['spaces', { q: 'a b  c' }],
		['non-ASCII', { name: 'Zoë ✓ 流' }],
		['array values', { id: ['x', 'y'] }],
	])('query with %s is folded into the URL and signed as sent', (_label, qs) => {
		const signed = signAgoraRequest(
			credentials,
			{
				method: 'GET',
				baseURL: 'https://api.agora.io',
				url: `/v1/projects/${APP}/fls/reports`,
				qs,
			},
			FIXED,
		);
		expect(signed.qs).toBeUndefined();
		const url = new URL(signed.url);
		for (const [key, value] of Object.entries(qs)) {
			expect(url.searchParams.getAll(key)).toEqual(Array.isArray(value) ? value : [value]);
		}
		// Only ASCII goes on the wire, so no HTTP client re-encodes what was signed.
		expect(/^[\x21-\x7e]+$/.test(url.pathname + url.search)).toBe(true);
		expect(verify(signed)).toMatchObject({ digestOk: true, signatureOk: true });
		expect(verify(signed).signingString).toContain(`GET ${url.pathname}${url.search} HTTP/1.1`);
	});

	test('the query is part of the signature (Kong signs path with query)', () => {
		const a = signAgoraRequest(
			credentials,
			{ method: 'POST', url: `https://api.agora.io/x/domains`, qs: { id: 'a.com' } },
			FIXED,
		);
		const b = signAgoraRequest(
			credentials,
			{ method: 'POST', url: `https://api.agora.io/x/domains`, qs: { id: 'b.com' } },
			FIXED,
		);
		expect(a.headers.Authorization).not.toBe(b.headers.Authorization);
	});

	test('unicode body: digest over its UTF-8 bytes, body returned as the exact string', () => {
		const body = { fileName: 'clip-Zoë-✓-流.m3u8', note: 'quote " and \\ backslash' };
		const signed = signAgoraRequest(
			credentials,
			{ method: 'POST', url: 'https://api.agora.io/v1/x', body },
			FIXED,
		);
		expect(signed.body).toBe(JSON.stringify(body));
		const expected = crypto
			.createHash('sha256')
			.update(Buffer.from(JSON.stringify(body), 'utf8'))
			.digest('base64');
		expect(signed.headers.Digest).toBe(`SHA-256=${expected}`);
	});

	test.each([
		['undefined', undefined],
		['{}', {}],
		['[]', []],
		['empty string', ''],
	])('empty body (%s) → digest of "" and no body sent', (_label, body) => {
		const signed = signAgoraRequest(
			credentials,
			{ method: 'POST', url: 'https://api.agora.io/v1/x', body },
			FIXED,
		);
		expect(signed.body).toBeUndefined();
		expect(signed.headers.Digest).toBe('SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
		expect(signed.headers['Content-Type']).toBeUndefined();
	});

	test('PUT with no body (start recording task)', () => {
		const signed = signAgoraRequest(
			credentials,
			{
				method: 'PUT',
				baseURL: 'https://api.agora.io',
				url: '/v1/projects/a/fls/entry_points/live/admin/record/standard/regions/cn/tasks',
				qs: { id: 's1' },
			},
			FIXED,
		);
		expect(signed.body).toBeUndefined();
		expect(signed.url).toBe(
			'https://api.agora.io/v1/projects/a/fls/entry_points/live/admin/record/standard/regions/cn/tasks?id=s1',
		);
		expect(verify(signed)).toMatchObject({ digestOk: true, signatureOk: true });
	});

	test('a GET never carries a body in the digest', () => {
		const signed = signAgoraRequest(
			credentials,
			{ method: 'GET', url: 'https://api.agora.io/v1/x', body: { a: 1 } },
			FIXED,
		);
		expect(signed.body).toBeUndefined();
		expect(signed.headers.Digest).toBe('SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
	});
});

describe('idempotent, pure, both option forms', () => {
	const input = () =>
		deepFreeze({
			method: 'PATCH',
			baseURL: 'https://api.agora.io',
			url: `/v1/projects/${APP}/fls/entry_points/live/admin/delayed_streams/s1`,
			qs: { t: '2026-11-28T10:00:00Z' },
			body: { delay: 30 },
			headers: { Accept: 'application/json', 'x-trace': 'abc' },
		});

	test('never mutates its input (frozen input does not throw, stays equal)', () => {
		const options = input();
		const before = JSON.stringify(options);
		signAgoraRequest(credentials, options, FIXED);
		expect(JSON.stringify(options)).toBe(before);
	});

	test('re-signing signed options (n8n does so after a 401) gives the same request with fresh headers', () => {
		const first = signAgoraRequest(credentials, input(), FIXED);
		const later = new Date(FIXED.getTime() + 7000);
		const second = signAgoraRequest(
			credentials,
			deepFreeze({ ...first, headers: { ...first.headers } }),
			later,
		);
		expect(second.url).toBe(first.url);
		expect(second.body).toBe(first.body);
		expect(second.headers.Digest).toBe(first.headers.Digest);
		expect(second.headers.Date).toBe('Wed, 01 Jan 2025 00:00:07 GMT');
		expect(second.headers.Authorization).not.toBe(first.headers.Authorization);
		expect(
			Object.keys(second.headers).filter((k) => k.toLowerCase() === 'authorization'),
		).toHaveLength(1);
		expect(second.headers['x-trace']).toBe('abc');
		expect(verify(second)).toMatchObject({ digestOk: true, signatureOk: true });
	});

	test('old lower-case auth headers are replaced, not duplicated', () => {
		const signed = signAgoraRequest(
			credentials,
			{
				method: 'GET',
				url: 'https://api.agora.io/v1/x',
				headers: { authorization: 'old', date: 'old', digest: 'old' },
			},
			FIXED,
		);
		expect(signed.headers.authorization).toBeUndefined();
		expect(signed.headers.date).toBeUndefined();
		expect(signed.headers.Authorization).toMatch(/^hmac username="test_user"/);
	});

	test('legacy `uri` form (HTTP Request node with a predefined credential)', () => {
		const signed = signAgoraRequest(
			credentials,
			{
				method: 'POST',
				uri: `https://api.agora.io/v1/projects/${APP}/fls/domains?id=a.example.com`,
				body: '{"type":"play"}',
				json: true,
			},
			FIXED,
		);
		expect(signed.uri).toBe(`https://api.agora.io/v1/projects/${APP}/fls/domains?id=a.example.com`);
		expect(signed.url).toBeUndefined();
		expect(signed.body).toBe('{"type":"play"}');
		expect(verify(signed)).toMatchObject({ digestOk: true, signatureOk: true });
	});

	test('relative url with no baseURL uses the credential base URL', () => {
		const signed = signAgoraRequest(
			{ ...credentials, baseUrl: 'http://127.0.0.1:8787/' },
			{ method: 'GET', url: '/v1/x' },
			FIXED,
		);
		expect(signed.url).toBe('http://127.0.0.1:8787/v1/x');
		expect(verify(signed).signingString).toMatch(/^host: 127\.0\.0\.1:8787\n/);
	});

	test('authenticate() reads the injectable clock, fresh on every call', async () => {
		const credential = new AgoraMediaBroadcastApi();
		const original = agoraClock.now;
		try {
			agoraClock.now = () => new Date('2030-05-06T07:08:09Z');
			const signed = await credential.authenticate(credentials, {
				method: 'GET',
				url: 'https://api.agora.io/v1/x',
			});
			expect(signed.headers.Date).toBe('Mon, 06 May 2030 07:08:09 GMT');
		} finally {
			agoraClock.now = original;
		}
	});
});

describe('base URL scheme', () => {
	test.each([
		'http://api.agora.io',
		'http://10.0.0.5:8080',
		'http://example.com',
		'ftp://api.agora.io',
	])('%s is refused with a clear error', (baseUrl) => {
		expect(() =>
			signAgoraRequest({ ...credentials, baseUrl }, { method: 'GET', url: '/v1/x' }, FIXED),
		).toThrow(/must use https:\/\/.*only allowed for a loopback test server/);
	});

	test.each([
		'http://127.0.0.1:8787',
		'http://localhost:9',
		'http://[::1]:8080',
		'https://api.agora.io',
		'https://api.sd-rtn.com',
	])('%s is accepted', (baseUrl) => {
		expect(() =>
			signAgoraRequest({ ...credentials, baseUrl }, { method: 'GET', url: '/v1/x' }, FIXED),
		).not.toThrow();
	});
});

describe('credential description', () => {
	const credential = new AgoraMediaBroadcastApi();
	test('secret fields are password fields', () => {
		for (const name of ['customerSecret', 'ncsSecret']) {
			expect(credential.properties.find((p) => p.name === name).typeOptions).toEqual({
				password: true,
			});
		}
	});
	test('credential test is a signed GET of the domains list', () => {
		expect(credential.test.request).toMatchObject({
			method: 'GET',
			baseURL: '={{$credentials.baseUrl}}',
			url: '=/v1/projects/{{$credentials.appId}}/fls/domains',
		});
	});
});
