'use strict';
// The sandbox answers a query or body key the reference does not list for the endpoint with
// 400 {"message": "...<the key>..."} (the error shape of reference §1.2) and changes nothing.
const { createSandbox } = require('./server');
const { api } = require('./client');
const { ROUTES } = require('./api');
const { DOCUMENTED_KEYS } = require('./documentedKeys');

const APPID = 'keys-app';
const A = `/v1/projects/${APPID}/fls`;
const EP = `${A}/entry_points/live`;
const STORAGE = {
	vendor: 2,
	region: 3,
	bucket: 'my-bucket',
	accessKey: 'AK-documented-keys-0001',
	secretKey: 'SK-documented-keys-0002',
};

let sb;
const call = (method, path, body) => api(sb, { method, path, body });
beforeAll(async () => {
	sb = await createSandbox({ port: 0, rateLimit: 0 });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

function expectUnknownKey(res, key) {
	expect(res.status).toBe(400);
	expect(res.headers['content-type']).toMatch(/^application\/json/);
	expect(Object.keys(res.body)).toEqual(['message']);
	expect(res.body.message).toContain(`"${key}"`);
}

test('every route of the sandbox has its documented keys listed (and nothing else is listed)', () => {
	const routes = ROUTES.map(([method, pattern]) => `${method} ${pattern}`).sort();
	expect(Object.keys(DOCUMENTED_KEYS).sort()).toEqual(routes);
});

describe('body keys', () => {
	test('an unknown top-level key is refused by name and nothing changes', async () => {
		const res = await call('PATCH', `${EP}/admin/delayed_streams/cam1`, {
			delay: 30,
			delaySeconds: 30,
		});
		expectUnknownKey(res, 'delaySeconds');
		expect(res.body.message).toContain('this endpoint accepts: delay');
		expect(sb.state.dump(APPID).entryPoints.live.delayed).toEqual({});
		// The same request with only documented keys goes through.
		expect((await call('PATCH', `${EP}/admin/delayed_streams/cam1`, { delay: 30 })).status).toBe(
			200,
		);
	});

	test('keys are case-sensitive (reference §1): AuthKey is not authKey', async () => {
		await sb.seed({ appId: APPID, domains: [{ name: 'push.example.com', region: 'cn' }] });
		const res = await call('PATCH', `${A}/domains/push.example.com`, { AuthKey: 'k1' });
		expectUnknownKey(res, 'AuthKey');
		expect(sb.state.app(APPID).domains.get('push.example.com').authKey).not.toBe('k1');
	});

	test('a misspelled nested storageConfig key is named with its path; the secrets are not echoed', async () => {
		const { bucket, ...rest } = STORAGE;
		const res = await call('PATCH', `${EP}/settings/record/custom/regions/cn`, {
			mp4Config: { enabled: true },
			storageConfig: { ...rest, bukcet: bucket },
		});
		expectUnknownKey(res, 'storageConfig.bukcet');
		expect(res.body.message).toContain(
			'storageConfig accepts: vendor, region, bucket, accessKey, secretKey',
		);
		expect(res.text).not.toContain(STORAGE.accessKey);
		expect(res.text).not.toContain(STORAGE.secretKey);
		expect(sb.state.dump(APPID).entryPoints.live.record.custom.regions.cn).toBeFalsy();
	});

	test('keys inside mp4Config and inside watermark items are checked too', async () => {
		expectUnknownKey(
			await call('PATCH', `${EP}/settings/record/standard/regions/cn`, {
				mp4Config: { enabled: true, fragmentSeconds: 10 },
			}),
			'mp4Config.fragmentSeconds',
		);
		const wm = { url: 'https://img.example.com/a.png', x: 0, y: 0, width: 10, height: 10 };
		const res = await call('PATCH', `${EP}/settings/watermark`, {
			waterMarkSet: [wm, { ...wm, opacity: 0.5 }],
		});
		expectUnknownKey(res, 'waterMarkSet[1].opacity');
		expect(res.body.message).toContain('accepts: url, x, y, width, height, zOrder');
	});

	test('storageConfig is not documented for the standard (Agora storage) endpoints', async () => {
		expectUnknownKey(
			await call('PATCH', `${EP}/settings/snapshot/standard/regions/cn`, {
				enabled: true,
				storageConfig: STORAGE,
			}),
			'storageConfig',
		);
		expectUnknownKey(
			await call('PATCH', `${EP}/settings/record/standard/regions/cn`, {
				hlsConfig: { enabled: true },
				storageConfig: STORAGE,
			}),
			'storageConfig',
		);
	});

	test('an endpoint without a documented body refuses any body key', async () => {
		const res = await call('POST', `${A}/entry_points?id=games`, { name: 'games' });
		expectUnknownKey(res, 'name');
		expect(res.body.message).toContain('this endpoint accepts: none');
		expect(sb.state.app(APPID).entryPoints.has('games')).toBe(false);
	});

	test('every documented key, including the CODE-INTERNAL ones the reference lists, is accepted', async () => {
		expect(
			(
				await call('POST', `${A}/domains?id=push.example.com`, {
					type: 'publish',
					region: 'cn',
					scope: 'global',
				})
			).status,
		).toBe(201);
		expect(
			(
				await call('PATCH', `${A}/domains/push.example.com`, {
					authKey: 'k',
					enableRtmps: true,
					enableHttps: false,
					certName: 'c',
					crossDomain: '*',
				})
			).status,
		).toBe(200);
		const wm = {
			url: 'https://img.example.com/a.png',
			x: 0,
			y: 0,
			width: 10,
			height: 10,
			zOrder: 1,
		};
		expect((await call('PATCH', `${EP}/settings/watermark`, { watermarkSet: [wm] })).status).toBe(
			200,
		);
		expect(
			(
				await call('PATCH', `${EP}/settings/snapshot/custom/regions/cn`, {
					enabled: true,
					snapshotInterval: 30,
					enableModeration: true,
					storageConfig: STORAGE,
				})
			).status,
		).toBe(200);
		expect(
			(
				await call('POST', `${EP}/settings/transcode/custom?id=t1`, {
					...{ width: 0, height: 360 },
					...{ videoCodec: 'h264', videoBitrate: 1200, profile: 'base' },
					...{ audioCodec: 'aac', audioBitrate: 320, audioSampleRate: 44100 },
				})
			).status,
		).toBe(200);
	});
});

describe('query keys', () => {
	test('an unknown report query parameter is refused by name (a misspelled start_time is not ignored)', async () => {
		const res = await call(
			'GET',
			`${EP}/reports/publish_history?stream_name=cam1&startTime=2026-01-01T00%3A00%3A00Z`,
		);
		expectUnknownKey(res, 'startTime');
		expect(res.body.message).toContain('start_time, end_time, stream_name');
	});

	test('a query on an endpoint that documents none is refused', async () => {
		expectUnknownKey(await call('GET', `${A}/entry_points?limit=10`), 'limit');
		expectUnknownKey(await call('DELETE', `${A}/domains/push.example.com?force=true`), 'force');
	});

	test('documented query keys pass: ?id= on add, on GET /domains and on recording tasks', async () => {
		expect((await call('POST', `${A}/entry_points?id=games`)).status).toBe(201);
		expect((await call('GET', `${A}/domains?id=none.example.com`)).status).toBe(404);
		expect(
			(await call('PATCH', `${EP}/settings/record/standard/auto`, { enabled: false })).status,
		).toBe(200);
		expect((await call('PUT', `${EP}/admin/record/standard/regions/cn/tasks?id=cam1`)).status).toBe(
			200,
		);
	});
});
