// Stream Transfer resource, run through n8n's engine against the sandbox.
'use strict';

const { useSandbox, byName, jsonOf, expectHiddenFromOutput } = require('../helpers/sandboxContext');

const APP_ID = 'streamtransf0123456789abcdef0123';
const live = byName('live');

const ctx = useSandbox({ appId: APP_ID });

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

	test("get and set: the trigger's callback token (?n8nToken=) and a URL password are masked in the output", async () => {
		const token = 'TriggerTokenThatLetsCallsIn0123456789abcdef';
		const url = `https://user:hunter2@n8n.example.com/webhook/abc/agora?n8nToken=${token}&x=1`;
		const set = await ctx.run({ ...base, operation: 'set', enabled: true, callbackUrl: url });
		expect(ctx.requests()[0].body).toEqual({ enabled: true, callbackUrl: url });
		expect(jsonOf(set)[0].callbackUrl).toBe(
			'https://user:****@n8n.example.com/webhook/abc/agora?n8nToken=****&x=1',
		);
		expectHiddenFromOutput(set, [token, 'hunter2']);
		const got = await ctx.run({ ...base, operation: 'get' });
		expect(jsonOf(got)).toEqual([
			{
				entryPoint: 'live',
				enabled: true,
				callbackUrl: 'https://user:****@n8n.example.com/webhook/abc/agora?n8nToken=****&x=1',
			},
		]);
		expectHiddenFromOutput(got, [token, 'hunter2']);
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

	test('set: a refused URL is quoted without its password or query (they may hold a secret)', async () => {
		const result = await ctx.expectInputError(
			{
				...base,
				operation: 'set',
				enabled: true,
				callbackUrl: 'https://ops:hunter2@exa mple.com/cb?n8nToken=tok3nS3cret&x=1',
			},
			/Callback URL "https:\/\/\*\*\*@exa mple\.com\/cb\?…" is not a valid URL/,
		);
		// The node's parameters hold it (the user typed it there); the error text does not repeat it.
		expect(`${result.error.message} ${result.error.description ?? ''}`).not.toMatch(
			/hunter2|tok3nS3cret/,
		);
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
