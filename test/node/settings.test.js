// Origin Authentication, Pull From Origin and Stream Transfer, run through n8n's engine against the sandbox.
'use strict';

const { useSandbox, byName, jsonOf } = require('../helpers/sandboxContext');

const APP_ID = 'settings0123456789abcdef01234567';
const live = byName('live');

const ctx = useSandbox({ appId: APP_ID });

describe('Origin Authentication', () => {
	const base = { resource: 'originAuth' };

	test('get: default settings, no secret', async () => {
		const items = jsonOf(await ctx.run({ ...base, operation: 'get' }));
		expect(ctx.requests()).toEqual([
			{ method: 'GET', path: '/settings/streamauth/webhook', query: {}, body: null, status: 200 },
		]);
		expect(items).toEqual([{ enabled: false, secretSet: false }]);
	});

	test('set: enabled, host/path URL (doc form) and secret; the secret is sent but never echoed', async () => {
		const secret = 'origin-auth-secret-9876';
		const items = jsonOf(
			await ctx.run({
				...base,
				operation: 'set',
				enabled: true,
				url: 'www.test.com/auth/callback',
				secret,
			}),
		);
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: '/settings/streamauth/webhook',
				query: {},
				body: { enabled: true, url: 'www.test.com/auth/callback', secret: '[redacted]' },
				status: 200,
			},
		]);
		expect(ctx.sandbox.state.app(APP_ID).streamAuthWebhook).toEqual({
			enabled: true,
			url: 'www.test.com/auth/callback',
			secret,
		});
		expect(items).toEqual([
			{ success: true, enabled: true, url: 'www.test.com/auth/callback', secretUpdated: true },
		]);
		expect(JSON.stringify(items)).not.toContain(secret);

		// get masks the secret
		ctx.sandbox.requestLog.length = 0;
		const got = jsonOf(await ctx.run({ ...base, operation: 'get' }));
		expect(got).toEqual([
			{ enabled: true, url: 'www.test.com/auth/callback', secretSet: true, secret: '****9876' },
		]);
		expect(JSON.stringify(got)).not.toContain(secret);
	});

	test('set: https URL without secret sends no secret key; a short secret is fully masked', async () => {
		ctx.sandbox.state.app(APP_ID).streamAuthWebhook = {
			enabled: true,
			url: 'old.example.com/a',
			secret: 'abc',
		};
		const items = jsonOf(
			await ctx.run({
				...base,
				operation: 'set',
				enabled: false,
				url: 'https://auth.example.com/agora?x=1',
				secret: '',
			}),
		);
		expect(ctx.requests()[0].body).toEqual({
			enabled: false,
			url: 'https://auth.example.com/agora?x=1',
		});
		expect(items).toEqual([
			{
				success: true,
				enabled: false,
				url: 'https://auth.example.com/agora?x=1',
				secretUpdated: false,
			},
		]);
		const got = jsonOf(await ctx.run({ ...base, operation: 'get' }));
		expect(got).toEqual([
			{
				enabled: false,
				url: 'https://auth.example.com/agora?x=1',
				secretSet: true,
				secret: '****',
			},
		]);
	});

	test('set: only enabled when URL and secret are empty (current ones kept)', async () => {
		jsonOf(await ctx.run({ ...base, operation: 'set', enabled: true, url: '', secret: '' }));
		expect(ctx.requests()[0].body).toEqual({ enabled: true });
	});

	test.each([
		['not a url', /URL "not a url" is not valid: use an http\(s\) URL or a host and path/],
		[
			'ftp://files.example.com/auth',
			/URL "ftp:\/\/files\.example\.com\/auth" is not a valid URL: use a full http:\/\/ or https:\/\//,
		],
		['/auth/callback', /URL "\/auth\/callback" is not valid/],
	])('set: bad URL %s is refused before any request', async (url, pattern) => {
		await ctx.expectInputError(
			{ ...base, operation: 'set', enabled: true, url, secret: '' },
			pattern,
		);
	});

	test('set: Enabled from an expression that is not a boolean is refused', async () => {
		await ctx.expectInputError(
			{ ...base, operation: 'set', enabled: '={{ "yes" }}', url: '', secret: '' },
			/Enabled must be true or false, but it is "yes"/,
		);
	});
});

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

describe('Stream Transfer', () => {
	const base = { resource: 'streamTransfer', entryPoint: live };

	test('get: default settings', async () => {
		const items = jsonOf(await ctx.run({ ...base, operation: 'get' }));
		expect(ctx.requests()).toEqual([
			{
				method: 'GET',
				path: '/entry_points/live/settings/transfer',
				query: {},
				body: null,
				status: 200,
			},
		]);
		expect(items).toEqual([{ entryPoint: 'live', enabled: false }]);
	});

	test('set: enabled with a callback URL, then get', async () => {
		const items = jsonOf(
			await ctx.run({
				...base,
				operation: 'set',
				enabled: true,
				callbackUrl: 'https://example.transfer.com/callback',
			}),
		);
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: '/entry_points/live/settings/transfer',
				query: {},
				body: { enabled: true, callbackUrl: 'https://example.transfer.com/callback' },
				status: 200,
			},
		]);
		expect(items).toEqual([
			{
				success: true,
				entryPoint: 'live',
				enabled: true,
				callbackUrl: 'https://example.transfer.com/callback',
			},
		]);
		const got = jsonOf(await ctx.run({ ...base, operation: 'get' }));
		expect(got).toEqual([
			{ entryPoint: 'live', enabled: true, callbackUrl: 'https://example.transfer.com/callback' },
		]);
	});

	test('set: disabled without a callback URL sends only enabled', async () => {
		const items = jsonOf(
			await ctx.run({ ...base, operation: 'set', enabled: false, callbackUrl: '' }),
		);
		expect(ctx.requests()[0]).toMatchObject({ method: 'PATCH', body: { enabled: false } });
		expect(items).toEqual([{ success: true, entryPoint: 'live', enabled: false }]);
	});

	test.each([
		[{ enabled: true, callbackUrl: '' }, /Callback URL is required when Enabled is on/],
		[
			{ enabled: true, callbackUrl: 'javascript:alert(1)' },
			/Callback URL "javascript:alert\(1\)" is not a valid URL: use a full http:\/\/ or https:\/\//,
		],
		[
			{ enabled: false, callbackUrl: 'http://exa mple.com/cb' },
			/Callback URL "http:\/\/exa mple\.com\/cb" is not a valid URL/,
		],
	])('set: bad input %j is refused before any request', async (fields, pattern) => {
		await ctx.expectInputError({ ...base, operation: 'set', ...fields }, pattern);
	});

	test('set: a 400 from Agora surfaces with its message', async () => {
		ctx.sandbox.setConfig({
			faultPlan: [
				{
					match: { method: 'PATCH', pathIncludes: '/settings/transfer' },
					status: 400,
					body: { message: 'invalid callbackUrl' },
				},
			],
		});
		const result = await ctx.run({
			...base,
			operation: 'set',
			enabled: true,
			callbackUrl: 'https://example.com/cb',
		});
		expect(result.error.message).toBe('Agora rejected the request (400): invalid callbackUrl');
		expect(ctx.requests()).toHaveLength(1);
	});

	test('set: unknown entry point surfaces a clear 404', async () => {
		const result = await ctx.run({
			...base,
			entryPoint: { __rl: true, mode: 'name', value: 'ghost' },
			operation: 'set',
			enabled: false,
			callbackUrl: '',
		});
		expect(result.error.message).toBe(
			'Not found (404): entry point "ghost" does not exist for this App ID',
		);
	});
});
