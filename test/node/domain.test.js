// Domain resource (operation map rows 1-5), run through n8n's engine against the sandbox.
'use strict';

const { useSandbox, byName } = require('../helpers/sandboxContext');

const ctx = useSandbox({ appId: 'domain0123456789abcdef0123456789', resource: 'domain' });

async function addDomain(name, type = 'publish', region = 'eu') {
	const result = await ctx.run({ operation: 'add', domainName: name, type, region });
	expect(result.error).toBeUndefined();
	return result;
}

describe('add', () => {
	test('publish domain: POST /domains?id= with {type, region}; 201 body output, auth key masked', async () => {
		const result = await addDomain('push.example.com');
		expect(ctx.requests()).toEqual([
			{
				method: 'POST',
				path: '/domains',
				query: { id: 'push.example.com' },
				body: { type: 'publish', region: 'eu' },
				status: 201,
			},
		]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			name: 'push.example.com',
			type: 'publish',
			region: 'eu',
			cname: 'push.example.com.v1.agoramdn.com',
			authKey: expect.stringMatching(/^\*\*\*\*/),
		});
	});

	test('play domain: no region is sent', async () => {
		await ctx.run({ operation: 'add', domainName: 'play.example.com', type: 'play', region: 'cn' });
		expect(ctx.requests()[0].body).toEqual({ type: 'play' });
	});

	test('a duplicate domain surfaces Agora’s 400', async () => {
		await addDomain('push.example.com');
		const result = await ctx.run({
			operation: 'add',
			domainName: 'push.example.com',
			type: 'publish',
			region: 'eu',
		});
		expect(result.error.message).toMatch(/^Agora rejected the request \(400\): /);
	});

	test.each([
		[
			'a scheme',
			'https://push.example.com',
			/Domain "https:\/\/push\.example\.com" is not a valid domain name/,
		],
		['a space', 'push example.com', /is not a valid domain name/],
		['a wildcard', '*.example.com', /is not a valid domain name/],
	])('a name with %s is refused before any request', async (_label, domainName, message) => {
		const result = await ctx.run({ operation: 'add', domainName, type: 'play' });
		expect(result.error.message).toMatch(message);
		expect(ctx.requests()).toHaveLength(0);
	});

	test('a publish domain whose region resolves to nothing is refused, naming the regions', async () => {
		const result = await ctx.run({
			operation: 'add',
			domainName: 'push.example.com',
			type: 'publish',
			region: '={{ "" }}',
		});
		expect(result.error.message).toMatch(
			/Region is required for a publish \(push\) domain: use one of cn, ap, eu, na/,
		);
		expect(ctx.requests()).toHaveLength(0);
	});

	test('a region outside the enumeration is refused', async () => {
		const result = await ctx.run({
			operation: 'add',
			domainName: 'push.example.com',
			type: 'publish',
			region: '={{ "us" }}',
		});
		expect(result.error.message).toMatch(/Region "us" is not allowed: use one of cn, ap, eu, na/);
	});
});

describe('get, get many, delete, set auth key', () => {
	beforeEach(async () => {
		await addDomain('push.example.com');
		await addDomain('play.example.com', 'play');
	});

	test('get: GET /domains/{domain}; auth key masked unless Include Auth Key', async () => {
		const masked = await ctx.run({ operation: 'get', domain: byName('push.example.com') });
		expect(masked.items[0].json).toMatchObject({
			name: 'push.example.com',
			type: 'publish',
			region: 'eu',
		});
		expect(masked.items[0].json.authKey).toMatch(/^\*\*\*\*/);
		const clear = await ctx.run({
			operation: 'get',
			domain: byName('push.example.com'),
			includeAuthKey: true,
		});
		expect(clear.items[0].json.authKey).not.toMatch(/\*/);
		expect(clear.items[0].json.authKey.length).toBeGreaterThan(8);
		expect(
			ctx
				.requests()
				.slice(-2)
				.map((r) => [r.method, r.path]),
		).toEqual([
			['GET', '/domains/push.example.com'],
			['GET', '/domains/push.example.com'],
		]);
	});

	test('get many: one item per domain, type filter, limit', async () => {
		const all = await ctx.run({ operation: 'getMany', returnAll: true });
		expect(all.items.map((item) => item.json.name).sort()).toEqual([
			'play.example.com',
			'push.example.com',
		]);
		const play = await ctx.run({ operation: 'getMany', returnAll: true, typeFilter: 'play' });
		expect(play.items.map((item) => item.json.name)).toEqual(['play.example.com']);
		const one = await ctx.run({ operation: 'getMany', returnAll: false, limit: 1 });
		expect(one.items).toHaveLength(1);
		expect(
			ctx
				.requests()
				.slice(-3)
				.every((r) => r.method === 'GET' && r.path === '/domains'),
		).toBe(true);
	});

	test('set auth key: PATCH {authKey}; the key is not echoed', async () => {
		const result = await ctx.run({
			operation: 'setAuthKey',
			domain: byName('push.example.com'),
			authKey: 'k3y-for-signing',
		});
		expect(ctx.requests().at(-1)).toMatchObject({
			method: 'PATCH',
			path: '/domains/push.example.com',
			body: { authKey: 'k3y-for-signing' },
		});
		expect(result.items[0].json).toEqual({
			success: true,
			domain: 'push.example.com',
			authKeySet: true,
		});
		expect(JSON.stringify(result.items)).not.toContain('k3y-for-signing');
	});

	test('set auth key longer than 128 characters is refused before any request', async () => {
		const before = ctx.requests().length;
		const result = await ctx.run({
			operation: 'setAuthKey',
			domain: byName('push.example.com'),
			authKey: 'x'.repeat(129),
		});
		expect(result.error.message).toMatch(
			/Auth Key is 129 characters long; at most 128 are allowed/,
		);
		expect(ctx.requests()).toHaveLength(before);
	});

	test('delete: DELETE /domains/{domain} → {deleted: true}; unknown → 404 naming it', async () => {
		const result = await ctx.run({ operation: 'delete', domain: byName('play.example.com') });
		expect(result.items[0].json).toEqual({ deleted: true, domain: 'play.example.com' });
		expect(ctx.requests().at(-1)).toMatchObject({
			method: 'DELETE',
			path: '/domains/play.example.com',
			status: 200,
		});
		const again = await ctx.run({ operation: 'delete', domain: byName('play.example.com') });
		expect(again.error.message).toMatch(/Not found \(404\): domain "play\.example\.com"/);
	});
});
