// The transport through n8n's engine against the sandbox: pacing at Agora's limit, retries,
// errors a user can act on, and no secret in any error.
'use strict';

const {
	startDomainSandbox,
	requestsSince: requestLogSince,
	lastSeq: lastRequestSeq,
	ADD_PUSH_DOMAIN,
} = require('../helpers/domainSandbox');
const { BAN_BY_ITEM_NAME, CREDENTIAL_TYPE, runNode, agoraCommon } = require('../helpers/engine');

const SECRET = 'sandbox-customer-secret';
let sandbox;
let credentials;

const domainRl = (value) => ({ __rl: true, mode: 'name', value });

const requestsSince = (seq) => requestLogSince(sandbox, seq);
const lastSeq = () => lastRequestSeq(sandbox);

beforeAll(async () => {
	({ sandbox, credentials } = await startDomainSandbox({
		credentials: {
			customerId: 'sandbox-customer-id',
			customerSecret: SECRET,
			appId: 'app0123456789abcdef0123456789abcd',
		},
	}));
});

afterAll(async () => {
	await sandbox.close();
});

afterEach(() => {
	sandbox.setConfig({
		rateLimit: 0,
		latencyMs: 0,
		faultPlan: [],
		faults: { rate: 0, dropRate: 0 },
	});
});

describe('retries', () => {
	test('a burst of 429s is waited out and the item succeeds', async () => {
		sandbox.setConfig({ faultPlan: [{ match: { method: 'GET' }, status: 429, times: 3 }] });
		const since = lastSeq();
		const result = await runNode({
			parameters: { resource: 'domain', operation: 'get', domain: domainRl('push.example.com') },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.name).toBe('push.example.com');
		expect(requestsSince(since).map((entry) => entry.status)).toEqual([429, 429, 429, 200]);
	});

	test('503 bursts on an idempotent call are retried with a fresh signature', async () => {
		sandbox.setConfig({ faultPlan: [{ match: { method: 'PATCH' }, status: 503, times: 2 }] });
		const since = lastSeq();
		// Each attempt is signed anew: the signer reads the clock once per signature.
		const realNow = agoraCommon.agoraClock.now;
		let signatures = 0;
		agoraCommon.agoraClock.now = () => {
			signatures++;
			return realNow();
		};
		let result;
		try {
			result = await runNode({
				parameters: {
					resource: 'domain',
					operation: 'setAuthKey',
					domain: domainRl('push.example.com'),
					authKey: 'k'.repeat(32),
				},
				credentials,
			});
		} finally {
			agoraCommon.agoraClock.now = realNow;
		}
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({
			success: true,
			domain: 'push.example.com',
			authKeySet: true,
		});
		expect(requestsSince(since).map((entry) => entry.status)).toEqual([503, 503, 200]);
		expect(signatures).toBe(3);
	});

	test('a dropped connection on POST is not retried, and the error says to check first', async () => {
		sandbox.setConfig({ faultPlan: [{ match: { method: 'POST' }, drop: true, times: 1 }] });
		const since = lastSeq();
		const result = await runNode({
			parameters: {
				resource: 'domain',
				operation: 'add',
				domainName: 'play.example.com',
				type: 'play',
			},
			credentials,
		});
		expect(requestsSince(since)).toHaveLength(1);
		expect(result.error.message).toMatch(/not retried because it creates something/);
		expect(result.error.description).toMatch(/may or may not have applied it/);
	});

	test('a dropped connection on PATCH is retried', async () => {
		sandbox.setConfig({ faultPlan: [{ match: { method: 'PATCH' }, drop: true, times: 1 }] });
		const since = lastSeq();
		const result = await runNode({
			parameters: {
				resource: 'domain',
				operation: 'setAuthKey',
				domain: domainRl('push.example.com'),
				authKey: 'abc',
			},
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(requestsSince(since)).toHaveLength(2);
	});

	test('429 on every attempt: retried past Max Attempts until the Rate Limit Wait is spent, then the error says so', async () => {
		sandbox.setConfig({ faultPlan: [{ match: { method: 'GET' }, status: 429, times: 1000 }] });
		const since = lastSeq();
		const result = await runNode({
			parameters: {
				resource: 'domain',
				operation: 'get',
				domain: domainRl('push.example.com'),
				requestSettings: { maxAttempts: 2, rateLimitWait: 2 },
			},
			credentials,
		});
		const sent = requestsSince(since);
		expect(result.error.message).toMatch(
			/rate limit was hit \(429\) and the request was still refused after [\d.]+ s of retries/,
		);
		expect(result.error.description).toMatch(/Requests per Second/);
		// The attempt count (2) does not bound 429 retries; the 2 s budget does.
		expect(sent.length).toBeGreaterThan(2);
		expect(sent.every((entry) => entry.status === 429)).toBe(true);
		sandbox.setConfig({ faultPlan: [] });
	});
});

describe('the credential', () => {
	test('is decrypted once per run and signs every request, retries included', async () => {
		// One 503 on the way: the retry is signed anew with the same credential.
		sandbox.setConfig({ faultPlan: [{ match: { method: 'PATCH' }, status: 503, times: 1 }] });
		const since = lastSeq();
		const result = await runNode({
			parameters: BAN_BY_ITEM_NAME,
			items: Array.from({ length: 20 }, (_, i) => ({ json: { name: `cred_cam_${i}` } })),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(20);
		const statuses = requestsSince(since).map((entry) => entry.status);
		expect(statuses.filter((status) => status === 200)).toHaveLength(20);
		expect(statuses.filter((status) => status === 503)).toHaveLength(1);
		// n8n's own path would decrypt it from its database for each of the 21 requests.
		expect(result.decryptedCredentials.filter((type) => type === CREDENTIAL_TYPE)).toEqual([
			CREDENTIAL_TYPE,
		]);
		expect(result.authenticateCalls).toBe(21);
	});
});

describe('errors a user can act on, without secrets', () => {
	test('wrong secret → 401 naming the credential fields; no secret or Authorization in the error', async () => {
		const wrong = 'wrong-secret-XYZ-123';
		const result = await runNode({
			parameters: { resource: 'domain', operation: 'getMany', returnAll: true },
			credentials: { ...credentials, customerSecret: wrong },
		});
		expect(result.error.message).toMatch(/Customer ID, Customer Secret and App ID/);
		const serialised = JSON.stringify(result.error) + JSON.stringify(result.run);
		expect(serialised).not.toContain(wrong);
		expect(serialised).not.toContain(SECRET);
		expect(serialised).not.toMatch(/hmac username=/);
	});

	test('our clock 10 minutes ahead → the 401 says the clock is off by about 600 s', async () => {
		const original = agoraCommon.agoraClock.now;
		agoraCommon.agoraClock.now = () => new Date(Date.now() + 600_000);
		try {
			const result = await runNode({
				parameters: { resource: 'domain', operation: 'getMany', returnAll: true },
				credentials,
			});
			expect(result.error.message).toMatch(/clock is off by (59\d|60\d) s \(ahead of Agora/);
		} finally {
			agoraCommon.agoraClock.now = original;
		}
	});

	test('404 names what was not found', async () => {
		const result = await runNode({
			parameters: { resource: 'domain', operation: 'get', domain: domainRl('missing.example.com') },
			credentials,
		});
		expect(result.error.message).toMatch(/Not found \(404\): domain "missing\.example\.com"/);
	});

	test('400 carries the server message', async () => {
		const result = await runNode({ parameters: { ...ADD_PUSH_DOMAIN }, credentials });
		expect(result.error.message).toMatch(/^Agora rejected the request \(400\): .+/);
	});
});

describe('items', () => {
	test('bad input anywhere in the batch fails before any request is sent', async () => {
		const since = lastSeq();
		const result = await runNode({
			parameters: { resource: 'domain', operation: 'get', domain: domainRl('={{ $json.domain }}') },
			items: [{ json: { domain: 'push.example.com' } }, { json: { domain: 'not a domain' } }],
			credentials,
		});
		expect(result.error.message).toMatch(/Domain "not a domain" is not a valid domain name/);
		expect(result.error.context.itemIndex).toBe(1);
		expect(requestsSince(since)).toHaveLength(0);
	});

	test('Continue On Fail: bad and failing items error, good ones succeed, each paired to its input', async () => {
		const since = lastSeq();
		const result = await runNode({
			parameters: { resource: 'domain', operation: 'get', domain: domainRl('={{ $json.domain }}') },
			items: [
				{ json: { domain: 'push.example.com' } },
				{ json: { domain: 'bad domain' } },
				{ json: { domain: 'missing.example.com' } },
				{ json: { domain: 'push.example.com' } },
			],
			credentials,
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(
			result.items.map((item) => [item.pairedItem.item, item.json.name ?? item.json.error]),
		).toEqual([
			[0, 'push.example.com'],
			[1, expect.stringMatching(/not a valid domain name/)],
			[2, expect.stringMatching(/Not found \(404\)/)],
			[3, 'push.example.com'],
		]);
		expect(requestsSince(since)).toHaveLength(3);
	});
});
