// Stream names that are also names of Object.prototype members (`__proto__`, `constructor`,
// `toString`, `hasOwnProperty`) are ordinary names to the polling trigger: each goes live, ends, is
// banned, re-banned and unbanned exactly like "cam1", through n8n-core's engine against the sandbox,
// and the saved state keeps them through a JSON round trip and n8n's deepCopy.
'use strict';

const { deepCopy } = require('n8n-workflow');
const { api } = require('../../sandbox/client');
const { createPoller, entryPointsByName, usePollSandbox } = require('./pollEngine');

const APP_ID = 'poll-hostile-names';
const PREFIX = `/v1/projects/${APP_ID}/fls`;
const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

const env = usePollSandbox(APP_ID, { reset: false });

const poller = () =>
	createPoller({
		parameters: {
			events: ['publish_start', 'publish_end', 'stream_banned', 'stream_unbanned'],
			watch: 'selected',
			entryPoints: { entryPoint: [{ entryPoint: { __rl: true, mode: 'name', value: 'live' } }] },
			maxRequests: 20,
		},
		credentials: env.credentials,
	});
const simulate = (name, body) => env.sb.simulate(name, { appId: APP_ID, wait: true, ...body });
const ban = (name, resumeTime) =>
	api(env.sb, {
		method: 'PATCH',
		path: `${PREFIX}/entry_points/live/admin/banned_streams/${encodeURIComponent(name)}`,
		body: { resumeTime },
	});
const unban = (name) =>
	api(env.sb, {
		method: 'DELETE',
		path: `${PREFIX}/entry_points/live/admin/banned_streams/${encodeURIComponent(name)}`,
	});
const inAnHour = (minutes = 60) =>
	new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const summary = (items) => items.map((i) => `${i.event} ${i.streamName}`).sort();
const expected = (event) => NAMES.map((name) => `${event} ${name}`).sort();

test('__proto__, constructor, toString and hasOwnProperty: went live, banned, ban updated, unbanned, ended, each once', async () => {
	const p = poller();
	expect(await p.poll({ activation: true })).toEqual([]);

	for (const streamName of NAMES) await simulate('publish-start', { streamName });
	expect(summary(await p.poll())).toEqual(expected('publish_start'));
	expect(await p.poll()).toEqual([]);

	for (const name of NAMES) await ban(name, inAnHour());
	const banned = await p.poll();
	expect(summary(banned)).toEqual(expected('stream_banned'));
	expect(banned.map((i) => i.updated)).toEqual(NAMES.map(() => false));
	expect(await p.poll()).toEqual([]);

	await ban('constructor', inAnHour(120));
	const updated = await p.poll();
	expect(updated).toEqual([
		expect.objectContaining({ event: 'stream_banned', streamName: 'constructor', updated: true }),
	]);

	for (const name of NAMES) await unban(name);
	for (const streamName of NAMES) await simulate('publish-end', { streamName });
	const after = await p.poll();
	expect(summary(after)).toEqual(
		[...expected('publish_end'), ...expected('stream_unbanned')].sort(),
	);
	expect(await p.poll()).toEqual([]);
});

test('the saved state holds such names as values: a JSON round trip and n8n deepCopy keep every one', async () => {
	env.sb.reset();
	const p = poller();
	await p.poll({ activation: true });
	for (const streamName of NAMES) await simulate('publish-start', { streamName });
	await p.poll();
	const saved = p.savedState();
	expect(JSON.parse(JSON.stringify(saved))).toEqual(saved);
	expect(deepCopy(saved)).toEqual(saved);
	const live = new Map(saved.entryPoints.find(([name]) => name === 'live')[1].live);
	expect([...live.keys()].sort()).toEqual([...NAMES].sort());
});
