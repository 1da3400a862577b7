// Entry Point resource (operation map rows 6-8), run through n8n's engine against the sandbox.
'use strict';

const { useSandbox, byName, jsonOf } = require('../helpers/sandboxContext');

const APP_ID = 'entrypoint0123456789abcdef012345';
const ctx = useSandbox({ appId: APP_ID, resource: 'entryPoint' });

const entryPointNames = () => Object.keys(ctx.sandbox.state.dump(APP_ID).entryPoints).sort();

describe('Entry Point → Create', () => {
	test('POST /entry_points?id=… with no body; the 201 becomes a success item', async () => {
		const result = await ctx.run({ operation: 'create', entryPointName: 'sports' });
		expect(jsonOf(result)).toEqual([{ success: true, entryPoint: 'sports' }]);
		expect(ctx.requests()).toEqual([
			{ method: 'POST', path: '/entry_points', query: { id: 'sports' }, body: null, status: 201 },
		]);
		expect(entryPointNames()).toEqual(['live', 'sports']);
	});

	test('one entry point per item, each output paired with its input', async () => {
		const result = await ctx.run(
			{ operation: 'create', entryPointName: '={{ $json.name }}' },
			{ items: [{ json: { name: 'ep_a' } }, { json: { name: 'ep_b' } }] },
		);
		expect(result.items.map((item) => [item.json.entryPoint, item.pairedItem])).toEqual([
			['ep_a', { item: 0 }],
			['ep_b', { item: 1 }],
		]);
		expect(entryPointNames()).toEqual(['ep_a', 'ep_b', 'live']);
	});

	test('a name with a slash or a space is refused before any request', async () => {
		await ctx.expectInputError(
			{ operation: 'create', entryPointName: 'a/b' },
			/Entry Point Name "a\/b" is not valid/,
		);
		await ctx.expectInputError(
			{ operation: 'create', entryPointName: 'two words' },
			/"two words" is not valid: it contains a character that is not allowed\. Use letters, digits .*not \/ \? # % & = ; , or spaces/,
		);
		// n8n itself blocks an empty required field; an expression can still resolve to nothing.
		await ctx.expectInputError(
			{ operation: 'create', entryPointName: '={{ $json.missing }}' },
			/Entry Point Name is required/,
		);
	});

	test('"live" is refused: it always exists', async () => {
		await ctx.expectInputError(
			{ operation: 'create', entryPointName: 'live' },
			/"live" is the default entry point and always exists/,
		);
	});

	test("an entry point that already exists: Agora's 400 is reported, and the POST is sent once", async () => {
		ctx.sandbox.seed({ appId: APP_ID, entryPoints: ['sports'] });
		const result = await ctx.run({ operation: 'create', entryPointName: 'sports' });
		expect(result.error.message).toMatch(
			/Agora rejected the request \(400\): entry point sports already exists/,
		);
		expect(ctx.requests()).toHaveLength(1);
	});
});

describe('Entry Point → Delete', () => {
	test('DELETE /entry_points/{ep} → { deleted: true, entryPoint }', async () => {
		ctx.sandbox.seed({ appId: APP_ID, entryPoints: ['sports'] });
		const result = await ctx.run({ operation: 'delete', entryPoint: byName('sports') });
		expect(jsonOf(result)).toEqual([{ deleted: true, entryPoint: 'sports' }]);
		expect(ctx.requests()).toEqual([
			{ method: 'DELETE', path: '/entry_points/sports', query: {}, body: null, status: 200 },
		]);
		expect(entryPointNames()).toEqual(['live']);
	});

	test('the locator\'s "From List" mode works the same', async () => {
		ctx.sandbox.seed({ appId: APP_ID, entryPoints: ['sports'] });
		const result = await ctx.run({
			operation: 'delete',
			entryPoint: { __rl: true, mode: 'list', value: 'sports' },
		});
		expect(jsonOf(result)).toEqual([{ deleted: true, entryPoint: 'sports' }]);
	});

	test('"live" is refused before any request with a clear message', async () => {
		const { error } = await ctx.expectInputError(
			{ operation: 'delete', entryPoint: byName('live') },
			/The default entry point "live" cannot be deleted/,
		);
		// n8n shows the item (Item Index) from the error's context; the message does not repeat it.
		expect(error.message).not.toMatch(/\[item/);
		expect(error.context.itemIndex).toBe(0);
		expect(entryPointNames()).toEqual(['live']);
	});

	test('with Continue On Fail, only the "live" item fails and the others are deleted', async () => {
		ctx.sandbox.seed({ appId: APP_ID, entryPoints: ['a', 'b'] });
		const result = await ctx.run(
			{ operation: 'delete', entryPoint: byName('={{ $json.ep }}') },
			{
				items: [{ json: { ep: 'a' } }, { json: { ep: 'live' } }, { json: { ep: 'b' } }],
				continueOnFail: true,
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			{ deleted: true, entryPoint: 'a' },
			{ error: expect.stringMatching(/"live" cannot be deleted$/) },
			{ deleted: true, entryPoint: 'b' },
		]);
		expect(entryPointNames()).toEqual(['live']);
	});

	test('an unknown entry point: the 404 names it', async () => {
		const result = await ctx.run({ operation: 'delete', entryPoint: byName('nope') });
		expect(result.error.message).toMatch(/Not found \(404\): entry point "nope" does not exist/);
	});
});

describe('Entry Point → Get Many', () => {
	beforeEach(() => ctx.sandbox.seed({ appId: APP_ID, entryPoints: ['a', 'b', 'c'] }));

	test('GET /entry_points → one item per entry point (Return All)', async () => {
		const result = await ctx.run({ operation: 'getMany', returnAll: true });
		expect(jsonOf(result)).toEqual([{ name: 'live' }, { name: 'a' }, { name: 'b' }, { name: 'c' }]);
		expect(ctx.requests()).toEqual([
			{ method: 'GET', path: '/entry_points', query: {}, body: null, status: 200 },
		]);
	});

	test('Limit cuts the list', async () => {
		const result = await ctx.run({ operation: 'getMany', returnAll: false, limit: 2 });
		expect(jsonOf(result)).toEqual([{ name: 'live' }, { name: 'a' }]);
	});

	test('a Limit below 1 is refused', async () => {
		await ctx.expectInputError(
			{ operation: 'getMany', returnAll: false, limit: 0 },
			/Limit must be from 1/,
		);
	});
});
