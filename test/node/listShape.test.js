// A list answer in a changed shape is an error, never an empty list: every Get Many operation (and
// the list searches of the resource locators) against the sandbox answering 200 with the documented
// key renamed or dropped (faultPlan renameKeys). The error names the keys Agora did send, never their
// values.
'use strict';

const { useSandbox, byName } = require('../helpers/sandboxContext');
const { runListSearch } = require('../helpers/engine');

const APP_ID = 'listshape0123456789abcdef0123456';
const ctx = useSandbox({ appId: APP_ID });
const live = byName('live');
const window = { startTime: '2026-11-28T10:00:00Z', endTime: '2026-11-28T11:00:00Z' };

// [title, parameters, a substring of the request path, the documented list key(s)]
const LISTS = [
	['Domain → Get Many', { resource: 'domain', operation: 'getMany' }, '/domains', 'domainList'],
	[
		'Entry Point → Get Many',
		{ resource: 'entryPoint', operation: 'getMany' },
		'/entry_points',
		'entryPointList',
	],
	[
		'Stream → Get Many Online',
		{ resource: 'stream', operation: 'getManyOnline', entryPoint: live },
		'online_streams',
		'streamList',
	],
	[
		'Stream → Get Many Banned',
		{ resource: 'stream', operation: 'getManyBanned', entryPoint: live },
		'banned_streams',
		'bannedStreamList',
	],
	[
		'Transcoding → Get Many Presets',
		{ resource: 'transcoding', operation: 'getManyPresets', entryPoint: live },
		'transcode/standard',
		'transcodeList',
	],
	[
		'Transcoding → Get Many Templates',
		{ resource: 'transcoding', operation: 'getManyTemplates', entryPoint: live },
		'transcode/custom',
		'transcodeList',
	],
	[
		'Watermark → Get Many',
		{ resource: 'watermark', operation: 'getMany', entryPoint: live },
		'settings/watermark',
		'waterMarkSet',
	],
	[
		'Report → Get Publish History',
		{ resource: 'report', operation: 'getPublishHistory', entryPoint: live, streamName: 'cam_1' },
		'publish_history',
		'publishHistory',
	],
	[
		'Report → Get Publish Quality',
		{ resource: 'report', operation: 'getPublishQuality', entryPoint: live, streamName: 'cam_1' },
		'publish_quality',
		'publishHistory',
	],
	[
		'Report → Get Play Statistics',
		{ resource: 'report', operation: 'getPlayStatistics', entryPoint: live, streamName: 'cam_1' },
		'stream_play_statistic',
		'playStatistic',
	],
	[
		'Standard Recording → Get Many Files',
		{
			resource: 'standardRecording',
			operation: 'getManyFiles',
			entryPoint: live,
			region: 'cn',
			streamName: 'cam_1',
			...window,
		},
		'preview_list',
		'list',
	],
];

const changeShape = (pathIncludes, renameKeys) =>
	ctx.sandbox.setConfig({ faultPlan: [{ match: { method: 'GET', pathIncludes }, renameKeys }] });

describe.each(LISTS)('%s', (title, parameters, pathIncludes, key) => {
	test(`"${key}" renamed: the item fails naming the keys Agora sent; the documented empty form is an empty list`, async () => {
		const ok = await ctx.run({ ...parameters, returnAll: true });
		expect(ok.error).toBeUndefined();
		changeShape(pathIncludes, { [key]: 'items_v2', QualityHistory: 'items_v2' });
		const result = await ctx.run({ ...parameters, returnAll: true });
		expect(result.error).toBeDefined();
		expect(result.error.message).toMatch(
			new RegExp(
				`Agora's answer has no "${key}".* list \\(it has "items_v2"\\): its format may have changed`,
			),
		);
		expect(ctx.requests().at(-1)).toMatchObject({ method: 'GET', status: 200 });
	});
});

test('Continue On Fail: the changed answer is an error item, not zero items', async () => {
	changeShape('online_streams', { streamList: 'streams' });
	const result = await ctx.run(
		{ resource: 'stream', operation: 'getManyOnline', entryPoint: live, returnAll: true },
		{ continueOnFail: true },
	);
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(1);
	expect(result.items[0].json.error).toMatch(/no "streamList" list \(it has "streams"\)/);
});

test('an empty answer, a key that is not a list, or other keys: each named, values never shown', async () => {
	const run = () =>
		ctx.run({ resource: 'stream', operation: 'getManyBanned', entryPoint: live, returnAll: true });
	changeShape('banned_streams', { bannedStreamList: null });
	expect((await run()).error.message).toMatch(/no "bannedStreamList" list \(it was empty\)/);
	ctx.sandbox.setConfig({
		faultPlan: [
			{
				match: { pathIncludes: 'banned_streams' },
				status: 200,
				body: { bannedStreamList: { secretValue: 'do-not-show-1234' }, apiKey: 'do-not-show-5678' },
			},
		],
	});
	const notList = await run();
	expect(notList.error.message).toMatch(/its "bannedStreamList" is an object, not a list/);
	expect(JSON.stringify(notList.error.message + notList.error.description)).not.toMatch(
		/do-not-show/,
	);
});

test('list searches (From List in the editor) fail the same way instead of offering nothing', async () => {
	changeShape('online_streams', { streamList: 'streams' });
	await expect(
		runListSearch({
			method: 'searchOnlineStreams',
			parameters: { entryPoint: live },
			credentials: ctx.credentials,
		}),
	).rejects.toThrow(/no "streamList" list \(it has "streams"\)/);
});
