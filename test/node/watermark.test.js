// Watermark resource, run through n8n's engine against the sandbox.
'use strict';

const { useSandbox, byName, jsonOf } = require('../helpers/sandboxContext');

const APP_ID = 'watermark0123456789abcdef0123456';
const PATH = '/entry_points/live/settings/watermark';

const ctx = useSandbox({
	appId: APP_ID,
	resource: 'watermark',
	defaults: { entryPoint: byName('live') },
});

const LOGO = 'https://cdn.example.com/logos/{entry_point}/{stream_name}.png';
const mark = (overrides = {}) => ({
	url: LOGO,
	x: 10,
	y: 20,
	width: 200,
	height: 100,
	zOrder: 0,
	...overrides,
});
const fields = (...marks) => ({
	operation: 'set',
	watermarkInput: 'fields',
	watermarks: { watermark: marks },
});
const json = (value) => ({ operation: 'set', watermarkInput: 'json', watermarksJson: value });

describe('Watermark → Set', () => {
	test('fields: two watermarks; Z-Order 0 is left out, 2 is sent; body key is waterMarkSet', async () => {
		const items = jsonOf(
			await ctx.run(
				fields(
					mark({ zOrder: 2 }),
					mark({ url: 'http://img.example.com/b.png', x: 0, y: 1920, width: 1920, height: 0 }),
				),
			),
		);
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: PATH,
				query: {},
				body: {
					waterMarkSet: [
						{ url: LOGO, x: 10, y: 20, width: 200, height: 100, zOrder: 2 },
						{ url: 'http://img.example.com/b.png', x: 0, y: 1920, width: 1920, height: 0 },
					],
				},
				status: 200,
			},
		]);
		expect(items).toEqual([
			{ success: true, entryPoint: 'live', watermarkCount: 2, cleared: false },
		]);
		expect(ctx.sandbox.state.entryPoint(APP_ID, 'live').watermarks).toHaveLength(2);
	});

	test('fields: five watermarks are accepted', async () => {
		const five = [1, 2, 3, 4, 5].map((n) => mark({ x: n }));
		jsonOf(await ctx.run(fields(...five)));
		expect(ctx.requests()[0].body.waterMarkSet.map((w) => w.x)).toEqual([1, 2, 3, 4, 5]);
	});

	test('JSON text: zOrder 0 is sent as given, unknown keys (e.g. from Get Many) are dropped', async () => {
		const text = JSON.stringify([
			{ url: LOGO, x: 1, y: 2, width: 3, height: 4, zOrder: 0, entryPoint: 'live' },
			{ url: 'https://cdn.example.com/b.png', x: '5', y: 6, width: 7, height: 8 },
		]);
		const items = jsonOf(await ctx.run(json(text)));
		expect(ctx.requests()[0]).toMatchObject({
			method: 'PATCH',
			path: PATH,
			body: {
				waterMarkSet: [
					{ url: LOGO, x: 1, y: 2, width: 3, height: 4, zOrder: 0 },
					{ url: 'https://cdn.example.com/b.png', x: 5, y: 6, width: 7, height: 8 },
				],
			},
		});
		expect(items).toEqual([
			{ success: true, entryPoint: 'live', watermarkCount: 2, cleared: false },
		]);
	});

	test('JSON from an expression (a list, or the API shape in either spelling)', async () => {
		jsonOf(
			await ctx.run(
				json('={{ [{ url: "https://a.example.com/x.png", x: 1, y: 1, width: 50, height: 50 }] }}'),
			),
		);
		jsonOf(
			await ctx.run(
				json(
					'={{ { watermarkSet: [{ url: "https://a.example.com/y.png", x: 2, y: 2, width: 60, height: 60, zOrder: 3 }] } }}',
				),
			),
		);
		expect(ctx.requests().map((r) => r.body)).toEqual([
			{ waterMarkSet: [{ url: 'https://a.example.com/x.png', x: 1, y: 1, width: 50, height: 50 }] },
			{
				waterMarkSet: [
					{ url: 'https://a.example.com/y.png', x: 2, y: 2, width: 60, height: 60, zOrder: 3 },
				],
			},
		]);
	});

	test('None (Clear All): sends an empty set and the entry point has no watermarks left', async () => {
		ctx.sandbox.state.entryPoint(APP_ID, 'live').watermarks = [
			{ url: LOGO, x: 0, y: 0, width: 1, height: 1 },
		];
		const items = jsonOf(await ctx.run({ operation: 'set', watermarkInput: 'clear' }));
		expect(ctx.requests()).toEqual([
			{ method: 'PATCH', path: PATH, query: {}, body: { waterMarkSet: [] }, status: 200 },
		]);
		expect(items).toEqual([
			{ success: true, entryPoint: 'live', watermarkCount: 0, cleared: true },
		]);
		expect(ctx.sandbox.state.entryPoint(APP_ID, 'live').watermarks).toEqual([]);
	});

	test.each([
		[
			'six watermarks',
			fields(...[1, 2, 3, 4, 5, 6].map((n) => mark({ x: n }))),
			/6 watermarks given: an entry point takes at most 5 watermarks/,
		],
		[
			'x out of range in watermark 2',
			fields(mark(), mark({ x: 2000 })),
			/Watermark 2: X must be from 0 to 1920, but it is 2000/,
		],
		[
			'negative height in watermark 1',
			fields(mark({ height: -1 })),
			/Watermark 1: Height must be from 0 to 1920, but it is -1/,
		],
		[
			'fractional width',
			fields(mark({ width: 10.5 })),
			/Watermark 1: Width must be a whole number from 0 to 1920/,
		],
		[
			'Z-Order out of range',
			fields(mark({ zOrder: 101 })),
			/Watermark 1: Z-Order must be from 0 to 100, but it is 101/,
		],
		[
			'no watermarks in the fields',
			fields(),
			/No watermarks given: add 1 to 5 watermarks, or set Watermarks Input to "None \(Clear All Watermarks\)"/,
		],
		[
			'an empty URL (from an expression)',
			fields(mark({ url: '={{ "" }}' })),
			/Watermark 1: Image URL is required/,
		],
		[
			'URL without scheme',
			fields(mark({ url: 'cdn.example.com/logo.png' })),
			/Watermark 1: Image URL "cdn\.example\.com\/logo\.png" is not a valid URL: use a full http:\/\/ or https:\/\//,
		],
		[
			'a JPEG',
			fields(mark({ url: 'https://cdn.example.com/logo.jpg' })),
			/Watermark 1: Image URL must point to a PNG image/,
		],
		[
			'unknown placeholder',
			fields(mark({ url: 'https://cdn.example.com/{stream}.png' })),
			/Watermark 1: Image URL contains the unknown placeholder \{stream\}: only \{entry_point\} and \{stream_name\}/,
		],
		[
			'JSON: y above range in watermark 3',
			json(JSON.stringify([mark(), mark(), mark({ y: 1921 })])),
			/Watermark 3: "y" must be from 0 to 1920, but it is 1921/,
		],
		[
			'JSON: missing height',
			json('[{"url": "https://a.example.com/x.png", "x": 1, "y": 1, "width": 5}]'),
			/Watermark 1: "height" is required: a whole number from 0 to 1920/,
		],
		[
			'JSON: six items',
			json(JSON.stringify([1, 2, 3, 4, 5, 6].map(() => mark()))),
			/6 watermarks given: an entry point takes at most 5/,
		],
		['JSON: empty list', json('[]'), /No watermarks given/],
		['JSON: not JSON', json('[{url: x}'), /Watermarks \(JSON\) is not valid JSON/],
		['JSON: not a list', json('42'), /Watermarks \(JSON\) must be a list of watermarks/],
		[
			'JSON: an entry that is not an object',
			json('["https://a.example.com/x.png"]'),
			/Watermark 1 must be an object/,
		],
		[
			'bad entry point',
			{ ...fields(mark()), entryPoint: { __rl: true, mode: 'name', value: 'a/b' } },
			/Entry Point "a\/b" is not valid/,
		],
	])('refuses %s before any request', async (_name, parameters, pattern) => {
		await ctx.expectInputError(parameters, pattern);
	});

	test('unknown entry point surfaces a clear 404', async () => {
		const result = await ctx.run({
			...fields(mark()),
			entryPoint: { __rl: true, mode: 'name', value: 'ghost' },
		});
		expect(result.error.message).toBe(
			'Not found (404): entry point "ghost" does not exist for this App ID',
		);
		expect(ctx.requests()).toEqual([
			expect.objectContaining({
				method: 'PATCH',
				path: '/entry_points/ghost/settings/watermark',
				status: 404,
			}),
		]);
	});

	test('a 400 from Agora surfaces with its message', async () => {
		ctx.sandbox.setConfig({
			faultPlan: [
				{
					match: { method: 'PATCH', pathIncludes: '/settings/watermark' },
					status: 400,
					body: { message: 'watermark url must be a PNG image' },
				},
			],
		});
		const result = await ctx.run(fields(mark()));
		expect(result.error.message).toBe(
			'Agora rejected the request (400): watermark url must be a PNG image',
		);
		expect(ctx.requests()).toHaveLength(1);
	});
});

describe('Watermark → Get Many', () => {
	const stored = [
		{ url: 'https://a.example.com/1.png', x: 1, y: 1, width: 10, height: 10, zOrder: 2 },
		{ url: 'https://a.example.com/2.png', x: 2, y: 2, width: 20, height: 20 },
		{ url: 'https://a.example.com/3.png', x: 3, y: 3, width: 30, height: 30 },
	];

	test('one item per watermark (waterMarkSet), Return All', async () => {
		ctx.sandbox.state.entryPoint(APP_ID, 'live').watermarks = stored.map((w) => ({ ...w }));
		const items = jsonOf(await ctx.run({ operation: 'getMany', returnAll: true }));
		expect(ctx.requests()).toEqual([
			{ method: 'GET', path: PATH, query: {}, body: null, status: 200 },
		]);
		expect(items).toEqual(stored.map((w) => ({ ...w, entryPoint: 'live' })));
	});

	test('Limit cuts the list', async () => {
		ctx.sandbox.state.entryPoint(APP_ID, 'live').watermarks = stored.map((w) => ({ ...w }));
		const items = jsonOf(await ctx.run({ operation: 'getMany', returnAll: false, limit: 2 }));
		expect(items.map((i) => i.x)).toEqual([1, 2]);
	});

	test('accepts the other spelling, watermarkSet', async () => {
		ctx.sandbox.setConfig({
			faultPlan: [
				{
					match: { method: 'GET', pathIncludes: '/settings/watermark' },
					status: 200,
					body: { watermarkSet: [stored[1]] },
				},
			],
		});
		const items = jsonOf(await ctx.run({ operation: 'getMany', returnAll: true }));
		expect(items).toEqual([{ ...stored[1], entryPoint: 'live' }]);
	});

	test('no watermarks: no items', async () => {
		const items = jsonOf(await ctx.run({ operation: 'getMany', returnAll: true }));
		expect(items).toEqual([]);
	});

	test('Set then Get Many round-trips through the JSON input', async () => {
		ctx.sandbox.state.entryPoint(APP_ID, 'live').watermarks = stored.map((w) => ({ ...w }));
		const got = jsonOf(await ctx.run({ operation: 'getMany', returnAll: true }));
		ctx.sandbox.reset();
		jsonOf(await ctx.run(json(JSON.stringify(got))));
		expect(ctx.requests()[0].body).toEqual({ waterMarkSet: stored });
	});

	test('unknown entry point surfaces a clear 404', async () => {
		const result = await ctx.run({
			operation: 'getMany',
			returnAll: true,
			entryPoint: { __rl: true, mode: 'name', value: 'ghost' },
		});
		expect(result.error.message).toBe(
			'Not found (404): entry point "ghost" does not exist for this App ID',
		);
	});
});
