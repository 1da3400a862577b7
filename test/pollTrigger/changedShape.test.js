// Agora answers 200 in a changed shape (the documented list key renamed or missing: the sandbox's
// faultPlan renameKeys). The polling trigger must not read that as "no streams": for that entry
// point it emits nothing and keeps its state, and the next good poll continues where the last good
// one left off (no false "ended", no lost "went live", no false "unbanned", no lost file).
'use strict';

const { api } = require('../../sandbox/client');
const { createPoller, entryPointsByName, usePollSandbox } = require('./pollEngine');

const APP_ID = 'poll-changed-shape';
const PREFIX = `/v1/projects/${APP_ID}/fls`;

const env = usePollSandbox(APP_ID);

function poller(parameters = {}) {
	const p = createPoller({
		parameters: {
			events: ['publish_start', 'publish_end'],
			watch: 'selected',
			entryPoints: entryPointsByName('live', 'games'),
			maxRequests: 20,
			...parameters,
		},
		credentials: env.credentials,
	});
	return p;
}
const simulate = (name, body) => env.sb.simulate(name, { appId: APP_ID, wait: true, ...body });
const changeShape = (pathIncludes, renameKeys, times = 1) =>
	env.sb.setConfig({ faultPlan: [{ match: { method: 'GET', pathIncludes }, renameKeys, times }] });
const summary = (items) => items.map((i) => `${i.event} ${i.entryPoint} ${i.streamName}`).sort();

test('live streams of one entry point in another shape: nothing for it (no false "ended"), the other entry point reported, the next good poll catches up', async () => {
	await env.sb.seed({ appId: APP_ID, entryPoints: ['games'], onlineStreams: [{ name: 'cam1' }] });
	const p = poller();
	expect(await p.poll({ activation: true })).toEqual([]);
	await simulate('publish-end', { streamName: 'cam1' });
	await simulate('publish-start', { streamName: 'cam2' });
	await simulate('publish-start', { entryPoint: 'games', streamName: 'g1' });
	const before = p.state().entryPoints.live;

	changeShape('/entry_points/live/reports/online_streams', { streamList: 'streams' });
	expect(summary(await p.poll())).toEqual(['publish_start games g1']);
	expect(p.state().entryPoints.live).toEqual(before);
	expect(p.warnings()).toEqual([
		expect.stringMatching(
			/entry point "live" not checked, nothing reported for it: Agora's answer has no "streamList" list \(it has "streams"\)/,
		),
	]);

	expect(summary(await p.poll())).toEqual(['publish_end live cam1', 'publish_start live cam2']);
	expect(await p.poll()).toEqual([]);
});

test('the answer without any key (or an empty body) is no different: state kept, nothing false', async () => {
	await env.sb.seed({ appId: APP_ID, entryPoints: ['games'], onlineStreams: [{ name: 'cam1' }] });
	const p = poller();
	await p.poll({ activation: true });
	changeShape('online_streams', { streamList: null }, 4);
	expect(await p.poll()).toEqual([]);
	expect(await p.poll()).toEqual([]);
	await simulate('publish-end', { streamName: 'cam1' });
	expect(summary(await p.poll())).toEqual(['publish_end live cam1']);
});

test('banned streams in another shape: no false "unbanned"; a ban made meanwhile is reported by the next good poll', async () => {
	const p = poller({
		events: ['stream_banned', 'stream_unbanned'],
		entryPoints: entryPointsByName('live'),
	});
	const ban = (name) =>
		api(env.sb, {
			method: 'PATCH',
			path: `${PREFIX}/entry_points/live/admin/banned_streams/${name}`,
			body: {},
		});
	await ban('bad1');
	await p.poll({ activation: true });
	await ban('bad2');
	changeShape('/entry_points/live/admin/banned_streams', { bannedStreamList: 'bans' });
	expect(await p.poll()).toEqual([]);
	expect(summary(await p.poll())).toEqual(['stream_banned live bad2']);
});

test('All Entry Points: the entry point list in another shape fails the poll (nothing emitted, nothing saved); the next poll goes on', async () => {
	await env.sb.seed({ appId: APP_ID, entryPoints: ['games'], onlineStreams: [{ name: 'cam1' }] });
	const p = poller({ watch: 'all' });
	await p.poll({ activation: true });
	const saved = structuredClone(p.state());
	await simulate('publish-end', { streamName: 'cam1' });
	env.sb.setConfig({
		faultPlan: [
			{
				match: { method: 'GET', pathIncludes: '/fls/entry_points' },
				renameKeys: { entryPointList: 'eps' },
			},
		],
	});
	await expect(p.poll()).rejects.toThrow(/no "entryPointList" list \(it has "eps"\)/);
	expect(p.state()).toEqual(saved);
	expect(summary(await p.poll())).toEqual(['publish_end live cam1']);
});

test('recording files in another shape: the watch is kept, the file is reported by the next good poll', async () => {
	const p = poller({
		events: ['publish_start', 'publish_end', 'new_standard_record_file'],
		entryPoints: entryPointsByName('live'),
		region: 'eu',
	});
	await p.poll({ activation: true });
	await simulate('publish-start', { streamName: 'cam1' });
	expect((await p.poll()).map((i) => i.event)).toEqual(['publish_start']);
	const file = await simulate('record-file', { streamName: 'cam1', region: 'eu', format: 'mp4' });
	changeShape('preview_list', { list: 'files' });
	expect(await p.poll()).toEqual([]);
	expect((await p.poll()).map((i) => i.fileName)).toEqual([file.file.fileName]);
});
