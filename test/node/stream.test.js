// Stream resource (operation map rows 9-15 and Generate URLs), run through n8n's engine against the sandbox.
'use strict';

const crypto = require('node:crypto');

const { getGlobalState, setGlobalState } = require('n8n-workflow');

const { agoraCommon } = require('../helpers/engine');
const { useSandbox, byName, jsonOf } = require('../helpers/sandboxContext');

const APP_ID = 'stream0123456789abcdef0123456789';
const fromList = (value) => ({ __rl: true, mode: 'list', value });
const DAY = 24 * 3600 * 1000;

const ctx = useSandbox({ appId: APP_ID, resource: 'stream' });

const epState = (name = 'live') => ctx.sandbox.state.dump(APP_ID).entryPoints[name];

describe('Stream → Ban', () => {
	test('no resume time: PATCH with no body at all, so Agora applies its 7-day default', async () => {
		const before = Date.now();
		const result = await ctx.run({
			operation: 'ban',
			entryPoint: byName('live'),
			streamName: 'cam_1',
		});
		expect(jsonOf(result)).toEqual([{ success: true, entryPoint: 'live', streamName: 'cam_1' }]);
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: '/entry_points/live/admin/banned_streams/cam_1',
				query: {},
				body: null,
				status: 200,
			},
		]);
		const [ban] = epState().banned;
		expect(ban.name).toBe('cam_1');
		expect(ban.resumeMs).toBeGreaterThanOrEqual(before + 7 * DAY - 1000);
	});

	test('a resume time with an offset is sent as given and echoed', async () => {
		ctx.sandbox.seed({ appId: APP_ID, entryPoints: ['sports'] });
		const result = await ctx.run({
			operation: 'ban',
			entryPoint: byName('sports'),
			streamName: 'cam_1',
			options: { resumeTime: '2030-01-01T08:00:00+0800' },
		});
		expect(jsonOf(result)).toEqual([
			{
				success: true,
				entryPoint: 'sports',
				streamName: 'cam_1',
				resumeTime: '2030-01-01T08:00:00+08:00',
			},
		]);
		expect(ctx.requests()[0]).toMatchObject({
			path: '/entry_points/sports/admin/banned_streams/cam_1',
			body: { resumeTime: '2030-01-01T08:00:00+08:00' },
		});
		expect(Date.parse(epState('sports').banned[0].resumeTime)).toBe(
			Date.parse('2030-01-01T00:00:00Z'),
		);
	});

	test.each([
		// n8n's date picker stores wall-clock time without a zone: it means the workflow's time zone.
		['Europe/Berlin', '2030-01-01T10:00:00', '2030-01-01T10:00:00+01:00', '2030-01-01T09:00:00Z'],
		['Europe/Berlin', '2030-07-01T10:00:00', '2030-07-01T10:00:00+02:00', '2030-07-01T08:00:00Z'],
		['America/New_York', '2030-01-01 10:00', '2030-01-01T10:00:00-05:00', '2030-01-01T15:00:00Z'],
		['Asia/Kolkata', '2030-01-01T10:00:00', '2030-01-01T10:00:00+05:30', '2030-01-01T04:30:00Z'],
		['UTC', '2030-01-01T10:00:00', '2030-01-01T10:00:00Z', '2030-01-01T10:00:00Z'],
		// A value with its own zone keeps it, whatever the workflow's zone.
		['Europe/Berlin', '2030-01-01T10:00:00Z', '2030-01-01T10:00:00Z', '2030-01-01T10:00:00Z'],
	])(
		'workflow zone %s: resume time %s is sent as %s (the instant %s)',
		async (timezone, given, sent, instant) => {
			const result = await ctx.run(
				{
					operation: 'ban',
					entryPoint: byName('live'),
					streamName: 'cam_1',
					options: { resumeTime: given },
				},
				{ timezone },
			);
			expect(jsonOf(result)[0].resumeTime).toBe(sent);
			expect(ctx.requests()[0].body).toEqual({ resumeTime: sent });
			expect(Date.parse(sent)).toBe(Date.parse(instant));
		},
	);

	// `n8n import:workflow` and n8n's REST API keep a saved time zone of "DEFAULT" (the editor strips
	// it); n8n then keeps it in workflow.timezone, and reads it (like an empty one) as the instance's
	// GENERIC_TIMEZONE, which n8n puts in n8n-workflow's global state at start-up.
	const banUntilZoneless = {
		operation: 'ban',
		entryPoint: byName('live'),
		streamName: 'cam_1',
		options: { resumeTime: '2030-01-01T10:00:00' },
	};
	/** Runs `body` with n8n-workflow's global state set to `state`, then restores it. */
	async function withGlobalState(state, body) {
		const saved = getGlobalState();
		setGlobalState(state);
		try {
			return await body();
		} finally {
			setGlobalState(saved);
		}
	}

	test.each([['DEFAULT'], ['']])(
		'workflow zone %p: a zone-less resume time is read in the instance time zone',
		(timezone) =>
			withGlobalState({ defaultTimezone: 'Asia/Kolkata' }, async () => {
				const result = await ctx.run(banUntilZoneless, { timezone });
				expect(jsonOf(result)[0].resumeTime).toBe('2030-01-01T10:00:00+05:30');
				expect(ctx.requests()[0].body).toEqual({ resumeTime: '2030-01-01T10:00:00+05:30' });
			}),
	);

	test('workflow zone "DEFAULT" and an instance zone this machine does not know: the error names both', () =>
		withGlobalState({ defaultTimezone: 'Mars/Olympus_Mons' }, () =>
			ctx.expectInputError(
				banUntilZoneless,
				/Resume Time has no time zone and the instance's time zone "Mars\/Olympus_Mons" \(the workflow's is "DEFAULT"\) is not one this machine knows/,
				{ timezone: 'DEFAULT' },
			),
		));

	test('workflow zone "DEFAULT" and no instance zone in the global state: the error says what "DEFAULT" is and how to fix it', () =>
		withGlobalState({}, async () => {
			const result = await ctx.expectInputError(
				banUntilZoneless,
				/Resume Time has no time zone and the workflow's time zone is "DEFAULT" \(the instance's default, as saved by a workflow import or n8n's API\)/,
				{ timezone: 'DEFAULT' },
			);
			expect(result.error.description).toMatch(/Pick a time zone in Workflow Settings and save/);
		}));

	test('a resume time that is not a date, or is in the past, is refused before any request', async () => {
		const base = { operation: 'ban', entryPoint: byName('live'), streamName: 'cam_1' };
		await ctx.expectInputError(
			{ ...base, options: { resumeTime: 'next tuesday' } },
			/Resume Time "next tuesday" is not a valid date and time: use RFC 3339/,
		);
		await ctx.expectInputError(
			{ ...base, options: { resumeTime: '2020-01-01T00:00:00Z' } },
			/Resume Time 2020-01-01T00:00:00Z is not in the future/,
		);
	});

	test('stream names with "/" or spaces are refused before any request', async () => {
		await ctx.expectInputError(
			{ operation: 'ban', entryPoint: byName('live'), streamName: 'a/b' },
			/Stream Name "a\/b" is not valid/,
		);
		await ctx.expectInputError(
			{ operation: 'ban', entryPoint: byName('live'), streamName: 'a b' },
			/Stream Name "a b" is not valid/,
		);
		await ctx.expectInputError(
			{ operation: 'ban', entryPoint: byName('li ve'), streamName: 'ok' },
			/Entry Point "li ve" is not valid/,
		);
	});

	test('an unknown entry point: the 404 names it', async () => {
		const result = await ctx.run({
			operation: 'ban',
			entryPoint: byName('nope'),
			streamName: 'cam_1',
		});
		expect(result.error.message).toMatch(/Not found \(404\): entry point "nope" does not exist/);
	});
});

describe('Stream → Unban', () => {
	test('DELETE …/banned_streams/{stream} → { success, unbanned, entryPoint, streamName }', async () => {
		ctx.sandbox.seed({ appId: APP_ID, bannedStreams: [{ name: 'cam_1' }, { name: 'cam_2' }] });
		const result = await ctx.run({
			operation: 'unban',
			entryPoint: byName('live'),
			streamName: 'cam_1',
		});
		expect(jsonOf(result)).toEqual([
			{ success: true, unbanned: true, entryPoint: 'live', streamName: 'cam_1' },
		]);
		expect(ctx.requests()).toEqual([
			{
				method: 'DELETE',
				path: '/entry_points/live/admin/banned_streams/cam_1',
				query: {},
				body: null,
				status: 200,
			},
		]);
		expect(epState().banned.map((ban) => ban.name)).toEqual(['cam_2']);
	});

	test('a stream that is not banned: the 404 says so, with what Agora said', async () => {
		const result = await ctx.run({
			operation: 'unban',
			entryPoint: byName('live'),
			streamName: 'cam_9',
		});
		expect(result.error.message).toMatch(
			/Not found \(404\): entry point "live" or a ban of stream "cam_9" in it does not exist/,
		);
		expect(result.error.description).toMatch(/stream cam_9 is not banned/);
	});
});

describe('Stream → Get Many Banned', () => {
	beforeEach(() =>
		ctx.sandbox.seed({
			appId: APP_ID,
			bannedStreams: [
				{ name: 's1', resumeTime: '2030-01-01T00:00:00Z' },
				{ name: 's2', resumeTime: '2030-01-02T00:00:00Z' },
				{ name: 's3', resumeTime: '2030-01-03T00:00:00Z' },
			],
		}),
	);

	test('one item per banned stream, with its entry point', async () => {
		const result = await ctx.run({
			operation: 'getManyBanned',
			entryPoint: byName('live'),
			returnAll: true,
		});
		expect(jsonOf(result)).toEqual([
			{ name: 's1', resumeTime: '2030-01-01T00:00:00Z', entryPoint: 'live' },
			{ name: 's2', resumeTime: '2030-01-02T00:00:00Z', entryPoint: 'live' },
			{ name: 's3', resumeTime: '2030-01-03T00:00:00Z', entryPoint: 'live' },
		]);
		expect(ctx.requests()).toEqual([
			{
				method: 'GET',
				path: '/entry_points/live/admin/banned_streams',
				query: {},
				body: null,
				status: 200,
			},
		]);
	});

	test('Limit cuts the list; an empty list gives no items', async () => {
		const limited = await ctx.run({
			operation: 'getManyBanned',
			entryPoint: byName('live'),
			returnAll: false,
			limit: 1,
		});
		expect(jsonOf(limited).map((item) => item.name)).toEqual(['s1']);
		ctx.sandbox.seed({ appId: APP_ID, entryPoints: ['empty'] });
		const empty = await ctx.run({
			operation: 'getManyBanned',
			entryPoint: byName('empty'),
			returnAll: true,
		});
		expect(jsonOf(empty)).toEqual([]);
	});
});

describe('Stream → Set Delay / Cancel Delay', () => {
	test('PATCH …/delayed_streams/{stream} with { delay }', async () => {
		const result = await ctx.run({
			operation: 'setDelay',
			entryPoint: byName('live'),
			streamName: 'cam_1',
			delay: 45,
		});
		expect(jsonOf(result)).toEqual([
			{ success: true, entryPoint: 'live', streamName: 'cam_1', delay: 45 },
		]);
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: '/entry_points/live/admin/delayed_streams/cam_1',
				query: {},
				body: { delay: 45 },
				status: 200,
			},
		]);
		expect(epState().delayed).toEqual({ cam_1: 45 });
	});

	test('0 and 600 are allowed; an expression giving "120" is sent as a number', async () => {
		for (const delay of [0, 600]) {
			await ctx.run({
				operation: 'setDelay',
				entryPoint: byName('live'),
				streamName: `s${delay}`,
				delay,
			});
		}
		await ctx.run(
			{
				operation: 'setDelay',
				entryPoint: byName('live'),
				streamName: 'expr',
				delay: '={{ $json.seconds }}',
			},
			{ items: [{ json: { seconds: '120' } }] },
		);
		expect(epState().delayed).toEqual({ s0: 0, s600: 600, expr: 120 });
	});

	test('delays outside 0..600 or not whole seconds are refused before any request', async () => {
		const base = { operation: 'setDelay', entryPoint: byName('live'), streamName: 'cam_1' };
		await ctx.expectInputError(
			{ ...base, delay: 601 },
			/Delay \(Seconds\) must be from 0 to 600, but it is 601/,
		);
		await ctx.expectInputError({ ...base, delay: -1 }, /must be from 0 to 600/);
		await ctx.expectInputError({ ...base, delay: 1.5 }, /must be a whole number from 0 to 600/);
	});

	test('Cancel Delay: DELETE …/delayed_streams/{stream}', async () => {
		ctx.sandbox.seed({ appId: APP_ID, delayedStreams: [{ name: 'cam_1', delay: 30 }] });
		const result = await ctx.run({
			operation: 'cancelDelay',
			entryPoint: byName('live'),
			streamName: 'cam_1',
		});
		expect(jsonOf(result)).toEqual([
			{ success: true, delayCancelled: true, entryPoint: 'live', streamName: 'cam_1' },
		]);
		expect(ctx.requests()).toEqual([
			{
				method: 'DELETE',
				path: '/entry_points/live/admin/delayed_streams/cam_1',
				query: {},
				body: null,
				status: 200,
			},
		]);
		expect(epState().delayed).toEqual({});
	});

	test('Cancel Delay of a stream without a delay: the 404 says so', async () => {
		const result = await ctx.run({
			operation: 'cancelDelay',
			entryPoint: byName('live'),
			streamName: 'cam_1',
		});
		expect(result.error.message).toMatch(
			/Not found \(404\): entry point "live" or a playback delay of stream "cam_1" in it/,
		);
	});
});

describe('Stream → Get Many Online / Get Online', () => {
	beforeEach(() =>
		ctx.sandbox.seed({
			appId: APP_ID,
			onlineStreams: [
				{ name: 'cam_1', startTime: '2026-11-28T10:00:00Z' },
				{ name: 'cam_2', startTime: '2026-11-28T10:05:00Z' },
				{ name: 'cam_3', entryPoint: 'sports', startTime: '2026-11-28T11:00:00Z' },
			],
		}),
	);

	test('GET …/reports/online_streams → one item per live stream, with its entry point', async () => {
		const result = await ctx.run({
			operation: 'getManyOnline',
			entryPoint: byName('live'),
			returnAll: true,
		});
		expect(jsonOf(result)).toEqual([
			{ name: 'cam_1', startTime: '2026-11-28T10:00:00Z', entryPoint: 'live' },
			{ name: 'cam_2', startTime: '2026-11-28T10:05:00Z', entryPoint: 'live' },
		]);
		expect(ctx.requests()).toEqual([
			{
				method: 'GET',
				path: '/entry_points/live/reports/online_streams',
				query: {},
				body: null,
				status: 200,
			},
		]);
		const limited = await ctx.run({
			operation: 'getManyOnline',
			entryPoint: byName('live'),
			returnAll: false,
			limit: 1,
		});
		expect(jsonOf(limited)).toHaveLength(1);
	});

	test('Get Online → { entryPoint, streamName, online: true, startTime }, by name or from the list', async () => {
		const result = await ctx.run({
			operation: 'getOnline',
			entryPoint: byName('sports'),
			stream: fromList('cam_3'),
		});
		expect(jsonOf(result)).toEqual([
			{
				entryPoint: 'sports',
				streamName: 'cam_3',
				online: true,
				startTime: '2026-11-28T11:00:00Z',
			},
		]);
		expect(ctx.requests()).toEqual([
			{
				method: 'GET',
				path: '/entry_points/sports/reports/online_streams/cam_3',
				query: {},
				body: null,
				status: 200,
			},
		]);
		const typed = await ctx.run({
			operation: 'getOnline',
			entryPoint: byName('live'),
			stream: byName('cam_1'),
		});
		expect(jsonOf(typed)[0]).toMatchObject({ streamName: 'cam_1', online: true });
	});

	test('Get Online of a stream that is not live: a 404 that says so', async () => {
		const result = await ctx.run({
			operation: 'getOnline',
			entryPoint: byName('live'),
			stream: byName('cam_9'),
		});
		expect(result.error.message).toMatch(
			/Not found \(404\): entry point "live" or a live stream "cam_9" in it does not exist/,
		);
		expect(result.error.description).toMatch(/stream cam_9 is not online/);
	});

	test('Get Online with a bad stream name is refused before any request', async () => {
		await ctx.expectInputError(
			{ operation: 'getOnline', entryPoint: byName('live'), stream: byName('a/b') },
			/Stream "a\/b" is not valid/,
		);
	});
});

describe('Stream → Generate URLs (local, timestamp authentication)', () => {
	// Reference §4.1: md5("z2tn3uiny0aasebz" + "/live/stream.flv" + "1634955000") = b6ceec4cf7c1bd88e911b72cf39e4715
	const VECTOR_KEY = ['z2tn3uiny', '0aasebz'].join('');
	const VECTOR_TS = 1634955000; // 2021-10-23T02:10:00Z
	const VECTOR_SIGN = 'b6ceec4cf7c1bd88e911b72cf39e4715';
	const md5 = (text) => crypto.createHash('md5').update(text).digest('hex');
	const realNow = agoraCommon.agoraClock.now;

	afterEach(() => {
		agoraCommon.agoraClock.now = realNow;
	});

	/** The clock the node reads, set to 10 minutes before the vector's expiry. */
	function atVectorTime() {
		agoraCommon.agoraClock.now = () => new Date((VECTOR_TS - 600) * 1000);
	}

	const base = {
		operation: 'generateUrls',
		pushDomain: 'push.example.com',
		playDomain: 'play.example.com',
		entryPoint: byName('live'),
		streamName: 'stream',
		signUrls: true,
		pushAuthKey: 'pushkey123',
		playAuthKey: VECTOR_KEY,
	};

	test('an absolute expiry gives ts = its Unix time; the FLV URL carries the reference signature', async () => {
		atVectorTime();
		const result = await ctx.run({
			...base,
			expiryMode: 'dateTime',
			expiresAt: '2021-10-23T10:10:00+08:00',
		});
		const [out] = jsonOf(result);
		expect(out.play.flv).toBe(
			`https://play.example.com/live/stream.flv?ts=${VECTOR_TS}&sign=${VECTOR_SIGN}`,
		);
		expect(out).toMatchObject({
			signed: true,
			ts: VECTOR_TS,
			expiresAt: '2021-10-23T02:10:00Z',
			entryPoint: 'live',
			streamName: 'stream',
		});
		expect(ctx.sandbox.requestLog).toHaveLength(0);
	});

	test('"minutes from now" (default 10) gives the same ts from a fixed clock; every URL is signed over its own path', async () => {
		atVectorTime();
		const result = await ctx.run({ ...base, expiryMode: 'minutes', expiresInMinutes: 10 });
		const [out] = jsonOf(result);
		const sig = (key, urlPath) => `?ts=${VECTOR_TS}&sign=${md5(key + urlPath + VECTOR_TS)}`;
		expect(out).toEqual({
			entryPoint: 'live',
			streamName: 'stream',
			push: {
				domain: 'push.example.com',
				rtmp: `rtmp://push.example.com/live/stream${sig('pushkey123', '/live/stream')}`,
				rtmps: `rtmps://push.example.com/live/stream${sig('pushkey123', '/live/stream')}`,
				obsServer: 'rtmp://push.example.com/live',
				obsStreamKey: `stream${sig('pushkey123', '/live/stream')}`,
			},
			play: {
				domain: 'play.example.com',
				rtmp: `rtmp://play.example.com/live/stream${sig(VECTOR_KEY, '/live/stream')}`,
				flv: `https://play.example.com/live/stream.flv?ts=${VECTOR_TS}&sign=${VECTOR_SIGN}`,
				hls: `https://play.example.com/live/stream/playlist.m3u8${sig(VECTOR_KEY, '/live/stream/playlist.m3u8')}`,
			},
			signed: true,
			expiresAt: '2021-10-23T02:10:00Z',
			ts: VECTOR_TS,
		});
		// OBS joins Server + "/" + Stream Key: that is exactly the signed push URL.
		expect(`${out.push.obsServer}/${out.push.obsStreamKey}`).toBe(out.push.rtmp);
	});

	test('the default expiry is 10 minutes from now', async () => {
		atVectorTime();
		const { pushDomain, ...rest } = base;
		const result = await ctx.run({ ...rest, playProtocols: ['flv'] }); // expiryMode and minutes left at their defaults
		expect(jsonOf(result)[0]).toMatchObject({
			ts: VECTOR_TS,
			play: { flv: expect.stringContaining(VECTOR_SIGN) },
		});
		expect(jsonOf(result)[0].push).toBeUndefined();
	});

	test('without timestamp authentication: plain URLs; protocols, HTTP and another entry point', async () => {
		const result = await ctx.run({
			operation: 'generateUrls',
			pushDomain: 'Push.Example.com',
			playDomain: 'play.example.com',
			entryPoint: byName('sports'),
			streamName: 'match_1',
			pushProtocols: ['rtmps'],
			playProtocols: ['flv', 'hls'],
			signUrls: false,
			options: { https: false },
		});
		expect(jsonOf(result)).toEqual([
			{
				entryPoint: 'sports',
				streamName: 'match_1',
				push: {
					domain: 'push.example.com',
					rtmps: 'rtmps://push.example.com/sports/match_1',
					obsServer: 'rtmps://push.example.com/sports',
					obsStreamKey: 'match_1',
				},
				play: {
					domain: 'play.example.com',
					flv: 'http://play.example.com/sports/match_1.flv',
					hls: 'http://play.example.com/sports/match_1/playlist.m3u8',
				},
				signed: false,
			},
		]);
	});

	test('bad input is refused with a message naming the field', async () => {
		atVectorTime();
		await ctx.expectInputError(
			{ ...base, pushDomain: '', playDomain: '' },
			/Push Domain and Play Domain are both empty/,
		);
		await ctx.expectInputError(
			{ ...base, pushDomain: 'rtmp://push.example.com' },
			/Domain "rtmp:\/\/push.example.com" is not a valid domain name/,
		);
		await ctx.expectInputError(
			{ ...base, playAuthKey: '' },
			/Play Auth Key is required to sign play URLs/,
		);
		await ctx.expectInputError({ ...base, streamName: 'a b' }, /Stream Name "a b" is not valid/);
		await ctx.expectInputError({ ...base, playProtocols: [] }, /Play Protocols is empty/);
		await ctx.expectInputError(
			{ ...base, expiryMode: 'dateTime', expiresAt: '2021-10-23T02:00:00Z' },
			/Expires At 2021-10-23T02:00:00Z is not in the future/,
		);
		await ctx.expectInputError(
			{ ...base, expiryMode: 'minutes', expiresInMinutes: 0 },
			/Valid for \(Minutes\) must be from 1/,
		);
	});

	test('one set of URLs per item, from expressions', async () => {
		atVectorTime();
		const result = await ctx.run(
			{ ...base, pushDomain: '', streamName: '={{ $json.stream }}', playProtocols: ['hls'] },
			{ items: [{ json: { stream: 'a' } }, { json: { stream: 'b' } }] },
		);
		expect(result.items.map((item) => [item.json.play.hls.split('?')[0], item.pairedItem])).toEqual(
			[
				['https://play.example.com/live/a/playlist.m3u8', { item: 0 }],
				['https://play.example.com/live/b/playlist.m3u8', { item: 1 }],
			],
		);
	});
});
