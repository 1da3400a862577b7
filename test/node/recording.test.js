// Standard Recording and Custom Recording resources, run through n8n's real engine against the
// local Agora sandbox; plus the shared storage-config helpers (shared/storage.ts).
'use strict';

const path = require('node:path');
const { DIST } = require('../helpers/engine');
const {
	useSandbox,
	byName,
	itemsJson,
	expectHiddenFromOutput,
} = require('../helpers/sandboxContext');

const storage = require(path.join(DIST, 'nodes/AgoraMediaBroadcast/shared/storage.js'));
const secrets = require(path.join(DIST, 'nodes/AgoraMediaBroadcast/shared/secrets.js'));
const standardIndex = require(
	path.join(DIST, 'nodes/AgoraMediaBroadcast/actions/standardRecording/index.js'),
);
const customIndex = require(
	path.join(DIST, 'nodes/AgoraMediaBroadcast/actions/customRecording/index.js'),
);

const APP_ID = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';
const ACCESS = 'AKIAEXAMPLEACCESS1234';
const SECRET = 'wJalrXUtnFEMIK7MDENGbPxRfiCYsecret9876';

const ctx = useSandbox({ appId: APP_ID });
const ep = (value = 'live') => byName(value);

/** Seconds precision, UTC, as the node sends it. */
function iso(ms) {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Output items, the node's output in runData and error texts never carry a storage key. */
const expectNoSecrets = (result) => expectHiddenFromOutput(result, [ACCESS, SECRET]);

const std = (operation, extra = {}) => ({
	resource: 'standardRecording',
	operation,
	entryPoint: ep(),
	...extra,
});
const cus = (operation, extra = {}) => ({
	resource: 'customRecording',
	operation,
	entryPoint: ep(),
	...extra,
});

const s3Storage = {
	setStorage: true,
	storageVendor: 1,
	storageRegionAmazonS3: 24,
	storageBucket: 'my-recordings',
	storageAccessKey: ACCESS,
	storageSecretKey: SECRET,
};

// ---------------------------------------------------------------------------------------------

describe('shared/storage helpers', () => {
	test('storageConfigFields: vendor 0-8 and one region dropdown per vendor, shown only for that vendor', () => {
		const fields = storage.storageConfigFields({ setStorage: [true] });
		const byName = Object.fromEntries(fields.map((field) => [field.name, field]));
		expect(byName.storageVendor.options.map((o) => o.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
		expect(byName.storageVendor.options.map((o) => o.name)).toEqual([
			'Qiniu',
			'Amazon S3',
			'Alibaba Cloud',
			'Tencent Cloud',
			'Kingsoft Cloud (KS3)',
			'Microsoft Azure',
			'Google Cloud',
			'Huawei Cloud (OBS)',
			'Baidu AI Cloud (BOS)',
		]);
		const expected = {
			storageRegionQiniu: [0, 5],
			storageRegionAmazonS3: [1, 25],
			storageRegionAlibaba: [2, 23],
			storageRegionTencent: [3, 20],
			storageRegionKingsoft: [4, 10],
			storageRegionHuawei: [7, 16],
			storageRegionBaidu: [8, 8],
		};
		for (const [name, [vendor, count]] of Object.entries(expected)) {
			expect(byName[name].type).toBe('options');
			expect(byName[name].options).toHaveLength(count);
			expect(byName[name].displayOptions.show).toEqual({
				setStorage: [true],
				storageVendor: [vendor],
			});
		}
		const s3 = byName.storageRegionAmazonS3.options.map((o) => o.value);
		expect(s3).not.toContain(17);
		expect(s3).not.toContain(23);
		expect(s3).toEqual([
			0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 24, 25, 26,
		]);
		expect(byName.storageRegionAmazonS3.options[0].name).toBe('US_EAST_1');
		expect(byName.storageRegionTencent.options[19].name).toBe('EU_Moscow');
		// Azure (5) and Google (6) have no region field, only a notice.
		expect(byName.storageRegionNotice.displayOptions.show.storageVendor).toEqual([5, 6]);
		expect(byName.storageAccessKey.typeOptions.password).toBe(true);
		expect(byName.storageSecretKey.typeOptions.password).toBe(true);
		expect(byName.storageBucket.displayOptions.show).toEqual({ setStorage: [true] });
	});

	test('maskSecrets masks accessKey/secretKey at any depth and keeps everything else', () => {
		const input = {
			a: 1,
			storageConfig: { vendor: 2, accessKey: 'ABCDEFGHIJ1234', secretKey: 'short', bucket: 'b' },
			list: [{ SecretKey: 'zzzzzzzzzz9999' }],
		};
		const masked = secrets.maskSecrets(input);
		expect(masked).toEqual({
			a: 1,
			storageConfig: { vendor: 2, accessKey: '****1234', secretKey: '****', bucket: 'b' },
			list: [{ SecretKey: '****9999' }],
		});
		expect(input.storageConfig.accessKey).toBe('ABCDEFGHIJ1234');
	});
});

describe('operation lists', () => {
	test.each([
		[
			'standardRecording',
			standardIndex,
			[
				'createClip',
				'createSnapshot',
				'getConfig',
				'getManyFiles',
				'setAutoRecord',
				'setConfig',
				'start',
				'stop',
			],
		],
		['customRecording', customIndex, ['getConfig', 'setAutoRecord', 'setConfig', 'start', 'stop']],
	])('%s: operations alphabetical, each with a module', (resource, module, values) => {
		const operation = module.description[0];
		expect(operation.name).toBe('operation');
		expect(operation.noDataExpression).toBe(true);
		expect(operation.displayOptions).toEqual({ show: { resource: [resource] } });
		const names = operation.options.map((o) => o.name);
		expect(names).toEqual([...names].sort());
		expect(operation.options.map((o) => o.value).sort()).toEqual([...values].sort());
		expect(Object.keys(module.operations).sort()).toEqual([...values].sort());
	});
});

// ---------------------------------------------------------------------------------------------

describe('Standard Recording', () => {
	test('getConfig: GET settings/record/standard/regions/{region}', async () => {
		const result = await ctx.run(std('getConfig', { region: 'eu' }));
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'GET',
				path: '/entry_points/live/settings/record/standard/regions/eu',
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

	test('setAutoRecord: PATCH settings/record/standard/auto {enabled}', async () => {
		const result = await ctx.run(std('setAutoRecord', { enabled: false }));
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: '/entry_points/live/settings/record/standard/auto',
				query: {},
				body: { enabled: false },
				status: 200,
			},
		]);
		expect(itemsJson(result)).toEqual([{ success: true, entryPoint: 'live', enabled: false }]);
		const on = await ctx.run(std('setAutoRecord', { enabled: true }));
		expect(ctx.lastRequest().body).toEqual({ enabled: true });
		expect(itemsJson(on)).toEqual([{ success: true, entryPoint: 'live', enabled: true }]);
		expect(ctx.sandbox.state.entryPoint(APP_ID, 'live').record.standard.auto).toBe(true);
	});

	test('setAutoRecord: a non-boolean Enabled is refused', async () => {
		await ctx.expectInputError(
			std('setAutoRecord', { enabled: '={{ "maybe" }}' }),
			/Enabled must be true or false/,
		);
	});

	test('start: PUT admin/record/standard/regions/{region}/tasks?id={stream} with no body', async () => {
		const result = await ctx.run(std('start', { region: 'na', streamName: 'match_7' }));
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'PUT',
				path: '/entry_points/live/admin/record/standard/regions/na/tasks',
				query: { id: 'match_7' },
				body: null,
				status: 200,
			},
		]);
		expect(itemsJson(result)).toEqual([
			{ success: true, entryPoint: 'live', region: 'na', streamName: 'match_7' },
		]);
		expect(
			ctx.sandbox.state.entryPoint(APP_ID, 'live').record.standard.tasks.na.has('match_7'),
		).toBe(true);
	});

	test('start: 400 from Agora (automatic recording still on) surfaces as a clear error', async () => {
		await ctx.run(std('setAutoRecord', { enabled: true }));
		const result = await ctx.run(std('start', { region: 'cn', streamName: 'match_7' }));
		expect(result.error).toBeDefined();
		expect(result.error.message).toMatch(
			/^Agora rejected the request \(400\): automatic standard recording is enabled/,
		);
		expect(ctx.lastRequest()).toMatchObject({ method: 'PUT', status: 400 });
	});

	test('start: a stream name with "/" or an entry point with a space is refused', async () => {
		await ctx.expectInputError(
			std('start', { region: 'cn', streamName: 'a/b' }),
			/Stream Name "a\/b" is not valid: .*not \/ \? # % & =, spaces/,
		);
		await ctx.expectInputError(
			{ ...std('start', { region: 'cn', streamName: 'ok' }), entryPoint: ep('my ep') },
			/Entry Point "my ep" is not valid/,
		);
		await ctx.expectInputError(
			std('start', { region: 'cn', streamName: '={{ "" }}' }),
			/Stream Name is required/,
		);
	});

	test('start: a region outside cn/ap/eu/na is refused', async () => {
		await ctx.expectInputError(
			std('start', { region: '={{ "us" }}', streamName: 'x' }),
			/Region "us" is not allowed: use one of cn, ap, eu, na/,
		);
	});

	test('stop: DELETE admin/record/standard/regions/{region}/tasks/{stream}', async () => {
		await ctx.run(std('start', { region: 'eu', streamName: 'match_7' }));
		const result = await ctx.run(std('stop', { region: 'eu', streamName: 'match_7' }));
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest()).toEqual({
			method: 'DELETE',
			path: '/entry_points/live/admin/record/standard/regions/eu/tasks/match_7',
			query: {},
			body: null,
			status: 200,
		});
		expect(itemsJson(result)).toEqual([
			{ deleted: true, entryPoint: 'live', region: 'eu', streamName: 'match_7' },
		]);
	});

	test('stop: 404 from Agora names the task that does not exist', async () => {
		const result = await ctx.run(std('stop', { region: 'eu', streamName: 'never_started' }));
		expect(result.error.message).toBe(
			'Not found (404): a standard recording task for stream "never_started" (entry point "live", region eu) does not exist for this App ID',
		);
	});

	test('getConfig: 404 for an unknown entry point', async () => {
		const result = await ctx.run({ ...std('getConfig', { region: 'cn' }), entryPoint: ep('nope') });
		expect(result.error.message).toBe(
			'Not found (404): entry point "nope" does not exist for this App ID',
		);
		expect(ctx.lastRequest()).toMatchObject({
			path: '/entry_points/nope/settings/record/standard/regions/cn',
			status: 404,
		});
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

// ---------------------------------------------------------------------------------------------

describe('Custom Recording', () => {
	test('getConfig: GET settings/record/custom/regions/{region}', async () => {
		const result = await ctx.run(cus('getConfig', { region: 'na' }));
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'GET',
				path: '/entry_points/live/settings/record/custom/regions/na',
				query: {},
				body: null,
				status: 200,
			},
		]);
		expect(itemsJson(result)).toEqual([
			{
				entryPoint: 'live',
				region: 'na',
				hlsConfig: { enabled: false },
				mp4Config: { enabled: false },
			},
		]);
	});

	test('setConfig: PATCH {mp4Config, hlsConfig, storageConfig}; keys reach Agora but never the output', async () => {
		const result = await ctx.run(
			cus('setConfig', { region: 'cn', mp4: 'disable', hls: 'enable', ...s3Storage }),
		);
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: '/entry_points/live/settings/record/custom/regions/cn',
				query: {},
				body: {
					mp4Config: { enabled: false },
					hlsConfig: { enabled: true },
					storageConfig: {
						vendor: 1,
						region: 24,
						bucket: 'my-recordings',
						accessKey: '[redacted]',
						secretKey: '[redacted]',
					},
				},
				status: 200,
			},
		]);
		// The real keys were sent (the sandbox log redacts them; its state keeps them).
		expect(
			ctx.sandbox.state.entryPoint(APP_ID, 'live').record.custom.regions.cn.storageConfig,
		).toEqual({
			vendor: 1,
			region: 24,
			bucket: 'my-recordings',
			accessKey: ACCESS,
			secretKey: SECRET,
		});
		expect(itemsJson(result)).toEqual([
			{
				success: true,
				entryPoint: 'live',
				region: 'cn',
				mp4Config: { enabled: false },
				hlsConfig: { enabled: true },
				storageConfig: {
					vendor: 1,
					region: 24,
					bucket: 'my-recordings',
					accessKey: '****1234',
					secretKey: '****9876',
				},
			},
		]);
		expectNoSecrets(result);
	});

	test('getConfig: the echoed accessKey and secretKey are masked', async () => {
		await ctx.run(cus('setConfig', { region: 'cn', ...s3Storage }));
		const result = await ctx.run(cus('getConfig', { region: 'cn' }));
		expect(result.error).toBeUndefined();
		expect(itemsJson(result)).toEqual([
			{
				entryPoint: 'live',
				region: 'cn',
				hlsConfig: { enabled: true },
				mp4Config: { enabled: true },
				storageConfig: {
					vendor: 1,
					region: 24,
					bucket: 'my-recordings',
					accessKey: '****1234',
					secretKey: '****9876',
				},
			},
		]);
		expectNoSecrets(result);
	});

	test('setConfig: 400 from Agora when storage is not set the first time', async () => {
		const result = await ctx.run(
			cus('setConfig', { region: 'cn', setStorage: false, mp4: 'enable', hls: 'unchanged' }),
		);
		expect(result.error.message).toBe(
			'Agora rejected the request (400): storageConfig is required the first time custom recording is configured',
		);
		expect(ctx.lastRequest()).toMatchObject({
			body: { mp4Config: { enabled: true } },
			status: 400,
		});
	});

	test('setConfig: Set Storage off after the first time keeps the storage and sends no storageConfig', async () => {
		await ctx.run(cus('setConfig', { region: 'cn', ...s3Storage }));
		const result = await ctx.run(
			cus('setConfig', { region: 'cn', setStorage: false, mp4: 'disable', hls: 'unchanged' }),
		);
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest().body).toEqual({ mp4Config: { enabled: false } });
		expect(itemsJson(result)).toEqual([
			{ success: true, entryPoint: 'live', region: 'cn', mp4Config: { enabled: false } },
		]);
		expect(
			ctx.sandbox.state.entryPoint(APP_ID, 'live').record.custom.regions.cn.storageConfig.secretKey,
		).toBe(SECRET);
	});

	test.each([
		[0, 'storageRegionQiniu', 4],
		[1, 'storageRegionAmazonS3', 26],
		[2, 'storageRegionAlibaba', 22],
		[3, 'storageRegionTencent', 19],
		[4, 'storageRegionKingsoft', 9],
		[7, 'storageRegionHuawei', 15],
		[8, 'storageRegionBaidu', 7],
	])(
		'setConfig: vendor %i sends the region chosen in %s (%i)',
		async (vendor, regionField, region) => {
			const result = await ctx.run(
				cus('setConfig', {
					region: 'eu',
					...s3Storage,
					storageRegionAmazonS3: undefined,
					storageVendor: vendor,
					[regionField]: region,
				}),
			);
			expect(result.error).toBeUndefined();
			expect(ctx.lastRequest().body.storageConfig).toEqual({
				vendor,
				region,
				bucket: 'my-recordings',
				accessKey: '[redacted]',
				secretKey: '[redacted]',
			});
		},
	);

	test.each([5, 6])('setConfig: vendor %i (no region) sends region 0', async (vendor) => {
		const result = await ctx.run(
			cus('setConfig', { region: 'eu', ...s3Storage, storageVendor: vendor }),
		);
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest().body.storageConfig).toMatchObject({
			vendor,
			region: 0,
			bucket: 'my-recordings',
		});
		expect(
			ctx.sandbox.state.entryPoint(APP_ID, 'live').record.custom.regions.eu.storageConfig,
		).toMatchObject({ vendor, region: 0 });
	});

	test('setConfig: bad storage input is refused before any request, and no error shows a key', async () => {
		const base = { region: 'cn', mp4: 'enable', hls: 'enable', ...s3Storage };
		const cases = [
			[
				{ storageVendor: '={{ 9 }}' },
				/Storage Vendor 9 is not allowed: use one of 0 \(Qiniu\), 1 \(Amazon S3\), .*8 \(Baidu AI Cloud \(BOS\)\)/,
			],
			[
				{ storageRegionAmazonS3: '={{ 17 }}' },
				/Storage Region 17 is not valid for Amazon S3 \(vendor 1\): use one of 0 \(US_EAST_1\), .*16 \(CN_NORTHWEST_1\), 18 \(AF_SOUTH_1\)/,
			],
			[{ storageRegionAmazonS3: '={{ 23 }}' }, /Storage Region 23 is not valid for Amazon S3/],
			[
				{ storageVendor: 0, storageRegionQiniu: '={{ 5 }}' },
				/Storage Region 5 is not valid for Qiniu \(vendor 0\): use one of 0 \(East China\), 1 \(North China\), 2 \(South China\), 3 \(North America\), 4 \(Southeast Asia\)/,
			],
			[
				{ storageVendor: 8, storageRegionBaidu: '={{ "north" }}' },
				/Storage Region "north" is not valid for Baidu AI Cloud \(BOS\)/,
			],
			[{ storageBucket: '={{ "" }}' }, /Bucket is required/],
			[
				{ storageBucket: 'my bucket' },
				/Bucket "my bucket" is not valid: a bucket name has no spaces/,
			],
			[{ storageAccessKey: '={{ "" }}' }, /Access Key is required/],
			[{ storageSecretKey: '={{ "" }}' }, /Secret Key is required/],
		];
		for (const [override, pattern] of cases) {
			const result = await ctx.expectInputError(
				cus('setConfig', { ...base, ...override }),
				pattern,
			);
			expectNoSecrets(result);
		}
	});

	test('setConfig: nothing to change is refused', async () => {
		await ctx.expectInputError(
			cus('setConfig', { region: 'cn', mp4: 'unchanged', hls: 'unchanged', setStorage: false }),
			/Nothing to set: .*Set Storage is off/,
		);
	});

	test('setAutoRecord: PATCH settings/record/custom/auto {enabled}', async () => {
		const result = await ctx.run(cus('setAutoRecord', { enabled: true }));
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: '/entry_points/live/settings/record/custom/auto',
				query: {},
				body: { enabled: true },
				status: 200,
			},
		]);
		expect(itemsJson(result)).toEqual([{ success: true, entryPoint: 'live', enabled: true }]);
		expect(ctx.sandbox.state.entryPoint(APP_ID, 'live').record.custom.auto).toBe(true);
	});

	test('start: PUT admin/record/custom/regions/{region}/tasks?id={stream}', async () => {
		const result = await ctx.run(cus('start', { region: 'ap', streamName: 'lecture-3' }));
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'PUT',
				path: '/entry_points/live/admin/record/custom/regions/ap/tasks',
				query: { id: 'lecture-3' },
				body: null,
				status: 200,
			},
		]);
		expect(itemsJson(result)).toEqual([
			{ success: true, entryPoint: 'live', region: 'ap', streamName: 'lecture-3' },
		]);
	});

	test('start: 400 once Set Config turned automatic custom recording on', async () => {
		await ctx.run(cus('setConfig', { region: 'ap', ...s3Storage }));
		const result = await ctx.run(cus('start', { region: 'ap', streamName: 'lecture-3' }));
		expect(result.error.message).toMatch(
			/^Agora rejected the request \(400\): automatic custom recording is enabled/,
		);
	});

	test('start: bad stream name is refused', async () => {
		await ctx.expectInputError(
			cus('start', { region: 'ap', streamName: 'x?y' }),
			/Stream Name "x\?y" is not valid/,
		);
	});

	test('stop: DELETE admin/record/custom/regions/{region}/tasks/{stream}', async () => {
		await ctx.run(cus('start', { region: 'ap', streamName: 'lecture-3' }));
		const result = await ctx.run(cus('stop', { region: 'ap', streamName: 'lecture-3' }));
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest()).toEqual({
			method: 'DELETE',
			path: '/entry_points/live/admin/record/custom/regions/ap/tasks/lecture-3',
			query: {},
			body: null,
			status: 200,
		});
		expect(itemsJson(result)).toEqual([
			{ deleted: true, entryPoint: 'live', region: 'ap', streamName: 'lecture-3' },
		]);
	});

	test('stop: 404 from Agora for an unknown entry point', async () => {
		const result = await ctx.run({
			...cus('stop', { region: 'ap', streamName: 'lecture-3' }),
			entryPoint: ep('gone'),
		});
		expect(result.error.message).toBe(
			'Not found (404): a custom recording task for stream "lecture-3" (entry point "gone", region ap) does not exist for this App ID',
		);
		expect(result.error.description).toBe('Agora said: entry point gone not found');
	});

	test('several items: each item is one request, with its own parameters', async () => {
		const result = await ctx.run(cus('start', { region: 'ap', streamName: '={{ $json.name }}' }), {
			items: [{ json: { name: 'one' } }, { json: { name: 'two' } }],
		});
		expect(result.error).toBeUndefined();
		expect(
			ctx
				.requests()
				.map((entry) => entry.query.id)
				.sort(),
		).toEqual(['one', 'two']);
		expect(itemsJson(result).map((item) => item.streamName)).toEqual(['one', 'two']);
	});
});
