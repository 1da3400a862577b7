// Pull From Origin resource, run through n8n's engine against the sandbox.
'use strict';

const { useSandbox, byName, jsonOf, expectHiddenFromOutput } = require('../helpers/sandboxContext');

const APP_ID = 'pullfromorig0123456789abcdef0123';
const live = byName('live');

const ctx = useSandbox({ appId: APP_ID });

describe('Pull From Origin', () => {
	const base = { resource: 'pullFromOrigin', entryPoint: live };

	test('get: default settings', async () => {
		const items = jsonOf(await ctx.run({ ...base, operation: 'get' }));
		expect(ctx.requests()).toEqual([
			{
				method: 'GET',
				path: '/entry_points/live/settings/origin_site',
				query: {},
				body: null,
				status: 200,
			},
		]);
		expect(items).toEqual([{ entryPoint: 'live', enabled: false, mode: 'none' }]);
	});

	test('set: direct pull with domain and app, then get', async () => {
		const items = jsonOf(
			await ctx.run({
				...base,
				operation: 'set',
				pullMode: 'directPull',
				originDomain: 'Origin.Example.com',
				originApp: 'app2',
			}),
		);
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: '/entry_points/live/settings/origin_site',
				query: {},
				body: { enabled: true, domain: 'origin.example.com', app: 'app2' },
				status: 200,
			},
		]);
		expect(items).toEqual([
			{
				success: true,
				entryPoint: 'live',
				mode: 'directPull',
				enabled: true,
				domain: 'origin.example.com',
				app: 'app2',
			},
		]);
		const got = jsonOf(await ctx.run({ ...base, operation: 'get' }));
		expect(got).toEqual([
			{
				entryPoint: 'live',
				enabled: true,
				domain: 'origin.example.com',
				app: 'app2',
				mode: 'directPull',
			},
		]);
	});

	test('set: direct pull without app sends no app; a port is allowed', async () => {
		jsonOf(
			await ctx.run({
				...base,
				operation: 'set',
				pullMode: 'directPull',
				originDomain: '203.0.113.7:1935',
				originApp: '',
			}),
		);
		expect(ctx.requests()[0].body).toEqual({ enabled: true, domain: '203.0.113.7:1935' });
	});

	test('set: dynamic pull with a callback URL replaces direct pull', async () => {
		ctx.sandbox.state.entryPoint(APP_ID, 'live').originSite = {
			enabled: true,
			domain: 'origin.example.com',
		};
		const items = jsonOf(
			await ctx.run({
				...base,
				operation: 'set',
				pullMode: 'dynamicPull',
				callbackUrl: 'https://cb.example.com/pull',
			}),
		);
		expect(ctx.requests()[0]).toMatchObject({
			method: 'PATCH',
			path: '/entry_points/live/settings/origin_site',
			body: { enabled: true, callbackUrl: 'https://cb.example.com/pull' },
		});
		expect(items).toEqual([
			{
				success: true,
				entryPoint: 'live',
				mode: 'dynamicPull',
				enabled: true,
				callbackUrl: 'https://cb.example.com/pull',
			},
		]);
		const got = jsonOf(await ctx.run({ ...base, operation: 'get' }));
		expect(got).toEqual([
			{
				entryPoint: 'live',
				enabled: true,
				callbackUrl: 'https://cb.example.com/pull',
				mode: 'dynamicPull',
			},
		]);
	});

	test("get and set: the trigger's callback token (?n8nToken=) is masked in the output, sent as given", async () => {
		const token = 'PullTriggerTokenThatLetsCallsIn0123456789a';
		const url = `https://n8n.example.com/webhook/abc/agora?n8nToken=${token}`;
		const set = await ctx.run({
			...base,
			operation: 'set',
			pullMode: 'dynamicPull',
			callbackUrl: url,
		});
		expect(ctx.requests()[0].body).toEqual({ enabled: true, callbackUrl: url });
		expect(jsonOf(set)[0].callbackUrl).toBe(
			'https://n8n.example.com/webhook/abc/agora?n8nToken=****',
		);
		expectHiddenFromOutput(set, [token]);
		const got = await ctx.run({ ...base, operation: 'get' });
		expect(jsonOf(got)).toEqual([
			{
				entryPoint: 'live',
				enabled: true,
				callbackUrl: 'https://n8n.example.com/webhook/abc/agora?n8nToken=****',
				mode: 'dynamicPull',
			},
		]);
		expectHiddenFromOutput(got, [token]);
	});

	test('set: disable sends only enabled false', async () => {
		const items = jsonOf(await ctx.run({ ...base, operation: 'set', pullMode: 'disable' }));
		expect(ctx.requests()[0]).toMatchObject({ method: 'PATCH', body: { enabled: false } });
		expect(items).toEqual([{ success: true, entryPoint: 'live', mode: 'disable', enabled: false }]);
	});

	test.each([
		[
			{ pullMode: 'directPull', originDomain: 'rtmp://origin.example.com' },
			/Origin Domain "rtmp:\/\/origin\.example\.com" is not valid: use a host name or IPv4 address/,
		],
		[
			{ pullMode: 'directPull', originDomain: 'origin.example.com/live' },
			/Origin Domain "origin\.example\.com\/live" is not valid/,
		],
		[{ pullMode: 'directPull', originDomain: '={{ "" }}' }, /Origin Domain is required/],
		[
			{ pullMode: 'directPull', originDomain: 'origin.example.com', originApp: 'a/b' },
			/Origin App "a\/b" is not valid: it contains a character that is not allowed\. Use letters, digits/,
		],
		[
			{ pullMode: 'dynamicPull', callbackUrl: 'cb.example.com/pull' },
			/Callback URL "cb\.example\.com\/pull" is not a valid URL: use a full http:\/\/ or https:\/\//,
		],
		[{ pullMode: 'dynamicPull', callbackUrl: '={{ "" }}' }, /Callback URL is required/],
		[
			{
				pullMode: '={{ "both" }}',
				originDomain: 'o.example.com',
				callbackUrl: 'https://cb.example.com',
			},
			/Mode "both" is not allowed: use one of directPull, dynamicPull, disable/,
		],
	])('set: bad input %j is refused before any request', async (fields, pattern) => {
		await ctx.expectInputError({ ...base, operation: 'set', ...fields }, pattern);
	});

	test('get: unknown entry point surfaces a clear 404', async () => {
		const result = await ctx.run({
			...base,
			entryPoint: { __rl: true, mode: 'name', value: 'nope' },
			operation: 'get',
		});
		expect(result.error.message).toBe(
			'Not found (404): entry point "nope" does not exist for this App ID',
		);
		expect(ctx.requests()).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/entry_points/nope/settings/origin_site',
				status: 404,
			}),
		]);
	});

	test('get: bad entry point name is refused before any request', async () => {
		await ctx.expectInputError(
			{ ...base, entryPoint: { __rl: true, mode: 'name', value: 'my app' }, operation: 'get' },
			/Entry Point "my app" is not valid/,
		);
	});
});
