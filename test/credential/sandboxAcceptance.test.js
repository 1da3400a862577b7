// A request signed by the credential's own signer is accepted by the sandbox (Kong hmac-auth rules);
// each tampering is rejected with the message the gateway gives.
'use strict';

const path = require('node:path');
const { createSandbox } = require('../../sandbox/server');
const { rawRequest } = require('../../sandbox/client');

const { signAgoraRequest } = require(
	path.join(__dirname, '../../dist/credentials/common/agora/index.js'),
);

const APP = '0123456789abcdef0123456789abcdef';
let sandbox;
let credentials;

beforeAll(async () => {
	sandbox = await createSandbox({ port: 0, rateLimit: 0 });
	credentials = {
		customerId: sandbox.customerId,
		customerSecret: sandbox.customerSecret,
		appId: APP,
		baseUrl: sandbox.url,
	};
});

afterAll(async () => {
	await sandbox.close();
});

/** Signs with the credential, lets the test tamper with what goes on the wire, sends it. */
async function send(
	options,
	{ tamper = (wire) => wire, now = new Date(), creds = credentials } = {},
) {
	const signed = signAgoraRequest(creds, options, now);
	const wire = tamper({ url: signed.url, headers: { ...signed.headers }, body: signed.body });
	return await rawRequest(wire.url, {
		method: signed.method,
		headers: wire.headers,
		body: wire.body,
	});
}

const addDomain = {
	method: 'POST',
	baseURL: '', // filled in beforeEach
	url: `/v1/projects/${APP}/fls/domains`,
	qs: { id: 'push.example.com' },
	body: { type: 'publish', region: 'eu' },
};
const reports = () => ({
	method: 'GET',
	baseURL: sandbox.url,
	url: `/v1/projects/${APP}/fls/entry_points/live/reports/publish_history`,
	qs: {
		stream_name: 's1',
		start_time: '2026-11-27T00:00:00Z',
		end_time: '2026-11-28T00:00:00+00:00',
	},
});

beforeEach(() => {
	sandbox.reset();
	addDomain.baseURL = sandbox.url;
});

test('a POST with a query and a JSON body, signed by the credential, is accepted (201)', async () => {
	const response = await send(addDomain);
	expect(response.status).toBe(201);
	expect(response.body).toMatchObject({ name: 'push.example.com', type: 'publish', region: 'eu' });
});

test('a GET whose query holds ":" and "+" (RFC 3339 times) is accepted', async () => {
	const response = await send(reports());
	expect(response.status).toBe(200);
});

test('one body byte changed after signing → 401 "HMAC signature does not match"', async () => {
	const response = await send(addDomain, {
		tamper: (wire) => ({ ...wire, body: wire.body.replace('"eu"', '"na"') }),
	});
	expect(response.status).toBe(401);
	expect(response.body).toEqual({ message: 'HMAC signature does not match' });
});

test('query parameters reordered after signing → 401 (the query is part of the signed request line)', async () => {
	const response = await send(reports(), {
		tamper: (wire) => {
			const url = new URL(wire.url);
			const params = [...url.searchParams.entries()].reverse();
			url.search = new URLSearchParams(params).toString();
			return { ...wire, url: url.href };
		},
	});
	expect(response.status).toBe(401);
	expect(response.body).toEqual({ message: 'HMAC signature does not match' });
});

test('a date 301 s old → 401 naming the date', async () => {
	const response = await send(addDomain, { now: new Date(Date.now() - 301_000) });
	expect(response.status).toBe(401);
	expect(response.body.message).toMatch(/a valid date or x-date header is required/);
	expect(response.body.message).toMatch(/clock skew of 30\d s exceeds the allowed 300 s/);
});

test('a date 299 s old is still accepted', async () => {
	const response = await send(addDomain, { now: new Date(Date.now() - 299_000) });
	expect(response.status).toBe(201);
});

test('the wrong secret → 401 "HMAC signature does not match"', async () => {
	const response = await send(addDomain, {
		creds: { ...credentials, customerSecret: 'not-the-secret' },
	});
	expect(response.status).toBe(401);
	expect(response.body).toEqual({ message: 'HMAC signature does not match' });
});

test('an unknown Customer ID → 401', async () => {
	const response = await send(addDomain, { creds: { ...credentials, customerId: 'someone-else' } });
	expect(response.status).toBe(401);
	expect(response.body).toEqual({ message: 'HMAC signature cannot be verified' });
});
