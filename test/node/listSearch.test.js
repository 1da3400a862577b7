// The "From List" pickers (resource locators) through n8n-core's LoadOptionsContext, as the editor
// calls them: domains, entry points, online streams of the chosen entry point, custom templates.
'use strict';

const { useSandbox } = require('../helpers/sandboxContext');
const { runListSearch } = require('../helpers/engine');

const APP = 'listsearch0123456789abcdef012345';
const ctx = useSandbox({ appId: APP });

const search = (method, filter, parameters) =>
	runListSearch({ method, filter, parameters, credentials: ctx.credentials });

beforeEach(() => {
	ctx.sandbox.seed({
		appId: APP,
		domains: [
			{ name: 'push.example.com', type: 'publish', region: 'eu' },
			{ name: 'play.example.com', type: 'play' },
		],
		entryPoints: ['studio'],
		onlineStreams: [
			{ entryPoint: 'studio', name: 'cam_b' },
			{ entryPoint: 'studio', name: 'cam_a' },
			{ entryPoint: 'live', name: 'other' },
		],
		transcodeTemplates: [{ entryPoint: 'studio', name: 'mobile_360p', width: 0, height: 360 }],
	});
});

test('domains: sorted, labelled with type and region, filtered by the search text', async () => {
	const all = await search('searchDomains');
	expect(all.results).toEqual([
		{ name: 'play.example.com (play)', value: 'play.example.com' },
		{ name: 'push.example.com (publish, eu)', value: 'push.example.com' },
	]);
	const filtered = await search('searchDomains', 'PUSH');
	expect(filtered.results.map((r) => r.value)).toEqual(['push.example.com']);
});

test('entry points: live and the ones created', async () => {
	const result = await search('searchEntryPoints');
	expect(result.results.map((r) => r.value)).toEqual(['live', 'studio']);
});

test('online streams of the entry point chosen in the node', async () => {
	const result = await search('searchOnlineStreams', undefined, {
		entryPoint: { __rl: true, mode: 'name', value: 'studio' },
	});
	expect(result.results.map((r) => r.value)).toEqual(['cam_a', 'cam_b']);
	expect(result.results[0].name).toMatch(/^cam_a \(live since \d{4}-/);
	const signed = ctx.sandbox.requestLog.filter((entry) => entry.path.includes('/online_streams'));
	expect(signed.map((entry) => [entry.path.slice(ctx.prefix.length), entry.status])).toEqual([
		['/entry_points/studio/reports/online_streams', 200],
	]);
});

test('custom templates of the entry point, with their size', async () => {
	const result = await search('searchTemplates', undefined, {
		entryPoint: { __rl: true, mode: 'name', value: 'studio' },
	});
	expect(result.results).toEqual([{ name: 'mobile_360p (0×360)', value: 'mobile_360p' }]);
});

test('an unknown entry point: the error names it', async () => {
	await expect(
		search('searchOnlineStreams', undefined, {
			entryPoint: { __rl: true, mode: 'name', value: 'nope' },
		}),
	).rejects.toThrow(/Not found \(404\): entry point "nope"/);
});

describe('names listed by Agora that break the name rule are not offered (picked, they would go into a path)', () => {
	// n8n-core's own Logger (what `this.logger` of a node context is).
	const fromCore = (name) =>
		require(require.resolve(name, { paths: [require.resolve('n8n-core')] }));
	const { Container } = fromCore('@n8n/di');
	const { Logger } = fromCore('@n8n/backend-common');
	let warn;
	beforeEach(() => {
		warn = jest.spyOn(Container.get(Logger), 'warn').mockImplementation(() => {});
		ctx.sandbox.seed({
			appId: APP,
			domains: [{ name: 'evil/../x', type: 'play' }],
			entryPoints: ['..', 'bad\nINFO forged line'],
			onlineStreams: [{ entryPoint: 'studio', name: '..' }],
			transcodeTemplates: [{ entryPoint: 'studio', name: 'a b', width: 0, height: 1 }],
		});
	});
	afterEach(() => warn.mockRestore());
	const warnings = () => warn.mock.calls.map(([message]) => message);
	const studio = { entryPoint: { __rl: true, mode: 'name', value: 'studio' } };

	test('entry points', async () => {
		const result = await search('searchEntryPoints');
		expect(result.results.map((r) => r.value)).toEqual(['live', 'studio']);
		expect(warnings()).toEqual([
			'Agora Media Broadcast: 2 entry point(s) listed by Agora not offered, their names break the name rule: "..", "bad?INFO forged line"',
		]);
	});

	test('domains, online streams and templates', async () => {
		expect((await search('searchDomains')).results.map((r) => r.value)).toEqual([
			'play.example.com',
			'push.example.com',
		]);
		expect(
			(await search('searchOnlineStreams', undefined, studio)).results.map((r) => r.value),
		).toEqual(['cam_a', 'cam_b']);
		expect((await search('searchTemplates', undefined, studio)).results).toEqual([
			{ name: 'mobile_360p (0×360)', value: 'mobile_360p' },
		]);
		expect(warnings()).toEqual([
			'Agora Media Broadcast: 1 domain(s) listed by Agora not offered, their names break the name rule: "evil/../x"',
			'Agora Media Broadcast: 1 stream(s) listed by Agora not offered, their names break the name rule: ".."',
			'Agora Media Broadcast: 1 template(s) listed by Agora not offered, their names break the name rule: "a b"',
		]);
	});
});
