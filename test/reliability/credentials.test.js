// The credential: a clock that is off makes Agora answer 401, and the error must name the skew (not
// blame the Customer Secret); an http:// API Base URL to anything but a loopback host is refused
// before any connection, with an error that says https is required.
'use strict';

const { startEnv, rl, agoraCommon, describeError } = require('./helpers');
const { record, flush } = require('./results');

const APP_ID = 'reliabilityCredentials0123456789';
let env;

beforeAll(async () => {
	env = await startEnv({ appId: APP_ID });
});

afterAll(async () => {
	await env.close();
	flush(__filename);
});

beforeEach(() => env.sandbox.reset());

async function withClockOffset(offsetMs, fn) {
	const original = agoraCommon.agoraClock.now;
	agoraCommon.agoraClock.now = () => new Date(Date.now() + offsetMs);
	try {
		return await fn();
	} finally {
		agoraCommon.agoraClock.now = original;
	}
}

describe('clock skew', () => {
	const LIST = { resource: 'entryPoint', operation: 'getMany', returnAll: true };
	const CASES = [
		[
			'10 minutes ahead',
			600_000,
			/this machine's clock is off by (59\d|60\d) s \(ahead of Agora; the limit is 300 s\)/,
		],
		[
			'10 minutes behind',
			-600_000,
			/this machine's clock is off by (59\d|60\d) s \(behind Agora; the limit is 300 s\)/,
		],
		['1 hour ahead', 3_600_000, /clock is off by 3\d{3} s \(ahead of Agora/],
		['6 minutes behind', -360_000, /clock is off by 3[56]\d s \(behind Agora/],
	];
	test.each(CASES)(
		'our clock %s: the 401 names the skew, is not retried, and suggests fixing the clock',
		async (title, offset, pattern) => {
			const result = await withClockOffset(offset, () => env.run(LIST));
			const sent = env.requests();
			const held =
				pattern.test(result.error?.message ?? '') &&
				/system clock|NTP/.test(result.error?.description ?? '') &&
				sent.length === 1 &&
				sent[0].status === 401;
			record(
				'Clock skew',
				`clock ${title}`,
				held,
				held ? undefined : `${describeError(result.error)}; requests ${sent.map((r) => r.status)}`,
			);
			expect(result.error?.message).toMatch(pattern);
			expect(result.error.description).toMatch(/system clock|NTP/);
			expect(sent.map((request) => request.status)).toEqual([401]);
		},
	);

	test("4 minutes ahead is within Agora's 300 s: the call succeeds", async () => {
		const result = await withClockOffset(240_000, () => env.run(LIST));
		const held =
			result.error === undefined && result.items.some((item) => item.json.name === 'live');
		record(
			'Clock skew',
			'clock 4 minutes ahead (inside the tolerance) → works',
			held,
			held ? undefined : describeError(result.error),
		);
		expect(result.error).toBeUndefined();
	});

	test('with Continue On Fail, every item of a batch says the clock is off', async () => {
		const items = [0, 1, 2].map((index) => ({ json: { s: `cam_${index}` } }));
		const result = await withClockOffset(600_000, () =>
			env.run(
				{
					resource: 'stream',
					operation: 'ban',
					entryPoint: rl('live'),
					streamName: '={{ $json.s }}',
				},
				{ items, continueOnFail: true },
			),
		);
		const messages = result.items.map((item) => item.json.error);
		const held =
			messages.length === 3 &&
			messages.every((message) => /clock is off by (59\d|60\d) s/.test(message ?? ''));
		record(
			'Clock skew',
			'clock 10 minutes ahead, 3 items with Continue On Fail',
			held,
			held ? undefined : JSON.stringify(messages),
		);
		expect(messages).toEqual(
			[0, 1, 2].map(() => expect.stringMatching(/clock is off by (59\d|60\d) s/)),
		);
	});
});

describe('API Base URL: https required except for loopback', () => {
	const REFUSED = [
		'http://api.agora.io',
		'HTTP://API.AGORA.IO',
		'http://example.com:8080',
		'http://10.0.0.5',
		'http://192.168.1.20:8787',
		'http://127.0.0.1.nip.io',
		'http://localhost.example.com',
		'http://[2001:db8::1]',
		'http://0.0.0.0:8787',
	];
	test.each(REFUSED)(
		'%s is refused before connecting, saying https is required',
		async (baseUrl) => {
			const result = await env.run(
				{ resource: 'entryPoint', operation: 'getMany', returnAll: true },
				{ credentials: { ...env.credentials, baseUrl } },
			);
			const message = result.error?.message ?? '';
			// The https message (not a connection or DNS error) proves no connection was attempted.
			const held =
				/requests must use https:\/\//.test(message) &&
				/Fix the API Base URL in the credential/.test(message) &&
				env.requests().length === 0;
			record(
				'Credential base URL',
				`refused: ${baseUrl}`,
				held,
				held ? undefined : describeError(result.error),
			);
			expect(message).toMatch(/Agora Media Broadcast requests must use https:\/\/ \(got http:\/\//);
			expect(message).toMatch(/Fix the API Base URL in the credential/);
			expect(env.requests()).toHaveLength(0);
		},
	);

	test.each([['127.0.0.1'], ['localhost']])(
		'http://%s:PORT (loopback test server) is allowed',
		async (host) => {
			const baseUrl = env.sandbox.url.replace('127.0.0.1', host);
			const result = await env.run(
				{ resource: 'entryPoint', operation: 'getMany', returnAll: true },
				{ credentials: { ...env.credentials, baseUrl } },
			);
			const held = result.error === undefined && env.requests().length === 1;
			record(
				'Credential base URL',
				`allowed: http://${host}:PORT`,
				held,
				held ? undefined : describeError(result.error),
			);
			expect(result.error).toBeUndefined();
		},
	);

	test('with Continue On Fail every item is refused the same way', async () => {
		const result = await env.run(
			{
				resource: 'stream',
				operation: 'ban',
				entryPoint: rl('live'),
				streamName: '={{ $json.s }}',
			},
			{
				items: [{ json: { s: 'a' } }, { json: { s: 'b' } }],
				continueOnFail: true,
				credentials: { ...env.credentials, baseUrl: 'http://api.agora.io' },
			},
		);
		const held =
			result.items.length === 2 &&
			result.items.every((item) => /must use https:\/\//.test(item.json.error ?? '')) &&
			env.requests().length === 0;
		record(
			'Credential base URL',
			'refused per item with Continue On Fail',
			held,
			held ? undefined : JSON.stringify(result.items.map((item) => item.json)),
		);
		expect(result.items.map((item) => item.json.error)).toEqual([
			expect.stringMatching(/must use https/),
			expect.stringMatching(/must use https/),
		]);
	});
});
