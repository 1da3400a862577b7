// Standard Recording resource (config, clips, snapshots, files), run through n8n's real engine against
// the local Agora sandbox. Start, stop, get config and auto record of both recording kinds are in
// recordingKinds.test.js.
'use strict';

const { resourceProperties } = require('../helpers/engine');
const {
	useSandbox,
	byName,
	itemsJson,
	expectHiddenFromOutput,
} = require('../helpers/sandboxContext');

const standardProperties = resourceProperties('standardRecording');

const APP_ID = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';

const ctx = useSandbox({ appId: APP_ID });
const ep = (value = 'live') => byName(value);

/** Seconds precision, UTC, as the node sends it. */
function iso(ms) {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const std = (operation, extra = {}) => ({
	resource: 'standardRecording',
	operation,
	entryPoint: ep(),
	...extra,
});

describe('Standard Recording', () => {
	test('operations alphabetical', () => {
		const operation = standardProperties[0];
		expect(operation.name).toBe('operation');
		expect(operation.noDataExpression).toBe(true);
		expect(operation.displayOptions).toEqual({ show: { resource: ['standardRecording'] } });
		const names = operation.options.map((o) => o.name);
		expect(names).toEqual([...names].sort());
		const values = [
			'createClip',
			'createSnapshot',
			'getConfig',
			'getManyFiles',
			'setAutoRecord',
			'setConfig',
			'start',
			'stop',
		];
		expect(operation.options.map((o) => o.value).sort()).toEqual(values);
	});

	test('setConfig: PATCH with mp4Config and hlsConfig, then getConfig reads it back', async () => {
		const result = await ctx.run(std('setConfig', { region: 'ap', mp4: 'enable', hls: 'disable' }));
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest()).toEqual({
			method: 'PATCH',
			path: '/entry_points/live/settings/record/standard/regions/ap',
			query: {},
			body: { mp4Config: { enabled: true }, hlsConfig: { enabled: false } },
			status: 200,
		});
		expect(itemsJson(result)).toEqual([
			{
				success: true,
				entryPoint: 'live',
				region: 'ap',
				mp4Config: { enabled: true },
				hlsConfig: { enabled: false },
			},
		]);
		const read = await ctx.run(std('getConfig', { region: 'ap' }));
		expect(itemsJson(read)[0]).toMatchObject({
			mp4Config: { enabled: true },
			hlsConfig: { enabled: false },
		});
		// The documented side effect: recording is now on for the entry point.
		expect(ctx.sandbox.state.entryPoint(APP_ID, 'live').record.standard.auto).toBe(true);
	});

	test('setConfig: "Leave Unchanged" leaves that format out of the body', async () => {
		const result = await ctx.run(
			std('setConfig', { region: 'cn', mp4: 'unchanged', hls: 'enable' }),
		);
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest().body).toEqual({ hlsConfig: { enabled: true } });
		expect(itemsJson(result)).toEqual([
			{ success: true, entryPoint: 'live', region: 'cn', hlsConfig: { enabled: true } },
		]);
	});

	test('setConfig: defaults send both formats enabled', async () => {
		const result = await ctx.run(std('setConfig', { region: 'cn' }));
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest().body).toEqual({
			mp4Config: { enabled: true },
			hlsConfig: { enabled: true },
		});
	});

	test('setConfig: both "Leave Unchanged" is refused before any request', async () => {
		await ctx.expectInputError(
			std('setConfig', { region: 'cn', mp4: 'unchanged', hls: 'unchanged' }),
			/Nothing to set: MP4 and HLS are both "Leave Unchanged"/,
		);
	});

	test('setConfig: an MP4 value outside the choices is refused', async () => {
		await ctx.expectInputError(
			std('setConfig', { region: 'cn', mp4: '={{ "yes" }}', hls: 'enable' }),
			/MP4 "yes" is not allowed: use one of disable, enable, unchanged/,
		);
	});

	describe('createClip', () => {
		const start = () => iso(Date.now() - 2 * 3600 * 1000);
		const end = () => iso(Date.now() - 3600 * 1000);

		test('POST admin/record/standard/regions/{region}/cutting/{stream} {startTime, endTime, fileName}', async () => {
			const startTime = start();
			const endTime = end();
			const result = await ctx.run(
				std('createClip', {
					region: 'cn',
					streamName: 's1',
					startTime,
					endTime,
					fileName: 'goal.m3u8',
				}),
			);
			expect(result.error).toBeUndefined();
			expect(ctx.requests()).toEqual([
				{
					method: 'POST',
					path: '/entry_points/live/admin/record/standard/regions/cn/cutting/s1',
					query: {},
					body: { startTime, endTime, fileName: 'goal.m3u8' },
					status: 200,
				},
			]);
			expect(itemsJson(result)).toEqual([
				{
					success: true,
					entryPoint: 'live',
					region: 'cn',
					streamName: 's1',
					startTime,
					endTime,
					fileName: 'goal.m3u8',
				},
			]);
		});

		test('without End Time the body has no endTime; a time with offset is sent as given', async () => {
			const result = await ctx.run(
				std('createClip', {
					region: 'cn',
					streamName: 's1',
					startTime: '2025-01-07T20:00:00+08:00',
					fileName: 'a.m3u8',
				}),
			);
			expect(result.error).toBeUndefined();
			expect(ctx.lastRequest().body).toEqual({
				startTime: '2025-01-07T20:00:00+08:00',
				fileName: 'a.m3u8',
			});
		});

		test('400 from Agora (file name already used) surfaces as a clear error', async () => {
			const params = std('createClip', {
				region: 'cn',
				streamName: 's1',
				startTime: start(),
				fileName: 'dup.m3u8',
			});
			expect((await ctx.run(params)).error).toBeUndefined();
			const again = await ctx.run(params);
			expect(again.error.message).toBe(
				'Agora rejected the request (400): fileName dup.m3u8 already exists',
			);
			expect(ctx.sandbox.requestLog).toHaveLength(2);
		});

		test('bad input is refused before any request', async () => {
			const base = { region: 'cn', streamName: 's1', startTime: start(), fileName: 'a.m3u8' };
			await ctx.expectInputError(
				std('createClip', { ...base, fileName: 'clip' }),
				/File Name "clip" is not valid: .*must end with "\.m3u8"/,
			);
			await ctx.expectInputError(
				std('createClip', { ...base, fileName: 'clip.mp4' }),
				/File Name "clip.mp4" is not valid/,
			);
			await ctx.expectInputError(
				std('createClip', { ...base, fileName: '={{ "" }}' }),
				/File Name is required/,
			);
			await ctx.expectInputError(
				std('createClip', { ...base, startTime: '={{ "" }}' }),
				/Start Time is required/,
			);
			await ctx.expectInputError(
				std('createClip', { ...base, startTime: 'yesterday' }),
				/Start Time "yesterday" is not a valid date and time: use RFC 3339/,
			);
			await ctx.expectInputError(
				std('createClip', { ...base, endTime: iso(Date.now() + 3600 * 1000) }),
				/End Time .* is in the future: it must not be later than now/,
			);
			await ctx.expectInputError(
				std('createClip', { ...base, startTime: end(), endTime: start() }),
				/End Time .* is before Start Time .*: it must not be earlier/,
			);
			await ctx.expectInputError(
				std('createClip', { ...base, streamName: 'a b' }),
				/Stream Name "a b" is not valid/,
			);
		});
	});

	describe('createSnapshot', () => {
		test('POST admin/record/standard/regions/{region}/snapshot/{stream} {time, fileName}', async () => {
			const result = await ctx.run(
				std('createSnapshot', {
					region: 'ap',
					streamName: 's1',
					time: '2025-01-07T20:00:00+08:00',
					fileName: 'cover.jpg',
				}),
			);
			expect(result.error).toBeUndefined();
			expect(ctx.requests()).toEqual([
				{
					method: 'POST',
					path: '/entry_points/live/admin/record/standard/regions/ap/snapshot/s1',
					query: {},
					body: { time: '2025-01-07T20:00:00+08:00', fileName: 'cover.jpg' },
					status: 200,
				},
			]);
			expect(itemsJson(result)).toEqual([
				{
					success: true,
					entryPoint: 'live',
					region: 'ap',
					streamName: 's1',
					time: '2025-01-07T20:00:00+08:00',
					fileName: 'cover.jpg',
				},
			]);
		});

		test('without Time the body is only {fileName}', async () => {
			const result = await ctx.run(
				std('createSnapshot', { region: 'ap', streamName: 's1', fileName: 'latest.jpg' }),
			);
			expect(result.error).toBeUndefined();
			expect(ctx.lastRequest().body).toEqual({ fileName: 'latest.jpg' });
		});

		test('bad input is refused before any request', async () => {
			await ctx.expectInputError(
				std('createSnapshot', { region: 'ap', streamName: 's1', fileName: 'cover.png' }),
				/File Name "cover.png" is not valid: .*must end with "\.jpg"/,
			);
			await ctx.expectInputError(
				std('createSnapshot', { region: 'ap', streamName: 's1', fileName: '={{ "" }}' }),
				/File Name is required/,
			);
			await ctx.expectInputError(
				std('createSnapshot', {
					region: 'ap',
					streamName: 's1',
					time: '2025-13-45',
					fileName: 'x.jpg',
				}),
				/Time "2025-13-45" is not a valid date and time/,
			);
		});
	});

	describe('getManyFiles', () => {
		const t0 = Date.parse('2025-03-01T10:00:00Z');
		const minute = 60 * 1000;
		beforeEach(() => {
			ctx.sandbox.seed({
				appId: APP_ID,
				recordFiles: [
					{
						streamName: 's1',
						region: 'cn',
						fileName: 'record/live/s1/b.m3u8',
						startTime: iso(t0 + 20 * minute),
						endTime: iso(t0 + 30 * minute),
					},
					{
						streamName: 's1',
						region: 'cn',
						fileName: 'record/live/s1/a.m3u8',
						startTime: iso(t0),
						endTime: iso(t0 + 10 * minute),
					},
					{
						streamName: 's1',
						region: 'cn',
						fileName: 'record/live/s1/c.m3u8',
						startTime: iso(t0 + 40 * minute),
						endTime: iso(t0 + 50 * minute),
					},
					{
						streamName: 's2',
						region: 'cn',
						fileName: 'record/live/s2/z.m3u8',
						startTime: iso(t0),
						endTime: iso(t0 + 10 * minute),
					},
				],
			});
		});

		test('GET preview_list with start_time, end_time and stream_name; one item per file', async () => {
			const result = await ctx.run(
				std('getManyFiles', {
					region: 'cn',
					streamName: 's1',
					startTime: '2025-03-01T10:00:00Z',
					endTime: '2025-03-01T12:00:00Z',
					returnAll: true,
				}),
			);
			expect(result.error).toBeUndefined();
			expect(ctx.requests()).toEqual([
				{
					method: 'GET',
					path: '/entry_points/live/admin/record/standard/regions/cn/preview_list',
					query: {
						start_time: '2025-03-01T10:00:00Z',
						end_time: '2025-03-01T12:00:00Z',
						stream_name: 's1',
					},
					body: null,
					status: 200,
				},
			]);
			expect(itemsJson(result)).toEqual([
				{
					fileName: 'record/live/s1/a.m3u8',
					startTime: '2025-03-01T10:00:00Z',
					endTime: '2025-03-01T10:10:00Z',
					position: 0,
					entryPoint: 'live',
					region: 'cn',
					streamName: 's1',
				},
				{
					fileName: 'record/live/s1/b.m3u8',
					startTime: '2025-03-01T10:20:00Z',
					endTime: '2025-03-01T10:30:00Z',
					position: 1200,
					entryPoint: 'live',
					region: 'cn',
					streamName: 's1',
				},
				{
					fileName: 'record/live/s1/c.m3u8',
					startTime: '2025-03-01T10:40:00Z',
					endTime: '2025-03-01T10:50:00Z',
					position: 2400,
					entryPoint: 'live',
					region: 'cn',
					streamName: 's1',
				},
			]);
			expect(result.items.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 0 },
				{ item: 0 },
			]);
		});

		test('Limit cuts the list', async () => {
			const result = await ctx.run(
				std('getManyFiles', {
					region: 'cn',
					streamName: 's1',
					startTime: '2025-03-01T10:00:00Z',
					endTime: '2025-03-01T12:00:00Z',
					returnAll: false,
					limit: 2,
				}),
			);
			expect(itemsJson(result).map((file) => file.fileName)).toEqual([
				'record/live/s1/a.m3u8',
				'record/live/s1/b.m3u8',
			]);
		});

		test('all three query values are required and checked before any request', async () => {
			const base = {
				region: 'cn',
				streamName: 's1',
				startTime: '2025-03-01T10:00:00Z',
				endTime: '2025-03-01T12:00:00Z',
			};
			await ctx.expectInputError(
				std('getManyFiles', { ...base, startTime: '={{ "" }}' }),
				/Start Time is required/,
			);
			await ctx.expectInputError(
				std('getManyFiles', { ...base, endTime: '={{ "" }}' }),
				/End Time is required/,
			);
			await ctx.expectInputError(
				std('getManyFiles', { ...base, streamName: '={{ "" }}' }),
				/Stream Name is required/,
			);
			await ctx.expectInputError(
				std('getManyFiles', {
					...base,
					startTime: '2025-03-01T12:00:00Z',
					endTime: '2025-03-01T10:00:00Z',
				}),
				/End Time 2025-03-01T10:00:00Z is before Start Time 2025-03-01T12:00:00Z/,
			);
			await ctx.expectInputError(
				std('getManyFiles', { ...base, returnAll: false, limit: 0 }),
				/Limit must be from 1/,
			);
		});
	});
});
