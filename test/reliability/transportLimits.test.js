// Requests that cannot be turned against their user (issue 12, transport), one case per method and
// variant: redirects are never followed (nothing reaches the other host, nothing is sent twice),
// every attempt has an overall deadline, and a bad API Base URL is refused before any request.
'use strict';

const { startEnv, rl, describeError } = require('./helpers');
const { record, flush } = require('./results');
const { startServer, startDribbler, startRedirector } = require('../transport/localServer');

const APP_ID = 'reliabilityLimits0123456789abcd';

let env;
let target;

beforeAll(async () => {
	env = await startEnv({ appId: APP_ID });
	env.seed({ bannedStreams: [{ name: 'u1' }] });
	// Another origin on loopback: where a followed redirect would carry the signed request.
	target = await startServer('127.0.0.2', (req, res) => {
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end('{}');
	});
});

afterAll(async () => {
	await target.close();
	await env.close();
	flush(__filename);
});

/** One operation per HTTP method (a POST creates something; the PATCH carries a key in its body). */
const OPS = {
	GET: { resource: 'stream', operation: 'getOnline', entryPoint: rl('live'), stream: rl('on1') },
	PATCH: {
		resource: 'domain',
		operation: 'setAuthKey',
		domain: rl('push.example.com'),
		authKey: 'limits-key-0123456789abcdef',
	},
	PUT: {
		resource: 'standardRecording',
		operation: 'start',
		entryPoint: rl('live'),
		region: 'eu',
		streamName: 'r1',
	},
	DELETE: { resource: 'stream', operation: 'unban', entryPoint: rl('live'), streamName: 'u1' },
	POST: { resource: 'domain', operation: 'add', domainName: 'play.example.com', type: 'play' },
};

describe('Redirects', () => {
	const cases = [];
	for (const status of [301, 302, 303, 307, 308])
		for (const method of Object.keys(OPS)) cases.push([status, method]);
	test.each(cases)(
		'%i on %s: error names the Location host, sent once, the other host gets nothing',
		async (status, method) => {
			const origin = await startRedirector(status, target);
			try {
				const before = target.requests.length;
				const result = await env.run(OPS[method], {
					credentials: { ...env.credentials, baseUrl: origin.url },
				});
				const named = new RegExp(`answered ${status} and redirected to 127\\.0\\.0\\.2:\\d+`).test(
					result.error?.message ?? '',
				);
				const held = named && origin.requests.length === 1 && target.requests.length === before;
				record(
					'Redirects',
					`${status} on ${method}`,
					held,
					held
						? undefined
						: `${describeError(result.error)}; sent ${origin.requests.length}, other host got ${target.requests.length - before}`,
				);
				expect(held).toBe(true);
			} finally {
				await origin.close();
			}
		},
	);
});

describe('Deadline per attempt', () => {
	test.each(Object.keys(OPS))(
		'%s against a server dribbling one byte every 400 ms: fails at the 1 s deadline',
		async (method) => {
			const server = await startDribbler(40);
			try {
				const result = await env.run(
					{ ...OPS[method], requestSettings: { timeout: 1, maxAttempts: 2 } },
					{ credentials: { ...env.credentials, baseUrl: server.url } },
				);
				await new Promise((resolve) => setTimeout(resolve, 100));
				const expectedAttempts = method === 'POST' ? 1 : 2;
				const held =
					/did not answer in time/.test(result.error?.message ?? '') &&
					server.requests.length === expectedAttempts &&
					server.counts.closedEarly === expectedAttempts &&
					server.counts.bytesWritten < 20;
				record(
					'Deadline per attempt',
					`${method}: dribbling server`,
					held,
					held
						? undefined
						: `${describeError(result.error)}; attempts ${server.requests.length}, bytes ${server.counts.bytesWritten}`,
				);
				expect(held).toBe(true);
			} finally {
				await server.close();
			}
		},
	);

	test.each([[3000000], [301], [0.2]])(
		'Timeout %p s: refused before any request',
		async (timeout) => {
			const since = env.lastSeq();
			const result = await env.run({ ...OPS.GET, requestSettings: { timeout } });
			const held =
				/Timeout \(Seconds\) under Request Settings must be between 1 and 300/.test(
					result.error?.message ?? '',
				) && env.requests(since).length === 0;
			record(
				'Deadline per attempt',
				`Timeout ${timeout} s refused`,
				held,
				held ? undefined : describeError(result.error),
			);
			expect(held).toBe(true);
		},
	);
});

describe('API Base URL', () => {
	const variants = [
		['user info', (url) => url.replace('http://', 'http://user:pass@')],
		['user only', (url) => url.replace('http://', 'http://user@')],
		['a query', (url) => `${url}?x=1`],
		['an empty query', (url) => `${url}/?`],
		['a fragment', (url) => `${url}#f`],
		['an empty fragment', (url) => `${url}/#`],
		['http to a public host', () => 'http://api.agora.io'],
		['ftp scheme', () => 'ftp://api.agora.io'],
	];
	const cases = [];
	for (const [label, make] of variants)
		for (const method of Object.keys(OPS)) cases.push([label, method, make]);
	test.each(cases)('%s, %s: refused, no request', async (label, method, make) => {
		const since = env.lastSeq();
		const result = await env.run(OPS[method], {
			credentials: { ...env.credentials, baseUrl: make(env.sandbox.url) },
		});
		const held =
			/The credential's API Base URL is refused/.test(result.error?.message ?? '') &&
			env.requests(since).length === 0;
		record(
			'API Base URL',
			`${label}, ${method}`,
			held,
			held ? undefined : describeError(result.error),
		);
		expect(held).toBe(true);
	});
});
