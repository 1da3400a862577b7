// Report resource (operation map rows 16-18), run through n8n's engine against the sandbox.
// The node's clock and the sandbox's clock are both fixed at NOW, so windows are exact.
'use strict';

const { agoraCommon } = require('../helpers/engine');
const { useSandbox, byName, jsonOf } = require('../helpers/sandboxContext');

const APP_ID = 'report0123456789abcdef0123456789';
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-28T12:00:00Z');
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const ctx = useSandbox({ appId: APP_ID, resource: 'report', sandboxOptions: { now: () => NOW } });
const realNow = agoraCommon.agoraClock.now;

beforeAll(() => {
	agoraCommon.agoraClock.now = () => new Date(NOW);
});

afterAll(() => {
	agoraCommon.agoraClock.now = realNow;
});

beforeEach(() => {
	ctx.sandbox.seed({
		appId: APP_ID,
		publishHistory: [
			{ name: 'cam_1', startTime: iso(NOW - 3 * HOUR), endTime: iso(NOW - 3 * HOUR + 30 * MINUTE) },
			{ name: 'cam_1', startTime: iso(NOW - 10 * DAY), endTime: iso(NOW - 10 * DAY + HOUR) },
			{ name: 'cam_2', startTime: iso(NOW - 4 * HOUR), endTime: iso(NOW - 3 * HOUR) },
			{
				name: 'cam_1',
				entryPoint: 'sports',
				startTime: iso(NOW - 5 * HOUR),
				endTime: iso(NOW - 4 * HOUR),
			},
		],
		onlineStreams: [{ name: 'cam_live', startTime: iso(NOW - 30 * MINUTE), viewers: 7 }],
	});
});

describe('Report → Get Publish History', () => {
	const base = {
		operation: 'getPublishHistory',
		entryPoint: byName('live'),
		streamName: 'cam_1',
		returnAll: true,
	};

	test("no window: only stream_name is sent (Agora's default, the last 7 days); one item per session", async () => {
		const result = await ctx.run(base);
		expect(jsonOf(result)).toEqual([
			{
				name: 'cam_1',
				startTime: iso(NOW - 3 * HOUR),
				endTime: iso(NOW - 3 * HOUR + 30 * MINUTE),
				duration: 1800,
				streamName: 'cam_1',
				entryPoint: 'live',
			},
		]);
		expect(ctx.requests()).toEqual([
			{
				method: 'GET',
				path: '/entry_points/live/reports/publish_history',
				query: { stream_name: 'cam_1' },
				body: null,
				status: 200,
			},
		]);
	});

	test('a 30-day window is allowed and sent as RFC 3339 (offsets kept as given)', async () => {
		const result = await ctx.run({
			...base,
			startTime: '2026-10-29T20:00:00+08:00',
			endTime: '2026-11-28T12:00:00Z',
		});
		expect(jsonOf(result).map((item) => item.startTime)).toEqual([
			iso(NOW - 3 * HOUR),
			iso(NOW - 10 * DAY),
		]);
		expect(ctx.requests()[0].query).toEqual({
			stream_name: 'cam_1',
			start_time: '2026-10-29T20:00:00+08:00',
			end_time: '2026-11-28T12:00:00Z',
		});
	});

	test('zone-less times (the date picker) are read in the workflow time zone and sent with its offset', async () => {
		const result = await ctx.run(
			{ ...base, startTime: '2026-11-28T06:00:00', endTime: '2026-11-28T13:00:00' },
			{ timezone: 'Europe/Berlin' },
		);
		// 13:00 in Berlin is 12:00 UTC (now): the session that started 3 h ago is inside the window.
		expect(jsonOf(result).map((item) => item.startTime)).toEqual([iso(NOW - 3 * HOUR)]);
		expect(ctx.requests()[0].query).toEqual({
			stream_name: 'cam_1',
			start_time: '2026-11-28T06:00:00+01:00',
			end_time: '2026-11-28T13:00:00+01:00',
		});
	});

	test.each([
		['getPublishHistory', 60, 'Get Publish History'],
		['getPublishQuality', 6, 'Get Publish Quality'],
		['getPlayStatistics', 30, 'Get Play Statistics'],
	])(
		'%s: a window older than the %i days Agora keeps is refused before any request',
		async (operation, days, report) => {
			const start = iso(NOW - (days + 1) * DAY);
			await ctx.expectInputError(
				{ ...base, operation, startTime: start, endTime: iso(NOW - (days + 1) * DAY + HOUR) },
				new RegExp(
					`Start Time ${start} is more than ${days} days ago: Agora keeps ${report} data for ${days} days only`,
				),
			);
			// End Time alone: the default window before it is checked the same way.
			await ctx.expectInputError(
				{ ...base, operation, endTime: iso(NOW - (days + 1) * DAY) },
				new RegExp(`The window start .* is more than ${days} days ago`),
			);
		},
	);

	test('a window that starts just inside the retention is sent', async () => {
		const result = await ctx.run({
			...base,
			operation: 'getPublishQuality',
			startTime: iso(NOW - 6 * DAY + MINUTE),
			endTime: iso(NOW - 6 * DAY + HOUR),
		});
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toHaveLength(1);
	});

	test('a window longer than 30 days is refused, saying the maximum', async () => {
		await ctx.expectInputError(
			{ ...base, startTime: '2026-10-01T00:00:00Z', endTime: '2026-11-01T00:00:00Z' },
			/The window from Start Time 2026-10-01T00:00:00Z to End Time 2026-11-01T00:00:00Z is 31 days long; Get Publish History allows at most 30 days/,
		);
	});

	test('End Time before Start Time is refused', async () => {
		await ctx.expectInputError(
			{ ...base, startTime: '2026-11-28T10:00:00Z', endTime: '2026-11-28T09:00:00Z' },
			/End Time 2026-11-28T09:00:00Z is before Start Time 2026-11-28T10:00:00Z/,
		);
	});

	test('times that are not RFC 3339 are refused', async () => {
		await ctx.expectInputError(
			{ ...base, startTime: 'yesterday' },
			/Start Time "yesterday" is not a valid date and time: use RFC 3339/,
		);
		await ctx.expectInputError(
			{ ...base, endTime: '2026-13-45T99:00:00Z' },
			/End Time "2026-13-45T99:00:00Z" is not a valid date and time/,
		);
	});

	test('a stream name is required and must be a valid name', async () => {
		await ctx.expectInputError(
			{ ...base, streamName: '={{ $json.none }}' },
			/Stream Name is required/,
		);
		await ctx.expectInputError(
			{ ...base, streamName: 'cam 1' },
			/Stream Name "cam 1" is not valid/,
		);
	});

	test('another entry point, Limit, and an unknown entry point', async () => {
		const sports = await ctx.run({ ...base, entryPoint: byName('sports') });
		expect(jsonOf(sports)).toEqual([
			expect.objectContaining({ name: 'cam_1', entryPoint: 'sports', duration: 3600 }),
		]);
		const limited = await ctx.run({
			...base,
			returnAll: false,
			limit: 1,
			startTime: iso(NOW - 20 * DAY),
		});
		expect(jsonOf(limited)).toHaveLength(1);
		const unknown = await ctx.run({ ...base, entryPoint: byName('nope') });
		expect(unknown.error.message).toMatch(/Not found \(404\): entry point "nope" does not exist/);
	});
});

describe('Report → Get Publish Quality', () => {
	const base = { operation: 'getPublishQuality', entryPoint: byName('live'), streamName: 'cam_1' };

	test('QualityHistory with `framerate` → one item per minute, always with `frameRate`', async () => {
		const result = await ctx.run({ ...base, returnAll: true });
		const items = jsonOf(result);
		expect(items).toHaveLength(31); // a 30-minute session, one sample per minute, inside the default 6 hours
		expect(items[0]).toEqual({
			name: 'cam_1',
			time: iso(NOW - 3 * HOUR + 30 * MINUTE),
			bitrate: expect.any(Number),
			frameRate: 30,
			cdnIp: '198.51.100.20',
			clientIp: '203.0.113.10',
			streamName: 'cam_1',
			entryPoint: 'live',
		});
		expect(items.every((item) => item.framerate === undefined && item.frameRate === 30)).toBe(true);
		expect(ctx.requests()[0]).toMatchObject({
			path: '/entry_points/live/reports/publish_quality',
			query: { stream_name: 'cam_1' },
		});
	});

	test('the documented `publishHistory` key with `frameRate` works the same; Limit applies', async () => {
		ctx.sandbox.setConfig({
			faultPlan: [
				{
					match: { pathIncludes: '/publish_quality' },
					status: 200,
					body: {
						publishHistory: [
							{ name: 'cam_1', time: '2026-11-28T11:59:00Z', bitrate: 2500000, frameRate: 25 },
							{ name: 'cam_1', time: '2026-11-28T11:58:00Z', bitrate: 2400000, frameRate: 24 },
						],
					},
				},
			],
		});
		const result = await ctx.run({ ...base, returnAll: false, limit: 1 });
		expect(jsonOf(result)).toEqual([
			{
				name: 'cam_1',
				time: '2026-11-28T11:59:00Z',
				bitrate: 2500000,
				frameRate: 25,
				streamName: 'cam_1',
				entryPoint: 'live',
			},
		]);
	});

	test('a window longer than 6 hours is refused, saying the maximum', async () => {
		await ctx.expectInputError(
			{ ...base, startTime: '2026-11-28T00:00:00Z', endTime: '2026-11-28T06:30:00Z' },
			/is 6 hours 30 minutes long; Get Publish Quality allows at most 6 hours/,
		);
	});

	test('Start Time alone: the window is start..now; too long is refused, otherwise the end is sent as now', async () => {
		await ctx.expectInputError(
			{ ...base, startTime: iso(NOW - 7 * HOUR) },
			/The window from Start Time 2026-11-28T05:00:00Z to now is 7 hours long; Get Publish Quality allows at most 6 hours/,
		);
		await ctx.expectInputError(
			{ ...base, startTime: iso(NOW + HOUR) },
			/Start Time 2026-11-28T13:00:00Z is in the future/,
		);
		const result = await ctx.run({ ...base, returnAll: true, startTime: iso(NOW - 5 * HOUR) });
		expect(jsonOf(result)).toHaveLength(31);
		expect(ctx.requests()[0].query).toEqual({
			stream_name: 'cam_1',
			start_time: iso(NOW - 5 * HOUR),
			end_time: iso(NOW),
		});
	});

	test('End Time alone: the default 6 hours before it is sent explicitly', async () => {
		const result = await ctx.run({
			...base,
			returnAll: true,
			endTime: iso(NOW - 2 * HOUR - 45 * MINUTE),
		});
		expect(jsonOf(result)).toHaveLength(16); // 15 minutes of the session, both ends included
		expect(ctx.requests()[0].query).toEqual({
			stream_name: 'cam_1',
			start_time: iso(NOW - 8 * HOUR - 45 * MINUTE),
			end_time: iso(NOW - 2 * HOUR - 45 * MINUTE),
		});
	});
});

describe('Report → Get Play Statistics', () => {
	const base = {
		operation: 'getPlayStatistics',
		entryPoint: byName('live'),
		streamName: 'cam_live',
	};

	test('playStatistic → one item per minute with linkNum, streamName and entryPoint', async () => {
		const result = await ctx.run({ ...base, returnAll: true });
		const items = jsonOf(result);
		expect(items).toHaveLength(31);
		expect(items[items.length - 1]).toEqual({
			name: 'cam_live',
			time: iso(NOW - 30 * MINUTE),
			linkNum: 7,
			streamName: 'cam_live',
			entryPoint: 'live',
		});
		expect(ctx.requests()).toEqual([
			{
				method: 'GET',
				path: '/entry_points/live/reports/stream_play_statistic',
				query: { stream_name: 'cam_live' },
				body: null,
				status: 200,
			},
		]);
		const limited = await ctx.run({ ...base, returnAll: false, limit: 3 });
		expect(jsonOf(limited).map((item) => item.time)).toEqual([
			iso(NOW),
			iso(NOW - MINUTE),
			iso(NOW - 2 * MINUTE),
		]);
	});

	test('exactly 2 hours is allowed; more is refused, saying the maximum', async () => {
		const ok = await ctx.run({
			...base,
			returnAll: true,
			startTime: iso(NOW - 2 * HOUR),
			endTime: iso(NOW),
		});
		expect(ok.error).toBeUndefined();
		ctx.sandbox.reset();
		await ctx.expectInputError(
			{ ...base, startTime: iso(NOW - 2 * HOUR - MINUTE), endTime: iso(NOW) },
			/is 2 hours 1 minute long; Get Play Statistics allows at most 2 hours/,
		);
		await ctx.expectInputError(
			{ ...base, startTime: iso(NOW - 3 * HOUR) },
			/to now is 3 hours long; Get Play Statistics allows at most 2 hours/,
		);
		// A length is named by its two largest units.
		await ctx.expectInputError(
			{ ...base, startTime: iso(NOW - DAY - 2 * HOUR - 3 * MINUTE), endTime: iso(NOW) },
			/is 1 day 2 hours long; Get Play Statistics allows at most 2 hours/,
		);
	});

	test('with Continue On Fail, an item with a bad window fails alone', async () => {
		const result = await ctx.run(
			{ ...base, returnAll: true, startTime: '={{ $json.start }}', endTime: '={{ $json.end }}' },
			{
				items: [
					{ json: { start: iso(NOW - 10 * MINUTE), end: iso(NOW) } },
					{ json: { start: iso(NOW - 5 * HOUR), end: iso(NOW) } },
				],
				continueOnFail: true,
			},
		);
		expect(result.error).toBeUndefined();
		const byItem = result.items.map((item) => [
			item.pairedItem.item,
			item.json.error ?? item.json.time,
		]);
		expect(byItem.filter(([index]) => index === 0)).toHaveLength(11);
		expect(byItem.filter(([index]) => index === 1)).toEqual([
			[1, expect.stringMatching(/at most 2 hours$/)],
		]);
		expect(ctx.sandbox.requestLog).toHaveLength(1);
	});
});
