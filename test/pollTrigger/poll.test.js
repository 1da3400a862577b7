// The polling trigger in n8n-core's engine (PollContext + PollTriggerExecutor, static data kept on
// the Workflow between polls) against the sandbox: what each poll emits, what it costs, what it saves.
'use strict';

const { createSandbox } = require('../../sandbox/server');
const { api } = require('../../sandbox/client');
const { createPoller, fetchTestEvent, entryPointsByName, usePollSandbox } = require('./pollEngine');

const APP_ID = 'poll-trigger-test';
const PREFIX = `/v1/projects/${APP_ID}/fls`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const env = usePollSandbox(APP_ID);

const poller = (parameters = {}) =>
	createPoller({
		parameters: {
			events: ['publish_start', 'publish_end'],
			watch: 'selected',
			entryPoints: entryPointsByName('live'),
			maxRequests: 20,
			...parameters,
		},
		credentials: env.credentials,
	});
const simulate = (name, body) => env.sb.simulate(name, { appId: APP_ID, wait: true, ...body });
/** The API requests since `seq` as "METHOD path-after-/fls status". */
const requestsSince = (seq) =>
	env.sb.requestLog
		.filter((e) => e.seq > seq)
		.map((e) => `${e.method} ${e.path.replace(PREFIX, '')} ${e.status}`);
const lastSeq = () => env.sb.requestLog.at(-1)?.seq ?? 0;

describe('went live / ended', () => {
	test('the first poll (at publishing) records what is live and emits nothing', async () => {
		await env.sb.seed({ appId: APP_ID, onlineStreams: [{ name: 'cam1' }] });
		const p = poller();
		expect(await p.poll({ activation: true })).toEqual([]);
		expect(Object.keys(p.state().entryPoints.live.live)).toEqual(['cam1']);
		expect(requestsSince(0)).toEqual(['GET /entry_points/live/reports/online_streams 200']);
	});

	test('a stream that goes live is emitted once, shaped like the NCS item plus source "poll"', async () => {
		const p = poller();
		await p.poll({ activation: true });
		const sim = await simulate('publish-start', { streamName: 'cam2' });
		const items = await p.poll();
		expect(items).toEqual([
			{
				event: 'publish_start',
				eventType: 1,
				noticeId: `poll:publish_start:live:cam2:${new Date(sim.session.startTimeIso).toISOString()}`,
				productId: 7,
				notifyTime: expect.any(String),
				eventTime: new Date(sim.session.startTimeIso).toISOString(),
				entryPoint: 'live',
				streamName: 'cam2',
				startTime: new Date(sim.session.startTimeIso).toISOString(),
				source: 'poll',
				raw: { name: 'cam2', startTime: new Date(sim.session.startTimeIso).toISOString() },
			},
		]);
		expect(await p.poll()).toEqual([]); // still live: nothing new
	});

	test('a stream that ends is emitted once with its start, end and how long it was live', async () => {
		await env.sb.seed({
			appId: APP_ID,
			onlineStreams: [{ name: 'cam1', startTime: Date.now() - 90_000 }],
		});
		const p = poller();
		await p.poll({ activation: true });
		const lastSeen = p.state().polledAt;
		await simulate('publish-end', { streamName: 'cam1' });
		const [ended, ...rest] = await p.poll();
		expect(rest).toEqual([]);
		expect(ended).toMatchObject({
			event: 'publish_end',
			eventType: 2,
			entryPoint: 'live',
			streamName: 'cam1',
			lastSeenLiveTime: lastSeen,
			source: 'poll',
		});
		expect(ended.endTime).toBe(ended.eventTime);
		expect(ended.duration).toBe(
			Math.round((Date.parse(ended.endTime) - Date.parse(ended.startTime)) / 1000),
		);
		expect(ended.duration).toBeGreaterThanOrEqual(89);
		expect(await p.poll()).toEqual([]);
	});

	test('a stream that ended and went live again between two polls: ended, then went live', async () => {
		await env.sb.seed({
			appId: APP_ID,
			onlineStreams: [{ name: 'cam1', startTime: Date.now() - 60_000 }],
		});
		const p = poller();
		await p.poll({ activation: true });
		await simulate('publish-end', { streamName: 'cam1' });
		await simulate('publish-start', { streamName: 'cam1' });
		const items = await p.poll();
		expect(items.map((i) => `${i.event} ${i.streamName}`)).toEqual([
			'publish_end cam1',
			'publish_start cam1',
		]);
		expect(items[0].startTime).not.toBe(items[1].startTime);
	});

	test('nothing changed: nothing emitted, one request per poll, the state only moves its time', async () => {
		await env.sb.seed({ appId: APP_ID, onlineStreams: [{ name: 'cam1' }] });
		const p = poller();
		await p.poll({ activation: true });
		const before = structuredClone(p.state());
		const seq = lastSeq();
		expect(await p.poll()).toEqual([]);
		expect(await p.poll()).toEqual([]);
		expect(requestsSince(seq)).toEqual([
			'GET /entry_points/live/reports/online_streams 200',
			'GET /entry_points/live/reports/online_streams 200',
		]);
		expect(p.state().entryPoints.live.live).toEqual(before.entryPoints.live.live);
	});

	test('only the chosen events are emitted (went live only: an end changes the state silently)', async () => {
		await env.sb.seed({ appId: APP_ID, onlineStreams: [{ name: 'cam1' }] });
		const p = poller({ events: ['publish_start'] });
		await p.poll({ activation: true });
		await simulate('publish-end', { streamName: 'cam1' });
		await simulate('publish-start', { streamName: 'cam2' });
		expect((await p.poll()).map((i) => `${i.event} ${i.streamName}`)).toEqual([
			'publish_start cam2',
		]);
		expect(Object.keys(p.state().entryPoints.live.live)).toEqual(['cam2']);
	});

	test('changed settings start over silently instead of reporting every live stream', async () => {
		await env.sb.seed({ appId: APP_ID, entryPoints: ['games'], onlineStreams: [{ name: 'cam1' }] });
		await simulate('publish-start', { entryPoint: 'games', streamName: 'g1' });
		const p = poller();
		await p.poll({ activation: true });
		p.workflow.getNode('Agora Poll').parameters.entryPoints = entryPointsByName('live', 'games');
		expect(await p.poll()).toEqual([]);
		await simulate('publish-start', { entryPoint: 'games', streamName: 'g2' });
		expect((await p.poll()).map((i) => `${i.entryPoint} ${i.streamName}`)).toEqual(['games g2']);
	});
});

describe('published again, n8n restarted, overlapping ticks', () => {
	test('published again: the first poll starts afresh, changes made while it was off are not announced', async () => {
		await env.sb.seed({ appId: APP_ID, onlineStreams: [{ name: 'cam1' }] });
		const p = poller();
		await p.poll({ activation: true });
		await simulate('publish-end', { streamName: 'cam1' });
		await simulate('publish-start', { streamName: 'cam2' });
		expect(await p.poll({ activation: true, activationMode: 'activate' })).toEqual([]);
		expect(Object.keys(p.state().entryPoints.live.live)).toEqual(['cam2']);
		await simulate('publish-start', { streamName: 'cam3' });
		expect((await p.poll()).map((i) => i.streamName)).toEqual(['cam3']);
	});

	test('n8n restarted: polling goes on from the saved state', async () => {
		await env.sb.seed({ appId: APP_ID, onlineStreams: [{ name: 'cam1' }] });
		const p = poller();
		await p.poll({ activation: true });
		await simulate('publish-end', { streamName: 'cam1' });
		const items = await p.poll({ activation: true, activationMode: 'init' });
		expect(items.map((i) => `${i.event} ${i.streamName}`)).toEqual(['publish_end cam1']);
	});

	test('a tick that starts while the previous one still runs is skipped, so nothing is reported twice', async () => {
		const p = poller();
		await p.poll({ activation: true });
		await simulate('publish-start', { streamName: 'cam1' });
		env.sb.setConfig({ latencyMs: 300 });
		const [first, second] = await Promise.all([p.poll(), p.poll()]);
		env.sb.setConfig({ latencyMs: 0 });
		expect([...first, ...second].map((i) => i.streamName)).toEqual(['cam1']);
		expect(await p.poll()).toEqual([]);
	});
});

describe('banned / unbanned', () => {
	const banEvents = { events: ['stream_banned', 'stream_unbanned'] };

	test('ban and unban are emitted once each, from Get Many Banned only', async () => {
		const p = poller(banEvents);
		expect(await p.poll({ activation: true })).toEqual([]);
		const resumeTime = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
		await api(env.sb, {
			method: 'PATCH',
			path: `${PREFIX}/entry_points/live/admin/banned_streams/bad1`,
			body: { resumeTime },
		});
		const seq = lastSeq();
		const [banned, ...rest] = await p.poll();
		expect(rest).toEqual([]);
		expect(banned).toMatchObject({
			event: 'stream_banned',
			eventType: null,
			productId: 7,
			entryPoint: 'live',
			streamName: 'bad1',
			resumeTime: new Date(resumeTime).toISOString(),
			updated: false,
			source: 'poll',
		});
		expect(requestsSince(seq)).toEqual(['GET /entry_points/live/admin/banned_streams 200']);
		expect(await p.poll()).toEqual([]);

		await api(env.sb, {
			method: 'DELETE',
			path: `${PREFIX}/entry_points/live/admin/banned_streams/bad1`,
		});
		const [unbanned, ...none] = await p.poll();
		expect(none).toEqual([]);
		expect(unbanned).toMatchObject({
			event: 'stream_unbanned',
			streamName: 'bad1',
			resumeTime: new Date(resumeTime).toISOString(),
			expired: false,
		});
		expect(await p.poll()).toEqual([]);
	});

	test('a ban that expires is reported as unbanned with expired: true', async () => {
		await env.sb.seed({
			appId: APP_ID,
			bannedStreams: [{ name: 'brief', resumeTime: Date.now() + 1200 }],
		});
		const p = poller(banEvents);
		await p.poll({ activation: true });
		expect(Object.keys(p.state().entryPoints.live.banned)).toEqual(['brief']);
		await sleep(1500); // the sandbox drops the ban from its list once the resume time has passed
		const items = await p.poll();
		expect(items.map((i) => [i.event, i.streamName, i.expired])).toEqual([
			['stream_unbanned', 'brief', true],
		]);
	});

	test('a ban given a new resume time is emitted again with updated: true', async () => {
		await env.sb.seed({
			appId: APP_ID,
			bannedStreams: [{ name: 'bad1', resumeTime: Date.now() + 3600_000 }],
		});
		const p = poller(banEvents);
		await p.poll({ activation: true });
		await api(env.sb, {
			method: 'PATCH',
			path: `${PREFIX}/entry_points/live/admin/banned_streams/bad1`,
			body: { resumeTime: new Date(Date.now() + 7200_000).toISOString() },
		});
		expect((await p.poll()).map((i) => [i.event, i.updated])).toEqual([['stream_banned', true]]);
	});
});

describe('an entry point that disappears', () => {
	test('selected: its live streams are reported ended once, its state dropped, later polls are quiet', async () => {
		await env.sb.seed({ appId: APP_ID, entryPoints: ['games'], onlineStreams: [{ name: 'cam1' }] });
		await simulate('publish-start', { entryPoint: 'games', streamName: 'g1' });
		const p = poller({ entryPoints: entryPointsByName('live', 'games') });
		await p.poll({ activation: true });
		await api(env.sb, { method: 'DELETE', path: `${PREFIX}/entry_points/games` });
		const items = await p.poll();
		expect(items).toEqual([
			expect.objectContaining({
				event: 'publish_end',
				entryPoint: 'games',
				streamName: 'g1',
				entryPointDeleted: true,
			}),
		]);
		expect(Object.keys(p.state().entryPoints)).toEqual(['live']);
		expect(await p.poll()).toEqual([]); // still 404: nothing more, no error
		// Created again: watched again; a stream that went live on it since the trigger started is new.
		await api(env.sb, { method: 'POST', path: `${PREFIX}/entry_points?id=games` });
		await simulate('publish-start', { entryPoint: 'games', streamName: 'g2' });
		expect((await p.poll()).map((i) => `${i.event} ${i.streamName}`)).toEqual(['publish_start g2']);
		expect(await p.poll()).toEqual([]);
	});

	test('all entry points: one no longer listed is handled the same; a new one reports what is live on it', async () => {
		await env.sb.seed({ appId: APP_ID, entryPoints: ['games', 'music'] });
		await simulate('publish-start', { entryPoint: 'games', streamName: 'g1' });
		const p = poller({ watch: 'all' });
		await p.poll({ activation: true });
		await api(env.sb, { method: 'DELETE', path: `${PREFIX}/entry_points/games` });
		await api(env.sb, { method: 'POST', path: `${PREFIX}/entry_points?id=talks` });
		await simulate('publish-start', { entryPoint: 'talks', streamName: 't1' });
		const items = await p.poll();
		expect(items.map((i) => `${i.event} ${i.entryPoint} ${i.streamName}`).sort()).toEqual([
			'publish_end games g1',
			'publish_start talks t1',
		]);
		expect(Object.keys(p.state().entryPoints).sort()).toEqual(['live', 'music', 'talks']);
	});

	test('a selected entry point that does not exist makes publishing fail with its name', async () => {
		const p = poller({ entryPoints: entryPointsByName('live', 'nope') });
		await expect(p.poll({ activation: true })).rejects.toThrow(
			'Entry point "nope" does not exist for this App ID',
		);
		expect(p.state()).toBeUndefined();
	});
});

describe('cost and failures', () => {
	test('Max Requests per Poll caps each poll; the entry points left wait for the next one (round robin)', async () => {
		await env.sb.seed({ appId: APP_ID, entryPoints: ['a', 'b', 'c', 'd'] });
		const p = poller({ watch: 'all', maxRequests: 3 }); // 1 to list + 2 entry points per poll
		let seq = lastSeq();
		await env.sb.simulate('publish-start', { appId: APP_ID, entryPoint: 'd', streamName: 'old' });
		await sleep(1100); // Agora's start times have whole seconds: "old" is before the first poll
		await p.poll({ activation: true });
		expect(requestsSince(seq)).toEqual([
			'GET /entry_points 200',
			'GET /entry_points/live/reports/online_streams 200',
			'GET /entry_points/a/reports/online_streams 200',
		]);
		await simulate('publish-start', { entryPoint: 'a', streamName: 'sa' });
		await simulate('publish-start', { entryPoint: 'd', streamName: 'sd' });
		const seen = [];
		for (let i = 0; i < 3; i++) {
			seq = lastSeq();
			seen.push(...(await p.poll()).map((x) => `poll ${i + 2}: ${x.entryPoint} ${x.streamName}`));
			expect(requestsSince(seq)).toHaveLength(3);
		}
		// Five entry points, two per poll: poll 2 checks b, c; poll 3 d, live (d for the first time:
		// "sd" went live after the trigger started, "old" before); poll 4 a, b.
		expect(seen).toEqual(['poll 3: d sd', 'poll 4: a sa']);
	});

	test('bad settings fail before any request, naming the field', async () => {
		const cases = [
			[{ events: [] }, /Events is empty/],
			[{ events: ['publish_start', 'publish_media_info'] }, /Events has "publish_media_info"/],
			[{ maxRequests: 0 }, /Max Requests per Poll is 0: use a whole number from 1 to 50/],
			[{ entryPoints: entryPointsByName('live', 'a b') }, /Entry Point "a b" is not valid/],
			[
				{ watch: 'all', maxRequests: 2, events: ['publish_start', 'stream_banned'] },
				/Max Requests per Poll is 2: checking even one entry point takes 3 requests/,
			],
		];
		for (const [parameters, message] of cases) {
			const p = poller(parameters);
			await expect(p.poll({ activation: true })).rejects.toThrow(message);
		}
		expect(env.sb.requestLog).toEqual([]);
	});

	test("a credential's App ID that breaks the name rule fails the poll before any request (the transport checks it for every caller)", async () => {
		const bad = createPoller({
			parameters: {
				events: ['publish_start'],
				watch: 'selected',
				entryPoints: entryPointsByName('live'),
			},
			credentials: { ...env.credentials, appId: '..' },
		});
		await expect(bad.poll({ activation: true })).rejects.toThrow(/App ID "\.\." is not valid/);
		expect(env.sb.requestLog).toEqual([]);
	});

	test('a poll that fails saves nothing: the next one still reports the change', async () => {
		const p = poller();
		await p.poll({ activation: true });
		const saved = structuredClone(p.state());
		await simulate('publish-start', { streamName: 'cam1' });
		env.sb.setConfig({
			faultPlan: [{ match: { pathIncludes: 'online_streams' }, status: 503, times: 6 }],
		});
		await expect(p.poll()).rejects.toThrow(/503/);
		expect(p.state()).toEqual(saved);
		expect((await p.poll()).map((i) => i.streamName)).toEqual(['cam1']);
	});
});

describe('recording files', () => {
	const fileEvents = {
		events: ['publish_start', 'publish_end', 'new_standard_record_file'],
		region: 'eu',
	};

	test('new standard files of a live (and just ended) stream are emitted once each', async () => {
		const p = poller(fileEvents);
		await p.poll({ activation: true });
		await simulate('publish-start', { streamName: 'cam1' });
		expect((await p.poll()).map((i) => i.event)).toEqual(['publish_start']);
		const file = await simulate('record-file', { streamName: 'cam1', region: 'eu', format: 'mp4' });
		let seq = lastSeq();
		const [item, ...rest] = await p.poll();
		expect(rest).toEqual([]);
		expect(item).toMatchObject({
			event: 'new_standard_record_file',
			eventType: 101,
			entryPoint: 'live',
			streamName: 'cam1',
			fileName: file.file.fileName,
			region: 'eu',
			source: 'poll',
		});
		expect(requestsSince(seq)).toEqual([
			'GET /entry_points/live/reports/online_streams 200',
			'GET /entry_points/live/admin/record/standard/regions/eu/preview_list 200',
		]);
		expect(await p.poll()).toEqual([]);
		// The stream ends; its last file shows up after: still looked for.
		await simulate('publish-end', { streamName: 'cam1' });
		expect((await p.poll()).map((i) => i.event)).toEqual(['publish_end']);
		const last = await simulate('record-file', { streamName: 'cam1', region: 'eu', format: 'mp4' });
		seq = lastSeq();
		expect((await p.poll()).map((i) => i.fileName)).toEqual([last.file.fileName]);
		expect(requestsSince(seq)).toHaveLength(2);
	});

	test('files of a session that was already live when the trigger started are not announced', async () => {
		await env.sb.seed({
			appId: APP_ID,
			onlineStreams: [{ name: 'old', startTime: Date.now() - 600_000 }],
		});
		await simulate('record-file', { streamName: 'old', region: 'eu', format: 'mp4' });
		const p = poller(fileEvents);
		await p.poll({ activation: true });
		expect(await p.poll()).toEqual([]);
	});
});

describe('Fetch Test Event (manual)', () => {
	test('returns the streams live now as went-live items and records nothing', async () => {
		await env.sb.seed({
			appId: APP_ID,
			entryPoints: ['games'],
			onlineStreams: [{ name: 'cam1' }, { entryPoint: 'games', name: 'g1' }],
		});
		const { items, error, staticData } = await fetchTestEvent({
			parameters: {
				events: ['publish_start', 'publish_end'],
				watch: 'all',
				maxRequests: 20,
			},
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		expect(
			items.map((i) => `${i.event} ${i.entryPoint} ${i.streamName} ${i.source}`).sort(),
		).toEqual(['publish_start games g1 poll', 'publish_start live cam1 poll']);
		expect(staticData).toEqual({});
	});

	test('a selected entry point that does not exist is an error, not an empty sample', async () => {
		const { error } = await fetchTestEvent({
			parameters: {
				events: ['publish_start'],
				watch: 'selected',
				entryPoints: entryPointsByName('nope'),
				maxRequests: 20,
			},
			credentials: env.credentials,
		});
		expect(error?.message).toBe('Entry point "nope" does not exist for this App ID');
	});
});

describe("the account's rate limit", () => {
	// A sandbox of its own that allows 5 requests per second, and a credential that says so.
	let slow;
	beforeAll(async () => {
		slow = await createSandbox({ port: 0, rateLimit: 5 });
	});
	afterAll(async () => slow.close());

	test('a poll of many entry points goes through the shared limiter: never over the limit, no 429', async () => {
		const names = Array.from({ length: 14 }, (_, i) => `ep${i}`);
		await slow.seed({ appId: APP_ID, entryPoints: names });
		const p = createPoller({
			parameters: { events: ['publish_start'], watch: 'all', maxRequests: 16 },
			credentials: { ...env.credentials, baseUrl: slow.url, requestsPerSecond: 5 },
		});
		await p.poll({ activation: true });
		const log = slow.requestLog.filter((e) => e.path.startsWith('/v1/'));
		expect(log).toHaveLength(16); // the list + 15 entry points (live and ep0..ep13)
		expect(log.filter((e) => e.status !== 200)).toEqual([]);
		// The sandbox's own per-second view: no second holds more than 5 of them.
		const most = Math.max(
			...log.map((e) => log.filter((o) => o.at >= e.at && o.at < e.at + 1000).length),
		);
		expect(most).toBeLessThanOrEqual(5);
	});
});
