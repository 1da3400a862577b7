'use strict';
const { signRequest, signNcsBody } = require('./server');
const { parseAuthorization, parseHttpDate, computeDigest } = require('./signing');

// Reference §1.1 test vectors (host api.agora.io) and §14.1 NCS vector.
const APPID = '0123456789abcdef0123456789abcdef';
const DATE = 'Wed, 01 Jan 2025 00:00:00 GMT';

describe('request signing vectors (reference §1.1)', () => {
	test('GET, empty body', () => {
		const s = signRequest({
			method: 'GET',
			url: `https://api.agora.io/v1/projects/${APPID}/fls/domains`,
			customerId: 'test_user',
			customerSecret: 'test_secret',
			date: DATE,
		});
		expect(s.signingString).toBe(
			`host: api.agora.io\ndate: ${DATE}\nGET /v1/projects/${APPID}/fls/domains HTTP/1.1\ndigest: SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=`,
		);
		expect(s.digest).toBe('SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
		expect(s.signature).toBe('w9PFcQJhZCwibRqB3rR2RjIAYs21Wh/qGnjtqqttsnE=');
		expect(s.headers.Authorization).toBe(
			'hmac username="test_user", algorithm="hmac-sha256", headers="host date request-line digest", signature="w9PFcQJhZCwibRqB3rR2RjIAYs21Wh/qGnjtqqttsnE="',
		);
		expect(s.headers.Host).toBe('api.agora.io');
		expect(s.headers.Date).toBe(DATE);
	});

	test('PATCH ban with a compact JSON body', () => {
		const s = signRequest({
			method: 'PATCH',
			url: `https://api.agora.io/v1/projects/${APPID}/fls/entry_points/live/admin/banned_streams/test_stream`,
			body: '{"resumeTime":"2023-11-29T19:00:00+08:00"}',
			customerId: 'test_user',
			customerSecret: 'test_secret',
			date: DATE,
		});
		expect(s.digest).toBe('SHA-256=PXQkNxMbksThPs7D7Nxd5xuiwhxnYKmQa5hj3X0vUlM=');
		expect(s.signature).toBe('/X6E4+fsH/1O6lVcIn3xy+9Q7JhDsWR3ZiEjbIiP42E=');
		// an object body is serialised compactly, to the same bytes
		const o = signRequest({
			method: 'PATCH',
			url: `https://api.agora.io/v1/projects/${APPID}/fls/entry_points/live/admin/banned_streams/test_stream`,
			body: { resumeTime: '2023-11-29T19:00:00+08:00' },
			customerId: 'test_user',
			customerSecret: 'test_secret',
			date: DATE,
		});
		expect(o.signature).toBe(s.signature);
		expect(o.headers['Content-Type']).toBe('application/json');
	});

	test('the query string is part of the signed request line', () => {
		const s = signRequest({
			method: 'POST',
			url: `https://api.agora.io/v1/projects/${APPID}/fls/domains?id=push.example.com`,
			body: '{"type":"publish","region":"cn"}',
			customerId: 'test_user',
			customerSecret: 'test_secret',
			date: DATE,
		});
		expect(s.requestLine).toBe(
			`POST /v1/projects/${APPID}/fls/domains?id=push.example.com HTTP/1.1`,
		);
	});

	test('helpers: Authorization parser, RFC 7231 date parser, digest', () => {
		const p = parseAuthorization(
			'hmac username="u", algorithm="hmac-sha256", headers="host date request-line digest", signature="abc="',
		);
		expect(p).toEqual({
			username: 'u',
			algorithm: 'hmac-sha256',
			headers: ['host', 'date', 'request-line', 'digest'],
			signature: 'abc=',
		});
		expect(parseAuthorization('Basic dXNlcjpwYXNz')).toBeNull();
		expect(parseAuthorization('hmac garbage')).toBeNull();
		expect(parseHttpDate(DATE)).toBe(Date.UTC(2025, 0, 1));
		expect(parseHttpDate('2025-01-01T00:00:00Z')).toBeNull();
		expect(computeDigest('')).toBe('SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
	});
});

describe('NCS signature vector (reference §14.1)', () => {
	test('HMAC-SHA256 and HMAC-SHA1 of the documented body', () => {
		const body =
			'{"eventMs":1560408533119,"eventType":10,"noticeId":"4eb720f0-8da7-11e9-a43e-53f411c2761f","notifyMs":1560408533119,"payload":{"a":"1","b":2},"productId":1}';
		const sig = signNcsBody('secret', body);
		expect(sig.v2).toBe('6d3320c60b11101395b7fc8f9068748808a0aa1bfa064438e39d1bc2c7d74d99');
		expect(sig.v1).toBe('033c62f40f687675f17f0f41f91a40c71c0f134c');
		expect(signNcsBody('secret', Buffer.from(body))).toEqual(sig);
	});
});
