'use strict';
const { createSandbox, formatHttpDate } = require('./server');
const { api, rawRequest } = require('./client');

const APP = '/v1/projects/auth-app/fls';
const DATE_MSG =
	'HMAC signature cannot be verified, a valid date or x-date header is required for HMAC Authentication';

let sb;
beforeAll(async () => {
	sb = await createSandbox({ port: 0 });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

describe('signature verification (Kong hmac-auth)', () => {
	test('a correctly signed request is accepted', async () => {
		const r = await api(sb, { path: `${APP}/domains` });
		expect(r.status).toBe(200);
		expect(r.body).toEqual({ domainList: [] });
		const w = await api(sb, {
			method: 'POST',
			path: `${APP}/domains?id=push.example.com`,
			body: { type: 'publish', region: 'eu' },
		});
		expect(w.status).toBe(201);
	});

	test('body byte changed → 401 signature does not match (state unchanged)', async () => {
		const r = await api(sb, {
			method: 'POST',
			path: `${APP}/domains?id=push.example.com`,
			body: '{"type":"publish","region":"cn"}',
			tamper: (req) => ({ ...req, body: '{"type":"publish","region":"eu"}' }),
		});
		expect(r.status).toBe(401);
		expect(r.body).toEqual({ message: 'HMAC signature does not match' });
		expect(sb.state.app('auth-app').domains.size).toBe(0);
	});

	test('query order changed → 401', async () => {
		const q1 = 'stream_name=s1&start_time=2025-01-01T00%3A00%3A00Z';
		const q2 = 'start_time=2025-01-01T00%3A00%3A00Z&stream_name=s1';
		const ok = await api(sb, { path: `${APP}/entry_points/live/reports/publish_history?${q1}` });
		expect(ok.status).toBe(200);
		const r = await api(sb, {
			path: `${APP}/entry_points/live/reports/publish_history?${q1}`,
			tamper: (req) => ({ ...req, path: `${APP}/entry_points/live/reports/publish_history?${q2}` }),
		});
		expect(r.status).toBe(401);
		expect(r.body).toEqual({ message: 'HMAC signature does not match' });
	});

	test('a signature over the path without its query is rejected', async () => {
		const r = await api(sb, {
			method: 'POST',
			path: `${APP}/entry_points`,
			tamper: (req) => ({ ...req, path: `${APP}/entry_points?id=ep1` }),
		});
		expect(r.status).toBe(401);
	});

	test('date 301 s old → 401 naming the clock skew; 299 s is fine', async () => {
		const old = await api(sb, {
			path: `${APP}/domains`,
			date: formatHttpDate(Date.now() - 301 * 1000),
		});
		expect(old.status).toBe(401);
		expect(old.body.message.startsWith(DATE_MSG)).toBe(true);
		expect(old.body.message).toMatch(/clock skew/);
		const future = await api(sb, {
			path: `${APP}/domains`,
			date: formatHttpDate(Date.now() + 301 * 1000),
		});
		expect(future.status).toBe(401);
		const fine = await api(sb, {
			path: `${APP}/domains`,
			date: formatHttpDate(Date.now() - 299 * 1000),
		});
		expect(fine.status).toBe(200);
	});

	test('missing or malformed Date → 401 Kong date message', async () => {
		const noDate = await api(sb, {
			path: `${APP}/domains`,
			tamper: (req) => {
				delete req.headers.Date;
				return req;
			},
		});
		expect(noDate.status).toBe(401);
		expect(noDate.body).toEqual({ message: DATE_MSG });
		const iso = await api(sb, { path: `${APP}/domains`, date: new Date().toISOString() });
		expect(iso.status).toBe(401);
		expect(iso.body).toEqual({ message: DATE_MSG });
	});

	test('wrong secret → 401 signature does not match', async () => {
		const r = await api(sb, { path: `${APP}/domains`, customerSecret: 'not-the-secret' });
		expect(r.status).toBe(401);
		expect(r.body).toEqual({ message: 'HMAC signature does not match' });
	});

	test('unknown customer → 401 cannot be verified', async () => {
		const r = await api(sb, { path: `${APP}/domains`, customerId: 'someone-else' });
		expect(r.status).toBe(401);
		expect(r.body).toEqual({ message: 'HMAC signature cannot be verified' });
	});

	test('missing Digest → 401', async () => {
		const r = await api(sb, {
			path: `${APP}/domains`,
			tamper: (req) => {
				delete req.headers.Digest;
				return req;
			},
		});
		expect(r.status).toBe(401);
		expect(r.body).toEqual({ message: 'HMAC signature does not match' });
	});

	test('missing / unparseable Authorization → 401', async () => {
		const none = await rawRequest(`${sb.url}${APP}/domains`, {
			headers: { Date: formatHttpDate(Date.now()) },
		});
		expect(none.status).toBe(401);
		expect(none.body).toEqual({ message: 'Unauthorized' });
		const junk = await rawRequest(`${sb.url}${APP}/domains`, {
			headers: { Date: formatHttpDate(Date.now()), Authorization: 'hmac nonsense' },
		});
		expect(junk.status).toBe(401);
		expect(junk.body).toEqual({ message: 'HMAC signature cannot be verified' });
	});

	test('the log records rejections without the Authorization header', async () => {
		await api(sb, { path: `${APP}/domains`, customerSecret: 'bad' });
		const e = sb.requestLog[sb.requestLog.length - 1];
		expect(e).toMatchObject({
			method: 'GET',
			path: `${APP}/domains`,
			status: 401,
			customerId: 'sandbox-customer-id',
		});
		expect(JSON.stringify(sb.requestLog)).not.toMatch(/hmac username|sandbox-customer-secret/);
	});

	test('several customers can be configured', async () => {
		sb.setConfig({
			customers: [
				{ customerId: 'c1', customerSecret: 's1' },
				{ customerId: 'c2', customerSecret: 's2' },
			],
		});
		expect(
			(await api(sb, { path: `${APP}/domains`, customerId: 'c2', customerSecret: 's2' })).status,
		).toBe(200);
		expect((await api(sb, { path: `${APP}/domains` })).status).toBe(401);
	});
});

describe('rate limit (50 per second per Customer ID)', () => {
	// The sandbox counts requests in a sliding 1 s window of performance.now(). A busy machine can spread
	// a burst of 60 requests over more than a second, so the clock stands still here and the test
	// moves it: the outcome depends on the requests, not on how fast this machine sends them.
	const { performance } = require('node:perf_hooks');
	let clock;
	beforeEach(() => {
		clock = performance.now();
		jest.spyOn(performance, 'now').mockImplementation(() => clock);
	});
	afterEach(() => jest.restoreAllMocks());

	test('60 requests at once → 50 accepted, 10 get 429; a second later more are accepted', async () => {
		const results = await Promise.all(
			Array.from({ length: 60 }, () => api(sb, { path: `${APP}/entry_points` })),
		);
		const ok = results.filter((r) => r.status === 200).length;
		const limited = results.filter((r) => r.status === 429);
		expect(ok).toBe(50);
		expect(limited.length).toBe(10);
		expect(limited[0].body).toEqual({ message: 'API rate limit exceeded' });
		expect(limited[0].headers['retry-after']).toBeUndefined();
		clock += 1050;
		const again = await Promise.all(
			Array.from({ length: 5 }, () => api(sb, { path: `${APP}/entry_points` })),
		);
		expect(again.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
	});

	test('retryAfter adds Retry-After: 1; limits are per customer; 0 = unlimited', async () => {
		sb.setConfig({
			rateLimit: 3,
			retryAfter: true,
			customers: [
				{ customerId: 'a', customerSecret: 'sa' },
				{ customerId: 'b', customerSecret: 'sb' },
			],
		});
		const a = await Promise.all(
			Array.from({ length: 4 }, () =>
				api(sb, { path: `${APP}/entry_points`, customerId: 'a', customerSecret: 'sa' }),
			),
		);
		expect(a.filter((r) => r.status === 429).length).toBe(1);
		expect(a.find((r) => r.status === 429).headers['retry-after']).toBe('1');
		const b = await api(sb, { path: `${APP}/entry_points`, customerId: 'b', customerSecret: 'sb' });
		expect(b.status).toBe(200);
		sb.setConfig({ rateLimit: 0 });
		const many = await Promise.all(
			Array.from({ length: 10 }, () =>
				api(sb, { path: `${APP}/entry_points`, customerId: 'a', customerSecret: 'sa' }),
			),
		);
		expect(many.every((r) => r.status === 200)).toBe(true);
	});

	test('unauthenticated requests do not use up the budget', async () => {
		sb.setConfig({ rateLimit: 2 });
		await Promise.all(
			Array.from({ length: 5 }, () =>
				api(sb, { path: `${APP}/entry_points`, customerSecret: 'bad' }),
			),
		);
		const r = await Promise.all([
			api(sb, { path: `${APP}/entry_points` }),
			api(sb, { path: `${APP}/entry_points` }),
		]);
		expect(r.map((x) => x.status)).toEqual([200, 200]);
	});
});

describe('routing outside the API', () => {
	test('unknown path → 404 no Route matched (even unsigned)', async () => {
		const r = await rawRequest(`${sb.url}/v2/whatever`);
		expect(r.status).toBe(404);
		expect(r.body).toEqual({ message: 'no Route matched with those values' });
		const s = await api(sb, { path: `${APP}/nothing/here` });
		expect(s.status).toBe(404);
		expect(s.body).toEqual({ message: 'no Route matched with those values' });
		const wrongMethod = await api(sb, { method: 'PUT', path: `${APP}/domains` });
		expect(wrongMethod.status).toBe(404);
	});
});
