// Origin Authentication resource, run through n8n's engine against the sandbox.
'use strict';

const { useSandbox, byName, jsonOf } = require('../helpers/sandboxContext');

const APP_ID = 'originauth0123456789abcdef0123';
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
			{ enabled: true, url: 'www.test.com/auth/callback', secretSet: true, secret: '****' },
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
