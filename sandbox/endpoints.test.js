'use strict';
const { createSandbox } = require('./server');
const { api, control } = require('./client');

const APPID = 'endpoints-app';
const A = `/v1/projects/${APPID}/fls`;
const EP = `${A}/entry_points/live`;
const enc = encodeURIComponent;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const STORAGE = { vendor: 2, region: 3, bucket: 'my-bucket', accessKey: 'AK', secretKey: 'SK' };

let sb;
const call = (method, path, body) => api(sb, { method, path, body });
beforeAll(async () => {
	sb = await createSandbox({ port: 0, rateLimit: 0 });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

describe('domains', () => {
	test('add, get (both forms), list, set auth key, delete', async () => {
		const add = await call('POST', `${A}/domains?id=push.example.com`, {
			type: 'publish',
			region: 'cn',
		});
		expect(add.status).toBe(201);
		expect(add.body).toMatchObject({
			appid: APPID,
			name: 'push.example.com',
			type: 'publish',
			region: 'cn',
			cname: 'push.example.com.v1.agoramdn.com',
		});
		expect(add.body.authKey).toMatch(/^[a-z0-9]{16}$/);
		const play = await call('POST', `${A}/domains?id=play.example.com`, { type: 'play' });
		expect(play.status).toBe(201);
		expect(play.body.region).toBeUndefined();

		const one = await call('GET', `${A}/domains/push.example.com`);
		expect(one.body).toEqual({
			appid: APPID,
			authKey: add.body.authKey,
			name: 'push.example.com',
			type: 'publish',
			region: 'cn',
		});
		const q = await call('GET', `${A}/domains?id=push.example.com`);
		expect(q.body).toEqual(one.body);
		const list = await call('GET', `${A}/domains`);
		expect(list.body.domainList.map((d) => d.name)).toEqual([
			'push.example.com',
			'play.example.com',
		]);

		const patch = await call('PATCH', `${A}/domains/push.example.com`, {
			authKey: 'z2tn3uiny0aasebz',
		});
		expect(patch.status).toBe(200);
		expect(patch.text).toBe('');
		expect(patch.headers['content-length']).toBe('0');
		expect((await call('GET', `${A}/domains/push.example.com`)).body.authKey).toBe(
			'z2tn3uiny0aasebz',
		);

		expect((await call('DELETE', `${A}/domains/push.example.com`)).status).toBe(200);
		expect((await call('GET', `${A}/domains/push.example.com`)).status).toBe(404);
	});

	test('validation: type, region, duplicates, unknown, authKey length', async () => {
		expect((await call('POST', `${A}/domains?id=a.example.com`, { type: 'publish' })).status).toBe(
			400,
		);
		expect(
			(await call('POST', `${A}/domains?id=a.example.com`, { type: 'publish', region: 'us' }))
				.status,
		).toBe(400);
		expect(
			(await call('POST', `${A}/domains?id=a.example.com`, { type: 'push', region: 'cn' })).status,
		).toBe(400);
		expect((await call('POST', `${A}/domains`, { type: 'play' })).status).toBe(400);
		expect((await call('POST', `${A}/domains?id=*.example.com`, { type: 'play' })).status).toBe(
			400,
		);
		expect((await call('POST', `${A}/domains?id=a.example.com`, { type: 'play' })).status).toBe(
			201,
		);
		const dup = await call('POST', `${A}/domains?id=a.example.com`, { type: 'play' });
		expect(dup.status).toBe(400);
		expect(dup.body.message).toMatch(/exists/);
		expect(
			(await call('PATCH', `${A}/domains/a.example.com`, { authKey: 'x'.repeat(129) })).status,
		).toBe(400);
		expect(
			(await call('PATCH', `${A}/domains/a.example.com`, { authKey: 'x'.repeat(128) })).status,
		).toBe(200);
		for (const [m, body] of [['GET'], ['DELETE'], ['PATCH', { authKey: 'k' }]]) {
			const r = await call(m, `${A}/domains/missing.example.com`, body);
			expect(r.status).toBe(404);
			expect(typeof r.body.message).toBe('string');
		}
		expect((await call('GET', `${A}/domains?id=missing.example.com`)).status).toBe(404);
	});
});

describe('entry points', () => {
	test('live exists and cannot be deleted; create 201 without body; duplicate 400; unknown 404 everywhere', async () => {
		expect((await call('GET', `${A}/entry_points`)).body).toEqual({
			entryPointList: [{ name: 'live' }],
		});
		const c = await call('POST', `${A}/entry_points?id=games`);
		expect(c.status).toBe(201);
		expect(c.text).toBe('');
		expect((await call('POST', `${A}/entry_points?id=games`)).status).toBe(400);
		expect((await call('GET', `${A}/entry_points`)).body.entryPointList).toEqual([
			{ name: 'live' },
			{ name: 'games' },
		]);
		const del = await call('DELETE', `${A}/entry_points/live`);
		expect(del.status).toBe(400);
		expect((await call('DELETE', `${A}/entry_points/games`)).status).toBe(200);
		expect((await call('DELETE', `${A}/entry_points/games`)).status).toBe(404);
		for (const p of [
			'/admin/banned_streams',
			'/reports/online_streams',
			'/settings/watermark',
			'/settings/transcode/standard',
		]) {
			const r = await call('GET', `${A}/entry_points/games${p}`);
			expect(r.status).toBe(404);
			expect(r.body.message).toMatch(/entry point/);
		}
	});
});

describe('ban and delay', () => {
	test('ban with and without resumeTime, list, unban, unban unknown 404, bad format 400', async () => {
		expect(
			(
				await call('PATCH', `${EP}/admin/banned_streams/s1`, {
					resumeTime: '2099-11-29T19:00:00+08:00',
				})
			).status,
		).toBe(200);
		const before = Date.now();
		expect((await call('PATCH', `${EP}/admin/banned_streams/s2`)).status).toBe(200);
		const list = (await call('GET', `${EP}/admin/banned_streams`)).body.bannedStreamList;
		expect(list[0]).toEqual({ name: 's1', resumeTime: '2099-11-29T19:00:00+08:00' });
		expect(list[1].name).toBe('s2');
		const resume = Date.parse(list[1].resumeTime);
		expect(Math.abs(resume - (before + 7 * 24 * 3600 * 1000))).toBeLessThan(5000);
		expect(
			(
				await call('PATCH', `${EP}/admin/banned_streams/s3`, {
					resumeTime: '2018-1129T19:00:00+08:00',
				})
			).status,
		).toBe(400);
		expect((await call('DELETE', `${EP}/admin/banned_streams/s1`)).status).toBe(200);
		expect((await call('DELETE', `${EP}/admin/banned_streams/s1`)).status).toBe(404);
		expect(
			(await call('GET', `${EP}/admin/banned_streams`)).body.bannedStreamList.map((b) => b.name),
		).toEqual(['s2']);
	});

	test('delay: integer 0..600 required', async () => {
		expect((await call('PATCH', `${EP}/admin/delayed_streams/s1`, { delay: 600 })).status).toBe(
			200,
		);
		expect((await call('PATCH', `${EP}/admin/delayed_streams/s1`, { delay: 0 })).status).toBe(200);
		expect((await call('PATCH', `${EP}/admin/delayed_streams/s1`, { delay: 601 })).status).toBe(
			400,
		);
		expect((await call('PATCH', `${EP}/admin/delayed_streams/s1`, { delay: 1.5 })).status).toBe(
			400,
		);
		expect((await call('PATCH', `${EP}/admin/delayed_streams/s1`, { delay: '30' })).status).toBe(
			400,
		);
		expect((await call('PATCH', `${EP}/admin/delayed_streams/s1`)).status).toBe(400);
		expect((await call('DELETE', `${EP}/admin/delayed_streams/s1`)).status).toBe(200);
		expect((await call('DELETE', `${EP}/admin/delayed_streams/s1`)).status).toBe(404);
		// the inferred GET list is not part of the documented API
		expect((await call('GET', `${EP}/admin/delayed_streams`)).status).toBe(404);
	});
});

describe('online streams and reports', () => {
	test('online list and get, 404 when not online', async () => {
		await control(sb, 'POST', '/_sandbox/simulate/publish-start', {
			appId: APPID,
			streamName: 'cam1',
		});
		const list = await call('GET', `${EP}/reports/online_streams`);
		expect(list.body.streamList).toHaveLength(1);
		expect(list.body.streamList[0].name).toBe('cam1');
		expect(list.body.streamList[0].startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		expect((await call('GET', `${EP}/reports/online_streams/cam1`)).body).toEqual({
			startTime: list.body.streamList[0].startTime,
		});
		expect((await call('GET', `${EP}/reports/online_streams/nope`)).status).toBe(404);
	});

	test('publish_history, publish_quality (QualityHistory/framerate), stream_play_statistic', async () => {
		const now = Date.now();
		await control(sb, 'POST', '/_sandbox/simulate/publish-start', {
			appId: APPID,
			streamName: 'cam1',
			startTime: iso(now - 65 * 60000),
		});
		await control(sb, 'POST', '/_sandbox/simulate/publish-end', {
			appId: APPID,
			streamName: 'cam1',
			endTime: iso(now - 5 * 60000),
		});
		await control(sb, 'POST', '/_sandbox/simulate/publish-start', {
			appId: APPID,
			streamName: 'cam1',
			startTime: iso(now - 3 * 60000),
		});

		const h = await call('GET', `${EP}/reports/publish_history?stream_name=cam1`);
		expect(h.status).toBe(200);
		expect(h.body.publishHistory).toEqual([
			{
				name: 'cam1',
				startTime: iso(now - 65 * 60000),
				endTime: iso(now - 5 * 60000),
				duration: 3600,
			},
		]);

		const q = await call('GET', `${EP}/reports/publish_quality?stream_name=cam1`);
		expect(q.status).toBe(200);
		expect(q.body.publishHistory).toBeUndefined();
		expect(q.body.QualityHistory.length).toBe(61 + 4);
		const first = q.body.QualityHistory[0];
		expect(Object.keys(first).sort()).toEqual([
			'bitrate',
			'cdnIp',
			'clientIp',
			'framerate',
			'name',
			'time',
		]);
		expect(Date.parse(first.time)).toBeGreaterThan(Date.parse(q.body.QualityHistory[1].time)); // newest first

		const p = await call(
			'GET',
			`${EP}/reports/stream_play_statistic?stream_name=cam1&start_time=${enc(iso(now - 10 * 60000))}&end_time=${enc(iso(now))}`,
		);
		expect(p.status).toBe(200);
		expect(p.body.playStatistic.length).toBeGreaterThan(0);
		expect(Object.keys(p.body.playStatistic[0]).sort()).toEqual(['linkNum', 'name', 'time']);
	});

	test('window limits, format and required stream_name', async () => {
		const t = Date.UTC(2025, 0, 10);
		const win = (path, startMs, endMs) =>
			call(
				'GET',
				`${EP}/reports/${path}?start_time=${enc(iso(startMs))}&end_time=${enc(iso(endMs))}&stream_name=s`,
			);
		expect((await win('publish_history', t - 30 * 86400000, t)).status).toBe(200);
		expect((await win('publish_history', t - 30 * 86400000 - 1000, t)).status).toBe(400);
		expect((await win('publish_quality', t - 6 * 3600000, t)).status).toBe(200);
		expect((await win('publish_quality', t - 6 * 3600000 - 1000, t)).status).toBe(400);
		expect((await win('stream_play_statistic', t - 2 * 3600000, t)).status).toBe(200);
		expect((await win('stream_play_statistic', t - 2 * 3600000 - 1000, t)).status).toBe(400);
		expect((await win('publish_history', t, t - 1000)).status).toBe(400);
		const bad = await call(
			'GET',
			`${EP}/reports/publish_history?stream_name=s&start_time=2025-01-01`,
		);
		expect(bad.status).toBe(400);
		// an unencoded "+" is decoded as a space and is therefore not RFC 3339
		expect(
			(
				await call(
					'GET',
					`${EP}/reports/publish_history?stream_name=s&start_time=2025-01-01T00:00:00+08:00`,
				)
			).status,
		).toBe(400);
		expect(
			(
				await call(
					'GET',
					`${EP}/reports/publish_history?stream_name=s&start_time=${enc('2025-01-01T00:00:00+08:00')}`,
				)
			).status,
		).toBe(200);
		expect((await call('GET', `${EP}/reports/publish_quality`)).status).toBe(400);
	});
});

describe('origin authentication, pull from origin, transfer', () => {
	test('origin auth webhook: enabled required', async () => {
		expect((await call('GET', `${A}/settings/streamauth/webhook`)).body).toEqual({
			enabled: false,
		});
		expect(
			(await call('PATCH', `${A}/settings/streamauth/webhook`, { url: 'https://a/cb' })).status,
		).toBe(400);
		expect(
			(await call('PATCH', `${A}/settings/streamauth/webhook`, { enabled: 'yes' })).status,
		).toBe(400);
		expect(
			(
				await call('PATCH', `${A}/settings/streamauth/webhook`, {
					enabled: true,
					url: 'www.test.com/auth/callback',
					secret: 'x',
				})
			).status,
		).toBe(200);
		expect((await call('GET', `${A}/settings/streamauth/webhook`)).body).toEqual({
			enabled: true,
			url: 'www.test.com/auth/callback',
			secret: 'x',
		});
	});

	test('origin site: domain and callbackUrl are mutually exclusive', async () => {
		expect((await call('GET', `${EP}/settings/origin_site`)).body).toEqual({ enabled: false });
		const both = await call('PATCH', `${EP}/settings/origin_site`, {
			enabled: true,
			domain: 'o.example.com',
			callbackUrl: 'https://cb',
		});
		expect(both.status).toBe(400);
		expect(
			(
				await call('PATCH', `${EP}/settings/origin_site`, {
					enabled: true,
					domain: 'o.example.com',
					app: 'live',
				})
			).status,
		).toBe(200);
		expect((await call('GET', `${EP}/settings/origin_site`)).body).toEqual({
			enabled: true,
			domain: 'o.example.com',
			app: 'live',
		});
		expect(
			(
				await call('PATCH', `${EP}/settings/origin_site`, {
					callbackUrl: 'https://cb.example.com/pull',
				})
			).status,
		).toBe(200);
		expect((await call('GET', `${EP}/settings/origin_site`)).body).toEqual({
			enabled: true,
			callbackUrl: 'https://cb.example.com/pull',
		});
	});

	test('transfer get/set', async () => {
		expect((await call('GET', `${EP}/settings/transfer`)).body).toEqual({ enabled: false });
		expect(
			(
				await call('PATCH', `${EP}/settings/transfer`, {
					enabled: true,
					callbackUrl: 'https://example.transfer.com/callback',
				})
			).status,
		).toBe(200);
		expect((await call('GET', `${EP}/settings/transfer`)).body).toEqual({
			enabled: true,
			callbackUrl: 'https://example.transfer.com/callback',
		});
		expect((await call('PATCH', `${EP}/settings/transfer`, { enabled: 1 })).status).toBe(400);
	});
});

describe('watermarks', () => {
	const wm = (i) => ({
		url: `https://img.example.com/${i}.png`,
		x: 0,
		y: 10,
		width: 100,
		height: 1920,
		zOrder: i,
	});
	test('both key casings accepted, ≤ 5 items, 0..1920, url required; GET uses waterMarkSet', async () => {
		expect(
			(await call('PATCH', `${EP}/settings/watermark`, { watermarkSet: [wm(1)] })).status,
		).toBe(200);
		expect((await call('GET', `${EP}/settings/watermark`)).body).toEqual({ waterMarkSet: [wm(1)] });
		expect(
			(await call('PATCH', `${EP}/settings/watermark`, { waterMarkSet: [1, 2, 3, 4, 5].map(wm) }))
				.status,
		).toBe(200);
		expect(
			(
				await call('PATCH', `${EP}/settings/watermark`, {
					waterMarkSet: [1, 2, 3, 4, 5, 6].map(wm),
				})
			).status,
		).toBe(400);
		expect(
			(await call('PATCH', `${EP}/settings/watermark`, { waterMarkSet: [{ ...wm(1), x: 1921 }] }))
				.status,
		).toBe(400);
		expect(
			(await call('PATCH', `${EP}/settings/watermark`, { waterMarkSet: [{ ...wm(1), y: -1 }] }))
				.status,
		).toBe(400);
		const { url, ...noUrl } = wm(1);
		expect(url).toBeDefined();
		expect(
			(await call('PATCH', `${EP}/settings/watermark`, { waterMarkSet: [noUrl] })).status,
		).toBe(400);
		expect((await call('PATCH', `${EP}/settings/watermark`, {})).status).toBe(400);
		expect((await call('GET', `${EP}/settings/watermark`)).body.waterMarkSet).toHaveLength(5);
		expect((await call('PATCH', `${EP}/settings/watermark`, { waterMarkSet: [] })).status).toBe(
			200,
		);
		expect((await call('GET', `${EP}/settings/watermark`)).body).toEqual({ waterMarkSet: [] });
	});
});

describe('recording', () => {
	const STD = `${EP}/settings/record/standard`;
	const STDA = `${EP}/admin/record/standard/regions/cn`;
	test('standard config per region, auto switch, per-stream tasks', async () => {
		expect((await call('GET', `${STD}/regions/cn`)).body).toEqual({
			hlsConfig: { enabled: false },
			mp4Config: { enabled: false },
		});
		expect(
			(await call('PATCH', `${STD}/regions/xx`, { hlsConfig: { enabled: true } })).status,
		).toBe(400);
		expect((await call('GET', `${STD}/regions/xx`)).status).toBe(400);
		expect(
			(
				await call('PATCH', `${STD}/regions/cn`, {
					hlsConfig: { enabled: true },
					mp4Config: { enabled: true },
				})
			).status,
		).toBe(200);
		expect((await call('GET', `${STD}/regions/cn`)).body).toEqual({
			hlsConfig: { enabled: true },
			mp4Config: { enabled: true },
		});
		// the config call auto-enabled recording for the entry point: per-stream tasks need auto off first
		expect((await call('PUT', `${STDA}/tasks?id=cam1`)).status).toBe(400);
		expect((await call('PATCH', `${STD}/auto`, {})).status).toBe(400);
		expect((await call('PATCH', `${STD}/auto`, { enabled: false })).status).toBe(200);
		expect((await call('PUT', `${STDA}/tasks?id=cam1`)).status).toBe(200);
		expect((await call('PUT', `${STDA}/tasks`)).status).toBe(400);
		expect((await call('DELETE', `${STDA}/tasks/cam1`)).status).toBe(200);
		expect((await call('DELETE', `${STDA}/tasks/cam1`)).status).toBe(404);
	});

	test('standard post-processing: cutting, snapshot, preview_list', async () => {
		const now = Date.now();
		await control(sb, 'POST', '/_sandbox/seed', {
			appId: APPID,
			recordFiles: [
				{
					streamName: 'cam1',
					fileName: 'record/live/cam1/a_1.m3u8',
					startTime: iso(now - 3600000),
					endTime: iso(now - 1800000),
				},
				{
					streamName: 'cam1',
					fileName: 'record/live/cam1/b_2.m3u8',
					startTime: iso(now - 1700000),
					endTime: iso(now - 60000),
				},
				{
					streamName: 'cam1',
					region: 'eu',
					fileName: 'record/live/cam1/c_3.m3u8',
					startTime: iso(now - 1700000),
					endTime: iso(now - 60000),
				},
			],
		});
		const cut = {
			startTime: iso(now - 3000000),
			endTime: iso(now - 120000),
			fileName: 'clip.m3u8',
		};
		expect((await call('POST', `${STDA}/cutting/cam1`, cut)).status).toBe(200);
		expect((await call('POST', `${STDA}/cutting/cam1`, cut)).status).toBe(400); // duplicate name
		expect(
			(await call('POST', `${STDA}/cutting/cam1`, { ...cut, fileName: 'clip.mp4' })).status,
		).toBe(400);
		expect((await call('POST', `${STDA}/cutting/cam1`, { fileName: 'x.m3u8' })).status).toBe(400);
		expect(
			(
				await call('POST', `${STDA}/cutting/cam1`, {
					...cut,
					fileName: 'y.m3u8',
					endTime: iso(now + 3600000),
				})
			).status,
		).toBe(400);
		expect(
			(await call('POST', `${STDA}/cutting/cam1`, { startTime: 'yesterday', fileName: 'z.m3u8' }))
				.status,
		).toBe(400);
		expect((await call('POST', `${STDA}/snapshot/cam1`, { fileName: 'shot.jpg' })).status).toBe(
			200,
		);
		expect((await call('POST', `${STDA}/snapshot/cam1`, { fileName: 'shot.jpg' })).status).toBe(
			400,
		);
		expect((await call('POST', `${STDA}/snapshot/cam1`, { fileName: 'shot.png' })).status).toBe(
			400,
		);

		const pl = await call(
			'GET',
			`${STDA}/preview_list?start_time=${enc(iso(now - 7200000))}&end_time=${enc(iso(now))}&stream_name=cam1`,
		);
		expect(pl.status).toBe(200);
		expect(pl.body.list.map((f) => f.fileName)).toEqual([
			'record/live/cam1/a_1.m3u8',
			'record/live/cam1/b_2.m3u8',
		]);
		expect(pl.body.list[0]).toEqual({
			fileName: 'record/live/cam1/a_1.m3u8',
			startTime: iso(now - 3600000),
			endTime: iso(now - 1800000),
			position: 3600,
		});
		expect(
			(
				await call(
					'GET',
					`${STDA}/preview_list?start_time=${enc(iso(now - 7200000))}&stream_name=cam1`,
				)
			).status,
		).toBe(400);
		expect(
			(
				await call(
					'GET',
					`${STDA}/preview_list?start_time=${enc(iso(now - 7200000))}&end_time=${enc(iso(now))}`,
				)
			).status,
		).toBe(400);
	});

	test('custom recording: storageConfig required the first time, echoed by GET', async () => {
		const CUS = `${EP}/settings/record/custom`;
		const first = await call('PATCH', `${CUS}/regions/cn`, { hlsConfig: { enabled: true } });
		expect(first.status).toBe(400);
		expect(first.body.message).toMatch(/storageConfig/);
		for (const k of ['vendor', 'bucket', 'accessKey', 'secretKey', 'region']) {
			const partial = { ...STORAGE };
			delete partial[k];
			expect(
				(
					await call('PATCH', `${CUS}/regions/cn`, {
						hlsConfig: { enabled: true },
						storageConfig: partial,
					})
				).status,
			).toBe(400);
		}
		expect(
			(await call('PATCH', `${CUS}/regions/cn`, { storageConfig: { ...STORAGE, vendor: 9 } }))
				.status,
		).toBe(400);
		expect(
			(
				await call('PATCH', `${CUS}/regions/cn`, {
					storageConfig: { ...STORAGE, vendor: 0, region: 7 },
				})
			).status,
		).toBe(400);
		expect(
			(
				await call('PATCH', `${CUS}/regions/cn`, {
					hlsConfig: { enabled: true },
					mp4Config: { enabled: true },
					storageConfig: STORAGE,
				})
			).status,
		).toBe(200);
		expect(
			(await call('PATCH', `${CUS}/regions/cn`, { mp4Config: { enabled: false } })).status,
		).toBe(200);
		expect((await call('GET', `${CUS}/regions/cn`)).body).toEqual({
			hlsConfig: { enabled: true },
			mp4Config: { enabled: false },
			storageConfig: STORAGE,
		});
		expect((await call('PATCH', `${CUS}/auto`, { enabled: false })).status).toBe(200);
		expect((await call('PUT', `${EP}/admin/record/custom/regions/cn/tasks?id=cam1`)).status).toBe(
			200,
		);
		expect((await call('DELETE', `${EP}/admin/record/custom/regions/cn/tasks/cam1`)).status).toBe(
			200,
		);
		expect((await call('DELETE', `${EP}/admin/record/custom/regions/cn/tasks/cam1`)).status).toBe(
			404,
		);
		// the request log never keeps storage keys
		expect(JSON.stringify(sb.requestLog)).not.toMatch(/"SK"|"AK"/);
	});
});

describe('snapshot settings', () => {
	test('standard and custom: enabled required, interval 5..300, storage the first time for custom', async () => {
		const S = `${EP}/settings/snapshot`;
		expect((await call('GET', `${S}/standard/regions/cn`)).body).toEqual({
			enabled: false,
			snapshotInterval: 10,
			enableModeration: false,
		});
		expect((await call('PATCH', `${S}/standard/regions/cn`, { snapshotInterval: 30 })).status).toBe(
			400,
		);
		expect(
			(await call('PATCH', `${S}/standard/regions/cn`, { enabled: true, snapshotInterval: 4 }))
				.status,
		).toBe(400);
		expect(
			(await call('PATCH', `${S}/standard/regions/cn`, { enabled: true, snapshotInterval: 301 }))
				.status,
		).toBe(400);
		expect(
			(
				await call('PATCH', `${S}/standard/regions/cn`, {
					enabled: true,
					snapshotInterval: 300,
					enableModeration: true,
				})
			).status,
		).toBe(200);
		expect((await call('GET', `${S}/standard/regions/cn`)).body).toEqual({
			enabled: true,
			snapshotInterval: 300,
			enableModeration: true,
		});
		expect((await call('PATCH', `${S}/custom/regions/ap`, { enabled: true })).status).toBe(400);
		expect(
			(
				await call('PATCH', `${S}/custom/regions/ap`, {
					enabled: true,
					snapshotInterval: 30,
					storageConfig: STORAGE,
				})
			).status,
		).toBe(200);
		expect((await call('PATCH', `${S}/custom/regions/ap`, { enabled: false })).status).toBe(200);
		expect((await call('GET', `${S}/custom/regions/ap`)).body).toEqual({
			enabled: false,
			snapshotInterval: 30,
			enableModeration: false,
			storageConfig: STORAGE,
		});
		expect((await call('GET', `${S}/custom/regions/zz`)).status).toBe(400);
	});
});

describe('transcoding', () => {
	const T = `${EP}/settings/transcode`;
	test('standard presets: six names, enabled required, unknown 404', async () => {
		const list = await call('GET', `${T}/standard`);
		expect(list.body).toEqual({
			transcodeList: ['ld', 'sd1', 'sd2', 'sd3', 'hd', 'fhd'].map((name) => ({
				name,
				enabled: false,
			})),
		});
		expect((await call('PATCH', `${T}/standard/hd`, { enabled: true })).status).toBe(200);
		expect((await call('PATCH', `${T}/standard/hd`, {})).status).toBe(400);
		expect((await call('PATCH', `${T}/standard/uhd`, { enabled: true })).status).toBe(404);
		expect(
			(await call('GET', `${T}/standard`)).body.transcodeList.find((p) => p.name === 'hd').enabled,
		).toBe(true);
	});

	test('custom templates: create, validation, update, delete, list', async () => {
		const tpl = {
			width: 0,
			height: 360,
			videoCodec: 'h264',
			videoBitrate: 1200,
			profile: 'base',
			audioCodec: 'aac',
			audioBitrate: 320,
			audioSampleRate: 44100,
		};
		const c = await call('POST', `${T}/custom?id=my360`, tpl);
		expect(c.status).toBe(200);
		expect(c.text).toBe('');
		expect((await call('POST', `${T}/custom?id=my360`, tpl)).status).toBe(400); // duplicate
		expect((await call('POST', `${T}/custom?id=hd`, tpl)).status).toBe(400); // preset name
		const bad = [
			{ height: 360 },
			{ ...tpl, width: 1921 },
			{ ...tpl, videoBitrate: 199 },
			{ ...tpl, videoBitrate: 6001 },
			{ ...tpl, profile: 'ultra' },
			{ ...tpl, audioSampleRate: 22050 },
			{ width: 0, height: 360, videoBitrate: 800 },
			{ width: 0, height: 360, profile: 'main' },
			{ width: 0, height: 360, audioBitrate: 128 },
			{ width: 0, height: 360, audioSampleRate: 48000 },
		];
		for (const [i, b] of bad.entries()) {
			const r = await call('POST', `${T}/custom?id=bad${i}`, b);
			expect([i, r.status]).toEqual([i, 400]);
		}
		expect((await call('POST', `${T}/custom?id=plain`, { width: 640, height: 0 })).status).toBe(
			200,
		);
		expect((await call('PATCH', `${T}/custom/my360`, { width: 640 })).status).toBe(400);
		expect(
			(await call('PATCH', `${T}/custom/my360`, { width: 640, height: 480, videoBitrate: 800 }))
				.status,
		).toBe(200);
		expect((await call('PATCH', `${T}/custom/plain`, { videoBitrate: 800 })).status).toBe(400); // no videoCodec
		expect((await call('PATCH', `${T}/custom/nope`, { videoBitrate: 800 })).status).toBe(404);
		const list = await call('GET', `${T}/custom`);
		expect(list.body.transcodeList).toEqual([
			{ name: 'my360', ...tpl, width: 640, height: 480, videoBitrate: 800 },
			{ name: 'plain', width: 640, height: 0 },
		]);
		expect((await call('DELETE', `${T}/custom/plain`)).status).toBe(200);
		expect((await call('DELETE', `${T}/custom/plain`)).status).toBe(404);
		expect((await call('GET', `${T}/custom`)).body.transcodeList.map((t) => t.name)).toEqual([
			'my360',
		]);
	});
});

describe('request bodies', () => {
	test('invalid JSON → 400 with a message', async () => {
		const r = await call('PATCH', `${EP}/settings/transfer`, '{"enabled": tru');
		expect(r.status).toBe(400);
		expect(r.body.message).toMatch(/JSON/);
	});
});
