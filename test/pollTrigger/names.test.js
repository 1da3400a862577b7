// Names the polling trigger gets from Agora (the node's name rule): an entry point listed by the
// gateway whose name breaks the rule is never put into a request path (skipped, and n8n's log says
// so, without control characters); a stream whose name breaks it is still reported, flagged.
'use strict';

const { createPoller, entryPointsByName, usePollSandbox } = require('./pollEngine');

// n8n-core's own Logger (what `this.logger` of a node context is).
const fromCore = (name) => require(require.resolve(name, { paths: [require.resolve('n8n-core')] }));
const { Container } = fromCore('@n8n/di');
const { Logger } = fromCore('@n8n/backend-common');

const APP_ID = 'poll-trigger-names';
const PREFIX = `/v1/projects/${APP_ID}/fls`;

const env = usePollSandbox(APP_ID);
let warn;
beforeEach(() => {
	warn = jest.spyOn(Container.get(Logger), 'warn').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

const BAD_ENTRY_POINTS = ['..', 'a/b', 'evil\nINFO forged line'];

test('All Entry Points: names that break the rule are not watched, never sent, and the log says so', async () => {
	await env.sb.seed({ appId: APP_ID, entryPoints: ['studio', ...BAD_ENTRY_POINTS] });
	const p = createPoller({
		parameters: { events: ['publish_start', 'publish_end'], watch: 'all', maxRequests: 20 },
		credentials: env.credentials,
	});
	expect(await p.poll({ activation: true })).toEqual([]);
	const paths = env.sb.requestLog.map((e) => e.path.replace(PREFIX, ''));
	expect(paths).toEqual([
		'/entry_points',
		'/entry_points/live/reports/online_streams',
		'/entry_points/studio/reports/online_streams',
	]);
	expect(Object.keys(p.state().entryPoints).sort()).toEqual(['live', 'studio']);
	const warnings = warn.mock.calls.map(([message]) => message);
	expect(warnings).toEqual([
		'Agora Media Broadcast Polling Trigger: 3 entry point(s) listed by Agora not watched, their names break the name rule: "..", "a/b", "evil?INFO forged line"',
	]);
});

test('a stream whose name breaks the rule is reported, with nameProblem; others are not flagged', async () => {
	const p = createPoller({
		parameters: { events: ['publish_start', 'publish_end'], watch: 'all', maxRequests: 20 },
		credentials: env.credentials,
	});
	await p.poll({ activation: true });
	await env.sb.seed({ appId: APP_ID, onlineStreams: [{ name: 'bad name' }, { name: 'cam1' }] });
	const items = await p.poll();
	const byName = Object.fromEntries(items.map((item) => [item.streamName, item]));
	expect(Object.keys(byName).sort()).toEqual(['bad name', 'cam1']);
	expect(byName['bad name'].nameProblem).toMatch(/^Stream name "bad name" is not valid/);
	expect(byName.cam1).not.toHaveProperty('nameProblem');
});
