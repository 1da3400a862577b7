'use strict';
const http = require('node:http');
const path = require('node:path');
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const { createSandbox, signNcsBody } = require('./server');
const { api, control, rawRequest } = require('./client');

const APPID = 'control-app';
const A = `/v1/projects/${APPID}/fls`;
const EP = `${A}/entry_points/live`;

/** A local NCS receiver: answers with the scripted statuses (then 200), records raw bodies + headers. */
async function startReceiver({ script = [], hangMs = 0 } = {}) {
	const received = [];
	let i = 0;
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			received.push({ raw, headers: req.headers, method: req.method, url: req.url });
			const status = i < script.length ? script[i] : 200;
			i++;
			const answer = () => {
				if (res.destroyed) return;
				res.writeHead(status, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ ok: status === 200 }));
			};
			if (status === 'hang') setTimeout(() => res.destroy(), hangMs);
			else answer();
		});
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	return {
		url: `http://127.0.0.1:${server.address().port}/ncs`,
		received,
		close: () =>
			new Promise((r) => {
				server.close(r);
				server.closeAllConnections();
			}),
	};
}

let sb;
beforeAll(async () => {
	sb = await createSandbox({ port: 0, rateLimit: 0 });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

describe('control API basics', () => {
	test('requests log with since, clear; config get/set; state; reset', async () => {
		await api(sb, { path: `${A}/domains` });
		await api(sb, {
			method: 'POST',
			path: `${A}/domains?id=p.example.com`,
			body: { type: 'publish', region: 'na' },
		});
		const log = await control(sb, 'GET', '/_sandbox/requests');
		expect(log.body.requests).toHaveLength(2);
		expect(log.body.requests[1]).toMatchObject({
			seq: 2,
			method: 'POST',
			path: `${A}/domains`,
			query: { id: 'p.example.com' },
			rawUrl: `${A}/domains?id=p.example.com`,
			customerId: 'sandbox-customer-id',
			status: 201,
			body: { type: 'publish', region: 'na' },
		});
		expect(typeof log.body.requests[1].at).toBe('number');
		const since = await control(sb, 'GET', '/_sandbox/requests?since=1');
		expect(since.body.requests.map((e) => e.seq)).toEqual([2]);
		expect((await control(sb, 'DELETE', '/_sandbox/requests')).body.cleared).toBe(2);
		expect(sb.requestLog).toHaveLength(0);

		const cfg = await control(sb, 'POST', '/_sandbox/config', {
			latencyMs: 5,
			rateLimit: 7,
			ncs: { url: 'http://127.0.0.1:9/x', secret: 's' },
		});
		expect(cfg.status).toBe(200);
		expect(cfg.body).toMatchObject({
			latencyMs: 5,
			rateLimit: 7,
			ncs: { url: 'http://127.0.0.1:9/x', secret: '[set]' },
		});
		expect((await control(sb, 'GET', '/_sandbox/config')).body.rateLimit).toBe(7);
		expect((await control(sb, 'POST', '/_sandbox/config', { bogus: 1 })).status).toBe(400);

		const st = await control(sb, 'GET', `/_sandbox/state?appId=${APPID}`);
		expect(st.body.domains.map((d) => d.name)).toEqual(['p.example.com']);

		expect((await control(sb, 'POST', '/_sandbox/reset')).status).toBe(200);
		expect(sb.config.rateLimit).toBe(0); // back to the createSandbox options
		expect(sb.config.latencyMs).toBe(0);
		expect(sb.state.app(APPID).domains.size).toBe(0);
		expect((await control(sb, 'GET', '/_sandbox/nope')).status).toBe(404);
	});

	test('seed bulk state', async () => {
		const now = Date.now();
		const r = await control(sb, 'POST', '/_sandbox/seed', {
			appId: APPID,
			domains: [
				{ name: 'push.example.com', type: 'publish', region: 'ap' },
				{ name: 'play.example.com', type: 'play' },
			],
			entryPoints: ['games', { name: 'music' }],
			onlineStreams: [
				{ entryPoint: 'games', name: 'g1', startTime: new Date(now - 60000).toISOString() },
			],
			bannedStreams: [{ name: 'bad1', resumeTime: '2099-01-01T00:00:00Z' }],
			delayedStreams: [{ name: 'd1', delay: 30 }],
			publishHistory: [{ name: 'cam', startTime: now - 7200000, endTime: now - 3600000 }],
			transcodeTemplates: [{ name: 't1', width: 0, height: 720 }],
			transcodePresets: [{ name: 'sd1', enabled: true }],
		});
		expect(r.status).toBe(200);
		expect(
			(await api(sb, { path: `${A}/entry_points` })).body.entryPointList.map((e) => e.name),
		).toEqual(['live', 'games', 'music']);
		expect(
			(await api(sb, { path: `${A}/entry_points/games/reports/online_streams` })).body.streamList[0]
				.name,
		).toBe('g1');
		expect((await api(sb, { path: `${EP}/admin/banned_streams` })).body.bannedStreamList).toEqual([
			{ name: 'bad1', resumeTime: '2099-01-01T00:00:00Z' },
		]);
		expect(
			(await api(sb, { path: `${EP}/reports/publish_history?stream_name=cam` })).body
				.publishHistory[0].duration,
		).toBe(3600);
		expect((await api(sb, { path: `${EP}/settings/transcode/custom` })).body.transcodeList).toEqual(
			[{ name: 't1', width: 0, height: 720 }],
		);
		expect((await control(sb, 'POST', '/_sandbox/seed', {})).status).toBe(400);
	});
});

describe('simulations and NCS delivery', () => {
	let rx;
	afterEach(async () => {
		if (rx) await rx.close();
		rx = null;
	});

	test('publish-start / media-info / publish-end change state and deliver signed events', async () => {
		rx = await startReceiver();
		sb.setConfig({ ncs: { url: rx.url, secret: 'ncs-secret' } });
		await control(sb, 'POST', '/_sandbox/seed', {
			appId: APPID,
			domains: [{ name: 'push.example.com', type: 'publish', region: 'eu' }],
		});

		const start = await control(sb, 'POST', '/_sandbox/simulate/publish-start', {
			appId: APPID,
			streamName: 'cam1',
			clientIp: '1.2.3.4',
		});
		expect(start.status).toBe(200);
		expect(start.body.delivery).toMatchObject({ delivered: true, status: 200, attempts: 1 });
		expect(start.body.event).toMatchObject({
			productId: 7,
			eventType: 1,
			payload: {
				eventName: 'publish_start',
				domain: 'push.example.com',
				entryPoint: 'live',
				streamName: 'cam1',
				clientIp: '1.2.3.4',
			},
		});
		expect(start.body.event.noticeId).toMatch(/^[0-9a-f-]{36}$/);
		expect(Object.keys(start.body.event)).toEqual([
			'noticeId',
			'productId',
			'eventType',
			'notifyMs',
			'payload',
		]);
		expect((await api(sb, { path: `${EP}/reports/online_streams/cam1` })).status).toBe(200);

		const got = rx.received[0];
		expect(got.method).toBe('POST');
		expect(got.headers['content-type']).toBe('application/json;charset=utf-8');
		const sig = signNcsBody('ncs-secret', got.raw);
		expect(got.headers['agora-signature-v2']).toBe(sig.v2);
		expect(got.headers['agora-signature']).toBe(sig.v1);
		expect(got.headers['agora-signature-v2']).toBe(
			crypto.createHmac('sha256', 'ncs-secret').update(got.raw).digest('hex'),
		);
		expect(JSON.parse(got.raw)).toEqual(start.body.event);

		const mi = await control(sb, 'POST', '/_sandbox/simulate/media-info', {
			appId: APPID,
			streamName: 'cam1',
			videoFps: 25,
		});
		expect(mi.body.event.eventType).toBe(11);
		expect(mi.body.event.payload).toMatchObject({
			eventName: 'publish_media_info',
			videoCodec: 'H264',
			videoFps: 25,
			audioCodec: 'AAC',
		});

		const end = await control(sb, 'POST', '/_sandbox/simulate/publish-end', {
			appId: APPID,
			streamName: 'cam1',
		});
		expect(end.body.event).toMatchObject({
			eventType: 2,
			payload: { eventName: 'publish_end', streamName: 'cam1' },
		});
		expect((await api(sb, { path: `${EP}/reports/online_streams/cam1` })).status).toBe(404);
		expect(
			(await api(sb, { path: `${EP}/reports/publish_history?stream_name=cam1` })).body
				.publishHistory,
		).toHaveLength(1);
		expect(
			(
				await control(sb, 'POST', '/_sandbox/simulate/publish-end', {
					appId: APPID,
					streamName: 'cam1',
				})
			).status,
		).toBe(404);
		expect(rx.received.map((r) => JSON.parse(r.raw).eventType)).toEqual([1, 11, 2]);

		const dl = await control(sb, 'GET', '/_sandbox/ncs/deliveries');
		expect(dl.body.deliveries.map((d) => d.eventName)).toEqual([
			'publish_start',
			'publish_media_info',
			'publish_end',
		]);
	});

	test('record, snapshot and moderation events (standard and custom)', async () => {
		rx = await startReceiver();
		sb.setConfig({ ncs: { url: rx.url, secret: 's' } });
		await control(sb, 'POST', '/_sandbox/simulate/publish-start', {
			appId: APPID,
			streamName: 'cam1',
		});
		const rec = await control(sb, 'POST', '/_sandbox/simulate/record-file', {
			appId: APPID,
			streamName: 'cam1',
			kind: 'standard',
		});
		expect(rec.body.event).toMatchObject({
			eventType: 101,
			payload: { eventName: 'new_standard_record_file', entryPoint: 'live', streamName: 'cam1' },
		});
		expect(rec.body.event.payload.fileName).toMatch(/^record\/live\/cam1\/[0-9a-f]+_\d{17}\.m3u8$/);
		const recC = await control(sb, 'POST', '/_sandbox/simulate/record-file', {
			appId: APPID,
			streamName: 'cam1',
			kind: 'custom',
			format: 'mp4',
		});
		expect(recC.body.event).toMatchObject({
			eventType: 3,
			payload: { eventName: 'new_custom_record_file' },
		});
		expect(recC.body.event.payload.fileName).toMatch(
			/^live\/cam1\/[0-9a-f]+_\d{17}_0_\d{17}\.mp4$/,
		);
		// only the standard file is in preview_list
		const now = Date.now();
		const enc = encodeURIComponent;
		const pl = await api(sb, {
			path: `${EP}/admin/record/standard/regions/cn/preview_list?start_time=${enc(new Date(now - 3600000).toISOString())}&end_time=${enc(new Date(now + 60000).toISOString())}&stream_name=cam1`,
		});
		expect(pl.body.list.map((f) => f.fileName)).toEqual([rec.body.event.payload.fileName]);

		const snap = await control(sb, 'POST', '/_sandbox/simulate/snapshot-file', {
			appId: APPID,
			streamName: 'cam1',
			kind: 'standard',
		});
		expect(snap.body.event).toMatchObject({
			eventType: 102,
			payload: { eventName: 'new_standard_snapshot_file' },
		});
		expect(snap.body.event.payload.fileName).toMatch(/^snapshot\/live\/cam1\/.*\.jpg$/);
		const snapC = await control(sb, 'POST', '/_sandbox/simulate/snapshot-file', {
			appId: APPID,
			streamName: 'cam1',
			kind: 'custom',
		});
		expect(snapC.body.event.eventType).toBe(4);

		const mod = await control(sb, 'POST', '/_sandbox/simulate/moderation', {
			appId: APPID,
			streamName: 'cam1',
			kind: 'standard',
			suggestion: 'block',
			scene: 'porn',
		});
		expect(mod.body.event).toMatchObject({
			eventType: 103,
			payload: {
				eventName: 'new_standard_moderation_result',
				suggestion: 'block',
				results: { porn: { scene: 'porn' } },
			},
		});
		expect(Object.keys(mod.body.event.payload.results.porn.outputs).sort()).toEqual([
			'neutral',
			'porn',
			'sexy',
		]);
		const modC = await control(sb, 'POST', '/_sandbox/simulate/moderation', {
			appId: APPID,
			streamName: 'cam1',
			kind: 'custom',
			suggestion: 'review',
		});
		expect(modC.body.event).toMatchObject({
			eventType: 5,
			payload: { eventName: 'new_custom_moderation_result', suggestion: 'review' },
		});
		expect(
			(
				await control(sb, 'POST', '/_sandbox/simulate/moderation', {
					appId: APPID,
					streamName: 'cam1',
					suggestion: 'maybe',
				})
			).status,
		).toBe(400);
		expect(rx.received.map((r) => JSON.parse(r.raw).eventType)).toEqual([
			1, 101, 3, 102, 4, 103, 5,
		]);
	});

	test('without NCS configured the event is returned and delivery is null; banned streams cannot go live', async () => {
		const r = await control(sb, 'POST', '/_sandbox/simulate/publish-start', {
			appId: APPID,
			streamName: 'x',
		});
		expect(r.body.delivery).toBeNull();
		expect(r.body.event.eventType).toBe(1);
		expect(
			(
				await control(sb, 'POST', '/_sandbox/simulate/publish-start', {
					appId: APPID,
					streamName: 'x',
				})
			).status,
		).toBe(409);
		await api(sb, { method: 'PATCH', path: `${EP}/admin/banned_streams/y` });
		expect(
			(
				await control(sb, 'POST', '/_sandbox/simulate/publish-start', {
					appId: APPID,
					streamName: 'y',
				})
			).status,
		).toBe(409);
		expect(
			(
				await control(sb, 'POST', '/_sandbox/simulate/publish-start', {
					appId: APPID,
					entryPoint: 'nope',
					streamName: 'y',
				})
			).status,
		).toBe(404);
		expect(
			(await control(sb, 'POST', '/_sandbox/simulate/publish-start', { streamName: 'y' })).status,
		).toBe(400);
	});

	test('retries up to 3 times until the receiver answers 200 (also on timeout), same body each time', async () => {
		rx = await startReceiver({ script: [500, 'hang', 503], hangMs: 500 });
		sb.setConfig({
			ncs: { url: rx.url, secret: 's', timeoutMs: 100, retryDelaysMs: [10, 20, 30] },
		});
		const r = await control(sb, 'POST', '/_sandbox/simulate/publish-start', {
			appId: APPID,
			streamName: 'cam1',
		});
		expect(r.body.delivery).toMatchObject({ delivered: true, status: 200, attempts: 4 });
		expect(rx.received).toHaveLength(4);
		expect(new Set(rx.received.map((x) => x.raw)).size).toBe(1);
		await rx.close();
		rx = await startReceiver({ script: [500, 500, 500, 500, 500] });
		sb.setConfig({ ncs: { url: rx.url } });
		const f = await control(sb, 'POST', '/_sandbox/simulate/publish-end', {
			appId: APPID,
			streamName: 'cam1',
		});
		expect(f.body.delivery).toMatchObject({ delivered: false, status: 500, attempts: 4 });
	});

	test('ncs/send: valid, forged and unsigned arbitrary events', async () => {
		rx = await startReceiver();
		sb.setConfig({ ncs: { url: rx.url } });
		const event = {
			noticeId: 'n-1',
			productId: 7,
			eventType: 1,
			notifyMs: 1,
			payload: { eventName: 'publish_start' },
		};
		const ok = await control(sb, 'POST', '/_sandbox/ncs/send', {
			url: rx.url,
			secret: 'k',
			body: event,
		});
		expect(ok.status).toBe(200);
		expect(ok.body.delivery).toMatchObject({ delivered: true, status: 200, attempts: 1 });
		expect(rx.received[0].raw).toBe(JSON.stringify(event));
		expect(rx.received[0].headers['agora-signature-v2']).toBe(
			signNcsBody('k', rx.received[0].raw).v2,
		);

		await control(sb, 'POST', '/_sandbox/ncs/send', {
			url: rx.url,
			secret: 'k',
			body: '{"raw": true}',
			signature: 'forged',
		});
		expect(rx.received[1].raw).toBe('{"raw": true}');
		expect(rx.received[1].headers['agora-signature-v2']).toMatch(/^[0-9a-f]{64}$/);
		expect(rx.received[1].headers['agora-signature-v2']).not.toBe(
			signNcsBody('k', '{"raw": true}').v2,
		);

		await control(sb, 'POST', '/_sandbox/ncs/send', {
			url: rx.url,
			body: event,
			signature: 'none',
		});
		expect(rx.received[2].headers['agora-signature-v2']).toBeUndefined();
		expect(rx.received[2].headers['agora-signature']).toBeUndefined();

		expect(
			(await control(sb, 'POST', '/_sandbox/ncs/send', { url: rx.url, body: event })).status,
		).toBe(400); // no secret
		expect((await control(sb, 'GET', '/_sandbox/ncs/deliveries')).body.deliveries).toHaveLength(3);
	});

	test('publish_quality and play statistics are synthesised per minute while online', async () => {
		await control(sb, 'POST', '/_sandbox/simulate/publish-start', {
			appId: APPID,
			streamName: 'cam1',
			startTime: new Date(Date.now() - 10 * 60000 - 1000).toISOString(),
			viewers: 40,
		});
		await control(sb, 'POST', '/_sandbox/simulate/media-info', {
			appId: APPID,
			streamName: 'cam1',
			videoRate: 3000000,
			videoFps: 24,
		});
		const q = await api(sb, { path: `${EP}/reports/publish_quality?stream_name=cam1` });
		expect(q.body.QualityHistory).toHaveLength(11);
		expect(
			q.body.QualityHistory.every(
				(s) => s.framerate === 24 && Math.abs(s.bitrate - 3000000) <= 20000,
			),
		).toBe(true);
		const p = await api(sb, { path: `${EP}/reports/stream_play_statistic?stream_name=cam1` });
		expect(p.body.playStatistic).toHaveLength(11);
		expect(p.body.playStatistic.every((s) => s.linkNum >= 40 && s.linkNum <= 42)).toBe(true);
	});
});

describe('faults', () => {
	test('fault plan: the next 3 GETs of /domains get 503, then success', async () => {
		sb.setConfig({
			faultPlan: [{ match: { method: 'GET', pathIncludes: '/domains' }, status: 503, times: 3 }],
		});
		const other = await api(sb, { path: `${A}/entry_points` });
		expect(other.status).toBe(200);
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await api(sb, { path: `${A}/domains` })).status);
		expect(statuses).toEqual([503, 503, 503, 200]);
		expect(sb.config.faultPlan).toEqual([]);
		expect(sb.requestLog.filter((e) => e.fault === 'status')).toHaveLength(3);
	});

	test('fault plan 429 carries Retry-After when configured, and does not apply the change', async () => {
		sb.setConfig({
			retryAfter: true,
			faultPlan: [{ match: { method: 'POST' }, status: 429, times: 1 }],
		});
		const r = await api(sb, { method: 'POST', path: `${A}/entry_points?id=ep1` });
		expect(r.status).toBe(429);
		expect(r.body).toEqual({ message: 'API rate limit exceeded' });
		expect(r.headers['retry-after']).toBe('1');
		expect(sb.state.app(APPID).entryPoints.has('ep1')).toBe(false);
		expect((await api(sb, { method: 'POST', path: `${A}/entry_points?id=ep1` })).status).toBe(201);
	});

	test('a dropped connection leaves state unchanged', async () => {
		sb.setConfig({
			faultPlan: [{ match: { method: 'POST', pathIncludes: '/domains' }, drop: true }],
		});
		await expect(
			api(sb, { method: 'POST', path: `${A}/domains?id=d.example.com`, body: { type: 'play' } }),
		).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect((await api(sb, { path: `${A}/domains` })).body.domainList).toEqual([]);
		const e = sb.requestLog.find((x) => x.dropped);
		expect(e).toMatchObject({ method: 'POST', dropped: true, fault: 'drop', status: null });
	});

	test('random faults: status, non-JSON (state unchanged), truncated JSON (state changed), slow', async () => {
		sb.setConfig({ random: () => 0, faults: { rate: 1, statuses: [502] } });
		const s = await api(sb, { method: 'POST', path: `${A}/entry_points?id=a1` });
		expect(s.status).toBe(502);
		expect(typeof s.body.message).toBe('string');
		expect(sb.state.app(APPID).entryPoints.has('a1')).toBe(false);

		sb.setConfig({ faults: { rate: 0, nonJsonRate: 1 } });
		const h = await api(sb, { method: 'POST', path: `${A}/entry_points?id=a2` });
		expect(h.status).toBe(200);
		expect(h.headers['content-type']).toMatch(/text\/html/);
		expect(h.text).toMatch(/<html/);
		expect(sb.state.app(APPID).entryPoints.has('a2')).toBe(false);

		sb.setConfig({ faults: { nonJsonRate: 0, truncateRate: 1 } });
		const t = await api(sb, {
			method: 'POST',
			path: `${A}/domains?id=t.example.com`,
			body: { type: 'play' },
		});
		expect(t.status).toBe(201);
		expect(() => JSON.parse(t.text)).toThrow();
		expect(t.text.startsWith('{"appid"')).toBe(true);
		expect(sb.state.app(APPID).domains.has('t.example.com')).toBe(true);

		sb.setConfig({ faults: { truncateRate: 0, slowRate: 1, slowMs: 150 } });
		const t0 = Date.now();
		expect((await api(sb, { path: `${A}/domains` })).status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
	});

	test('latencyMs delays every API response', async () => {
		sb.setConfig({ latencyMs: 120 });
		const t0 = Date.now();
		const r = await api(sb, { path: `${A}/domains` });
		expect(r.status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
	});
});

describe('cli.js', () => {
	test('starts, prints URL and credentials, logs requests, stops on SIGTERM', async () => {
		const child = spawn(
			process.execPath,
			[path.join(__dirname, 'cli.js'), '--port', '0', '--latency', '1'],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		const url = await new Promise((resolve, reject) => {
			const t = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 5000);
			child.stdout.on('data', () => {
				const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
				if (m) {
					clearTimeout(t);
					resolve(m[1]);
				}
			});
		});
		expect(out).toMatch(/customerId=sandbox-customer-id customerSecret=sandbox-customer-secret/);
		const fake = {
			url,
			customerId: 'sandbox-customer-id',
			customerSecret: 'sandbox-customer-secret',
			config: { now: () => Date.now() },
		};
		expect((await api(fake, { path: '/v1/projects/x/fls/domains' })).status).toBe(200);
		expect((await rawRequest(`${url}/_sandbox/health`)).body.ok).toBe(true);
		await new Promise((r) => setTimeout(r, 50));
		expect(out).toMatch(/GET \/v1\/projects\/x\/fls\/domains 200 \d+ms/);
		const code = await new Promise((resolve) => {
			child.on('exit', (c) => resolve(c));
			child.kill('SIGTERM');
		});
		expect(code).toBe(0);
	});
});
