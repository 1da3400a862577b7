// Requests that cannot be turned against their user (issue 12, transport) and the 429 policy
// (issue 11), through n8n's engine: redirects are never followed, every attempt has an overall
// deadline, server text is shown with the request's secrets masked, the API Base URL and Requests per
// Second are checked before any request, and 429 answers are retried under a time budget.
'use strict';

const path = require('node:path');
const {
	startDomainSandbox,
	requestsSince: requestLogSince,
	lastSeq: lastRequestSeq,
} = require('../helpers/domainSandbox');
const { runNode, agoraCommon } = require('../helpers/engine');
const { startServer, startDribbler, startFlooder, startRedirector } = require('./localServer');

// Its own Customer ID: the 429 storms below slow this account's limiter, not other tests'.
const CUSTOMER = { customerId: 'limits-customer', customerSecret: 'limits-customer-secret' };
const APP_ID = 'limits0123456789abcdef0123456789';
const domainRl = (value) => ({ __rl: true, mode: 'name', value });

let sandbox;
let credentials;

const requestsSince = (seq) => requestLogSince(sandbox, seq);
const lastSeq = () => lastRequestSeq(sandbox);

beforeAll(async () => {
	({ sandbox, credentials } = await startDomainSandbox({
		sandboxOptions: { customers: [CUSTOMER] },
		credentials: { ...CUSTOMER, appId: APP_ID },
	}));
});

afterAll(async () => {
	await sandbox.close();
});

afterEach(() => sandbox.setConfig({ faultPlan: [], retryAfter: false }));

describe('redirects are never followed', () => {
	let target;
	beforeAll(async () => {
		// Another origin on loopback: what a redirect would leak the signed request and its body to.
		target = await startServer('127.0.0.2', (req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{"name":"push.example.com","type":"publish"}');
		});
	});
	afterAll(() => target.close());

	test.each([
		[
			301,
			'domain get (GET)',
			{ resource: 'domain', operation: 'get', domain: domainRl('push.example.com') },
		],
		[
			302,
			'domain get (GET)',
			{ resource: 'domain', operation: 'get', domain: domainRl('push.example.com') },
		],
		[
			307,
			'set auth key (PATCH, body with a key)',
			{
				resource: 'domain',
				operation: 'setAuthKey',
				domain: domainRl('push.example.com'),
				authKey: 'redirect-leak-key-0123456789',
			},
		],
		[
			308,
			'add domain (POST)',
			{ resource: 'domain', operation: 'add', domainName: 'play.example.com', type: 'play' },
		],
	])(
		'%i on %s: an error naming the Location host, sent once, nothing reaches the other host',
		async (status, _label, parameters) => {
			const origin = await startRedirector(status, target);
			try {
				const before = target.requests.length;
				const result = await runNode({
					parameters,
					credentials: { ...credentials, baseUrl: origin.url },
				});
				expect(result.error?.message).toMatch(
					new RegExp(
						`answered ${status} and redirected to 127\\.0\\.0\\.2:\\d+; the request was not sent there`,
					),
				);
				expect(origin.requests).toHaveLength(1);
				expect(target.requests.length).toBe(before);
			} finally {
				await origin.close();
			}
		},
	);
});

describe('overall deadline per attempt', () => {
	test('a server that dribbles one byte every 400 ms fails at the deadline (GET retried per Max Attempts)', async () => {
		const server = await startDribbler(60); // 24 s of dribbling if nobody stops it
		try {
			const result = await runNode({
				parameters: {
					resource: 'domain',
					operation: 'get',
					domain: domainRl('push.example.com'),
					requestSettings: { timeout: 2, maxAttempts: 2 },
				},
				credentials: { ...credentials, baseUrl: server.url },
			});
			expect(result.error?.message).toMatch(
				/Agora did not answer in time on all 2 attempts \(deadline 2 s each/,
			);
			expect(result.error.description).toMatch(/Timeout \(Seconds\)/);
			expect(server.requests).toHaveLength(2);
			// Both connections were cut by us long before the body was complete.
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(server.counts.closedEarly).toBe(2);
			expect(server.counts.bytesWritten).toBeLessThan(30);
		} finally {
			await server.close();
		}
	});

	test('a POST past the deadline is not sent again', async () => {
		const server = await startDribbler(60);
		try {
			const result = await runNode({
				parameters: {
					resource: 'domain',
					operation: 'add',
					domainName: 'slow.example.com',
					type: 'play',
					requestSettings: { timeout: 1, maxAttempts: 5 },
				},
				credentials: { ...credentials, baseUrl: server.url },
			});
			expect(result.error?.message).toMatch(
				/did not answer in time \(deadline 1 s\); the request was not retried because it creates something/,
			);
			expect(server.requests).toHaveLength(1);
		} finally {
			await server.close();
		}
	});

	test.each([[3000000], [301], [0.5]])(
		'Timeout %p s is refused with a clear error and no request',
		async (timeout) => {
			const since = lastSeq();
			const result = await runNode({
				parameters: {
					resource: 'domain',
					operation: 'get',
					domain: domainRl('push.example.com'),
					requestSettings: { timeout },
				},
				credentials,
			});
			expect(result.error?.message).toMatch(
				/Timeout \(Seconds\) under Request Settings must be between 1 and 300 \(got /,
			);
			expect(requestsSince(since)).toHaveLength(0);
		},
	);
});

describe('response size limit: the transport reads at most 4 MB of an answer', () => {
	const CAP = 4 * 1024 * 1024;

	test('an answer that never ends fails at the cap, long before the deadline, and is not retried', async () => {
		const server = await startFlooder();
		try {
			const started = Date.now();
			const result = await runNode({
				parameters: {
					resource: 'domain',
					operation: 'getMany',
					requestSettings: { timeout: 120, maxAttempts: 3 },
				},
				credentials: { ...credentials, baseUrl: server.url },
			});
			expect(result.error?.message).toMatch(
				/^Agora's answer \(200\) was larger than 4 MB; reading stopped there and the request was not retried \(GET \/domains\)$/,
			);
			expect(result.error.description).toMatch(/Check the API Base URL/);
			// Not the deadline (120 s): the cap ended the attempt.
			expect(Date.now() - started).toBeLessThan(60000);
			expect(server.requests).toHaveLength(1);
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(server.counts.closedEarly).toBe(1);
			// What the server got rid of: the cap plus what sockets buffer on the way (a few MB at most).
			expect(server.counts.bytesWritten).toBeGreaterThan(CAP);
			expect(server.counts.bytesWritten).toBeLessThan(CAP + 16 * 1024 * 1024);
		} finally {
			await server.close();
		}
	});

	test('a declared Content-Length above the cap fails before the body is read', async () => {
		const server = await startFlooder({ declaredLength: 64 * 1024 * 1024 });
		try {
			const result = await runNode({
				parameters: {
					resource: 'domain',
					operation: 'setAuthKey',
					domain: domainRl('push.example.com'),
					authKey: 'size-limit-key-0123456789',
					requestSettings: { timeout: 120 },
				},
				credentials: { ...credentials, baseUrl: server.url },
			});
			expect(result.error?.message).toMatch(/^Agora's answer \(200\) was larger than 4 MB/);
			expect(result.error.description).toMatch(/The status says the PATCH was applied/);
			expect(server.requests).toHaveLength(1);
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect(server.counts.closedEarly).toBe(1);
		} finally {
			await server.close();
		}
	});

	test('an answer just under the cap is read whole', async () => {
		const names = [];
		for (let size = 0, i = 0; size < CAP - 200000; i++) {
			names.push({ name: `push${i}-${'x'.repeat(100)}.example.com`, type: 'publish' });
			size += JSON.stringify(names[i]).length + 1;
		}
		const text = JSON.stringify({ domainList: names });
		const server = await startServer('127.0.0.1', (req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(text);
		});
		try {
			const result = await runNode({
				parameters: { resource: 'domain', operation: 'getMany', returnAll: true },
				credentials: { ...credentials, baseUrl: server.url },
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(names.length);
		} finally {
			await server.close();
		}
	});
});

describe('server error text: shown, with the request’s secrets masked, never swapped for generic text', () => {
	test('a 400 that echoes the auth key and says ECONNREFUSED keeps its words, the key masked', async () => {
		const key = 'SuperSecretAuthKey-0123456789abcdef';
		sandbox.setConfig({
			faultPlan: [
				{
					match: { method: 'PATCH' },
					status: 400,
					body: { message: `authKey ${key} rejected: upstream ECONNREFUSED` },
					times: 1,
				},
			],
		});
		const result = await runNode({
			parameters: {
				resource: 'domain',
				operation: 'setAuthKey',
				domain: domainRl('push.example.com'),
				authKey: key,
			},
			credentials,
		});
		expect(result.error?.message).toBe(
			'Agora rejected the request (400): authKey *** rejected: upstream ECONNREFUSED',
		);
		// Everything the error carries except `node`: n8n's own copy of the node's parameters.
		const { node, ...rest } = JSON.parse(JSON.stringify(result.error));
		expect(node.parameters.authKey).toBe(key);
		const everything = JSON.stringify({
			...rest,
			message: result.error.message,
			description: result.error.description,
			messages: result.error.messages,
		});
		expect(everything).not.toContain(key);
	});
});

describe('server text: a secret echoed encoded or cut short is masked too', () => {
	const key = 'k3y/with+spa ce&é="0123456789abcdef';
	const encoded = encodeURIComponent(key);
	test.each([
		['URL-encoded', encoded],
		['form-encoded (+ for a space)', encoded.replace(/%20/g, '+')],
		['base64', Buffer.from(key).toString('base64')],
		['base64 without padding', Buffer.from(key).toString('base64').replace(/=+$/, '')],
		['JSON-escaped', JSON.stringify(key).slice(1, -1)],
		['cut to its first 8 characters', key.slice(0, 8)],
		['cut to its last 12 characters', key.slice(-12)],
		['a middle part of 10 characters', key.slice(4, 14)],
		['the URL-encoded form cut short', encoded.slice(0, 20)],
	])('%s', async (_label, echoed) => {
		sandbox.setConfig({
			faultPlan: [
				{
					match: { method: 'PATCH' },
					status: 400,
					body: { message: `authKey ${echoed} rejected` },
					times: 1,
				},
			],
		});
		const result = await runNode({
			parameters: {
				resource: 'domain',
				operation: 'setAuthKey',
				domain: domainRl('push.example.com'),
				authKey: key,
			},
			credentials,
		});
		expect(result.error?.message).toBe('Agora rejected the request (400): authKey *** rejected');
	});

	test('7 characters of a secret are not taken for it: the text stays', async () => {
		sandbox.setConfig({
			faultPlan: [
				{
					match: { method: 'PATCH' },
					status: 400,
					body: { message: `authKey starting ${key.slice(0, 7)} is invalid` },
					times: 1,
				},
			],
		});
		const result = await runNode({
			parameters: {
				resource: 'domain',
				operation: 'setAuthKey',
				domain: domainRl('push.example.com'),
				authKey: key,
			},
			credentials,
		});
		expect(result.error?.message).toBe(
			`Agora rejected the request (400): authKey starting ${key.slice(0, 7)} is invalid`,
		);
	});
});

describe('API Base URL and Requests per Second are checked before any request', () => {
	test.each([
		['user info', (url) => url.replace('http://', 'http://user:pass@'), /user name or password/],
		['a query', (url) => `${url}/?x=1`, /query string/],
		['a fragment', (url) => `${url}/#frag`, /fragment/],
		['plain http to another host', () => 'http://api.agora.io', /must use https:\/\//],
		['no URL at all', () => 'not a url', /is not a valid URL/],
		[
			'an invalid URL with user:password and a query: neither is echoed',
			(url) =>
				url.replace('http://', 'http://agent:pa/ss-word@').replace(/:\d+$/, ':99999?token=t0k3n'),
			/"http:\/\/\*\*\*@127\.0\.0\.1:99999\?…" is not a valid URL/,
		],
	])('%s is refused, no request', async (_label, make, pattern) => {
		const since = lastSeq();
		const result = await runNode({
			parameters: { resource: 'domain', operation: 'get', domain: domainRl('push.example.com') },
			credentials: { ...credentials, baseUrl: make(sandbox.url) },
		});
		expect(result.error?.message).toMatch(/The credential's API Base URL is refused/);
		expect(result.error.message).toMatch(pattern);
		for (const secret of ['agent', 'pa/ss', 'ss-word', 't0k3n'])
			expect(JSON.stringify(result.error)).not.toContain(secret);
		expect(requestsSince(since)).toHaveLength(0);
	});

	test('a path prefix is allowed and the request line is signed as sent', async () => {
		const proxy = await startServer('127.0.0.1', (req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{"name":"push.example.com","type":"publish"}');
		});
		try {
			const result = await runNode({
				parameters: { resource: 'domain', operation: 'get', domain: domainRl('push.example.com') },
				credentials: { ...credentials, baseUrl: `${proxy.url}/agora/prefix/` },
			});
			expect(result.error).toBeUndefined();
			const [sent] = proxy.requests;
			expect(sent.url).toBe(`/agora/prefix/v1/projects/${APP_ID}/fls/domains/push.example.com`);
			const expected = agoraCommon.computeAgoraSignature({
				method: sent.method,
				host: sent.headers.host,
				pathWithQuery: sent.url,
				body: sent.body,
				customerId: CUSTOMER.customerId,
				customerSecret: CUSTOMER.customerSecret,
				date: sent.headers.date,
			});
			expect(sent.headers.authorization).toBe(expected.authorization);
		} finally {
			await proxy.close();
		}
	});

	test.each([[-5], [0], [1000], [51], ['fast']])(
		'Requests per Second %p: a clear error, no request',
		async (requestsPerSecond) => {
			const since = lastSeq();
			const result = await runNode({
				parameters: { resource: 'domain', operation: 'get', domain: domainRl('push.example.com') },
				credentials: { ...credentials, requestsPerSecond },
			});
			expect(result.error?.message).toBe(
				`The credential's Requests per Second must be between 1 and 50 (got ${requestsPerSecond})`,
			);
			expect(requestsSince(since)).toHaveLength(0);
		},
	);
});

describe('pacing is shared only by credentials that prove the same secret', () => {
	test('a credential with the same Customer ID, a wrong secret and 1 request/s does not slow the right one', async () => {
		const domainGet = {
			resource: 'domain',
			operation: 'get',
			domain: domainRl('push.example.com'),
		};
		const items = (n) => Array.from({ length: n }, (_, i) => ({ json: { i } }));
		const since = lastSeq();
		const wrong = await runNode({
			parameters: domainGet,
			items: items(3),
			credentials: { ...credentials, customerSecret: 'not-the-secret', requestsPerSecond: 1 },
		});
		expect(wrong.error).toBeDefined();
		expect(requestsSince(since).map((entry) => entry.status)).toEqual([401, 401, 401]);
		const startedAt = Date.now();
		const right = await runNode({ parameters: domainGet, items: items(30), credentials });
		expect(right.error).toBeUndefined();
		expect(right.items).toHaveLength(30);
		// At the wrong credential's 1 request/s (one shared pacer, the lowest rate winning) the 30
		// requests took 29 s; at 50/s they take well under a second.
		expect(Date.now() - startedAt).toBeLessThan(10000);
	});
});

/** Domain → Get of push.example.com with these Request Settings (the 429 tests' request). */
const getDomain = (requestSettings) =>
	runNode({
		parameters: {
			resource: 'domain',
			operation: 'get',
			domain: domainRl('push.example.com'),
			requestSettings,
		},
		credentials,
	});

describe('429: retried under a time budget, Retry-After honoured up to 60 s', () => {
	test('more 429s than Max Attempts are waited out: the item succeeds', async () => {
		sandbox.setConfig({ faultPlan: [{ match: { method: 'GET' }, status: 429, times: 5 }] });
		const since = lastSeq();
		const result = await getDomain({ maxAttempts: 2 });
		expect(result.error).toBeUndefined();
		expect(requestsSince(since).map((entry) => entry.status)).toEqual([
			429, 429, 429, 429, 429, 200,
		]);
	});

	test('a wall-clock step of 200 s between 429s does not spend the Rate Limit Wait (a monotonic clock)', async () => {
		sandbox.setConfig({ faultPlan: [{ match: { method: 'GET' }, status: 429, times: 2 }] });
		const since = lastSeq();
		const realNow = Date.now.bind(Date);
		// Between the first 429 and the second attempt, the machine's clock is stepped 200 s ahead.
		const wallClock = jest
			.spyOn(Date, 'now')
			.mockImplementation(() => realNow() + (requestsSince(since).length >= 2 ? 200000 : 0));
		try {
			const result = await getDomain({ rateLimitWait: 120 });
			expect(result.error).toBeUndefined();
			expect(requestsSince(since).map((entry) => entry.status)).toEqual([429, 429, 200]);
		} finally {
			wallClock.mockRestore();
		}
	});

	test('429 on every attempt: retried until Rate Limit Wait is spent, then the error says so', async () => {
		sandbox.setConfig({ faultPlan: [{ match: { method: 'GET' }, status: 429, times: 1000 }] });
		const since = lastSeq();
		const result = await getDomain({ maxAttempts: 2, rateLimitWait: 2 });
		const sent = requestsSince(since);
		expect(result.error?.message).toMatch(
			/rate limit was hit \(429\) and the request was still refused after [\d.]+ s of retries/,
		);
		expect(result.error.description).toMatch(/Rate Limit Wait/);
		expect(sent.length).toBeGreaterThan(2);
		expect(sent.every((entry) => entry.status === 429)).toBe(true);
	});

	test.each([
		['86400 (a day, in seconds)', '86400', /asked to wait 86400 s, longer than the 60 s/],
		['61', '61', /asked to wait 61 s/],
		[
			'an HTTP date in 2100',
			'Fri, 01 Jan 2100 00:00:00 GMT',
			/asked to wait \d+(\.\d)? s, longer than the 60 s/,
		],
	])(
		'Retry-After %s: the item fails at once, nothing paused for others',
		async (_label, retryAfter, pattern) => {
			const warnings = [];
			const onWarning = (warning) => warnings.push(warning.name);
			process.on('warning', onWarning);
			sandbox.setConfig({
				faultPlan: [{ match: { method: 'GET' }, status: 429, retryAfter, times: 1 }],
			});
			const since = lastSeq();
			try {
				const result = await runNode({
					parameters: {
						resource: 'domain',
						operation: 'get',
						domain: domainRl('push.example.com'),
					},
					credentials,
				});
				expect(result.error?.message).toMatch(pattern);
				expect(requestsSince(since)).toHaveLength(1);
				// Another workflow on the account goes straight through: a pause would hold it 60 s.
				const otherStartedAt = Date.now();
				const other = await runNode({
					parameters: {
						resource: 'domain',
						operation: 'get',
						domain: domainRl('push.example.com'),
					},
					credentials,
				});
				expect(other.error).toBeUndefined();
				expect(Date.now() - otherStartedAt).toBeLessThan(20000);
				expect(requestsSince(since)).toHaveLength(2);
			} finally {
				process.off('warning', onWarning);
			}
			expect(warnings).not.toContain('TimeoutOverflowWarning');
		},
	);

	test.each([['0'], ['soon'], ['-3'], ['1']])(
		'Retry-After %p: retried, the item succeeds',
		async (retryAfter) => {
			sandbox.setConfig({
				faultPlan: [{ match: { method: 'GET' }, status: 429, retryAfter, times: 1 }],
			});
			const since = lastSeq();
			const result = await runNode({
				parameters: { resource: 'domain', operation: 'get', domain: domainRl('push.example.com') },
				credentials,
			});
			expect(result.error).toBeUndefined();
			expect(requestsSince(since).map((entry) => entry.status)).toEqual([429, 200]);
		},
	);
});
