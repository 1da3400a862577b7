// Start, stop, get config and auto record: the same four endpoints for standard recording (Agora's
// storage) and custom recording (your storage), built by one factory (actions/recording/kinds.ts)
// and tested here over both kinds, through n8n's real engine against the local Agora sandbox.
'use strict';

const { useSandbox, byName, itemsJson } = require('../helpers/sandboxContext');

const APP_ID = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';

const ctx = useSandbox({ appId: APP_ID });
const ep = (value = 'live') => byName(value);

describe.each([
	['standard', 'standardRecording'],
	['custom', 'customRecording'],
])('%s recording', (kind, resource) => {
	const run = (operation, extra = {}) => ({ resource, operation, entryPoint: ep(), ...extra });
	const recordState = () => ctx.sandbox.state.entryPoint(APP_ID, 'live').record[kind];

	test(`getConfig: GET settings/record/${kind}/regions/{region}`, async () => {
		const result = await ctx.run(run('getConfig', { region: 'eu' }));
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'GET',
				path: `/entry_points/live/settings/record/${kind}/regions/eu`,
				query: {},
				body: null,
				status: 200,
			},
		]);
		expect(itemsJson(result)).toEqual([
			{
				entryPoint: 'live',
				region: 'eu',
				hlsConfig: { enabled: false },
				mp4Config: { enabled: false },
			},
		]);
	});

	test('getConfig: 404 for an unknown entry point', async () => {
		const result = await ctx.run({ ...run('getConfig', { region: 'cn' }), entryPoint: ep('nope') });
		expect(result.error.message).toBe(
			'Not found (404): entry point "nope" does not exist for this App ID',
		);
		expect(ctx.lastRequest()).toMatchObject({
			path: `/entry_points/nope/settings/record/${kind}/regions/cn`,
			status: 404,
		});
	});

	test(`setAutoRecord: PATCH settings/record/${kind}/auto {enabled}`, async () => {
		const result = await ctx.run(run('setAutoRecord', { enabled: false }));
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: `/entry_points/live/settings/record/${kind}/auto`,
				query: {},
				body: { enabled: false },
				status: 200,
			},
		]);
		expect(itemsJson(result)).toEqual([{ success: true, entryPoint: 'live', enabled: false }]);
		const on = await ctx.run(run('setAutoRecord', { enabled: true }));
		expect(ctx.lastRequest().body).toEqual({ enabled: true });
		expect(itemsJson(on)).toEqual([{ success: true, entryPoint: 'live', enabled: true }]);
		expect(recordState().auto).toBe(true);
	});

	test('setAutoRecord: a non-boolean Enabled is refused', async () => {
		await ctx.expectInputError(
			run('setAutoRecord', { enabled: '={{ "maybe" }}' }),
			/Enabled must be true or false/,
		);
	});

	test(`start: PUT admin/record/${kind}/regions/{region}/tasks?id={stream} with no body`, async () => {
		const result = await ctx.run(run('start', { region: 'na', streamName: 'match_7' }));
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'PUT',
				path: `/entry_points/live/admin/record/${kind}/regions/na/tasks`,
				query: { id: 'match_7' },
				body: null,
				status: 200,
			},
		]);
		expect(itemsJson(result)).toEqual([
			{ success: true, entryPoint: 'live', region: 'na', streamName: 'match_7' },
		]);
		expect(recordState().tasks.na.has('match_7')).toBe(true);
	});

	test('start: 400 from Agora (automatic recording still on) surfaces as a clear error', async () => {
		await ctx.run(run('setAutoRecord', { enabled: true }));
		const result = await ctx.run(run('start', { region: 'cn', streamName: 'match_7' }));
		expect(result.error.message).toMatch(
			new RegExp(`^Agora rejected the request \\(400\\): automatic ${kind} recording is enabled`),
		);
		expect(ctx.lastRequest()).toMatchObject({ method: 'PUT', status: 400 });
	});

	test('start: a bad stream name, entry point or region is refused before any request', async () => {
		await ctx.expectInputError(
			run('start', { region: 'cn', streamName: 'a/b' }),
			/Stream Name "a\/b" is not valid: .*not \/ \? # % & = ; , or spaces/,
		);
		await ctx.expectInputError(
			run('start', { region: 'cn', streamName: 'x?y' }),
			/Stream Name "x\?y" is not valid/,
		);
		await ctx.expectInputError(
			{ ...run('start', { region: 'cn', streamName: 'ok' }), entryPoint: ep('my ep') },
			/Entry Point "my ep" is not valid/,
		);
		await ctx.expectInputError(
			run('start', { region: 'cn', streamName: '={{ "" }}' }),
			/Stream Name is required/,
		);
		await ctx.expectInputError(
			run('start', { region: '={{ "us" }}', streamName: 'x' }),
			/Region "us" is not allowed: use one of cn, ap, eu, na/,
		);
	});

	test(`stop: DELETE admin/record/${kind}/regions/{region}/tasks/{stream}`, async () => {
		await ctx.run(run('start', { region: 'eu', streamName: 'match_7' }));
		const result = await ctx.run(run('stop', { region: 'eu', streamName: 'match_7' }));
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest()).toEqual({
			method: 'DELETE',
			path: `/entry_points/live/admin/record/${kind}/regions/eu/tasks/match_7`,
			query: {},
			body: null,
			status: 200,
		});
		expect(itemsJson(result)).toEqual([
			{ deleted: true, entryPoint: 'live', region: 'eu', streamName: 'match_7' },
		]);
	});

	test('stop: 404 from Agora names the task that does not exist', async () => {
		const result = await ctx.run(run('stop', { region: 'eu', streamName: 'never_started' }));
		expect(result.error.message).toBe(
			`Not found (404): a ${kind} recording task for stream "never_started" (entry point "live", region eu) does not exist for this App ID`,
		);
		const gone = await ctx.run({
			...run('stop', { region: 'ap', streamName: 'lecture-3' }),
			entryPoint: ep('gone'),
		});
		expect(gone.error.description).toBe('Agora said: entry point gone not found');
	});
});

test('custom recording: start is refused (400) once Set Config turned automatic custom recording on', async () => {
	await ctx.run({
		resource: 'customRecording',
		operation: 'setConfig',
		entryPoint: ep(),
		region: 'ap',
		setStorage: true,
		storageVendor: 1,
		storageRegionAmazonS3: 24,
		storageBucket: 'my-recordings',
		storageAccessKey: 'AKIAEXAMPLEACCESS1234',
		storageSecretKey: 'wJalrXUtnFEMIK7MDENGbPxRfiCYsecret9876',
	});
	const result = await ctx.run({
		resource: 'customRecording',
		operation: 'start',
		entryPoint: ep(),
		region: 'ap',
		streamName: 'lecture-3',
	});
	expect(result.error.message).toMatch(
		/^Agora rejected the request \(400\): automatic custom recording is enabled/,
	);
});
