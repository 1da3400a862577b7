// Snapshot resource (periodic snapshots and content moderation, Agora storage or your storage), run
// through n8n's real engine against the local Agora sandbox.
'use strict';

const { resourceProperties } = require('../helpers/engine');
const {
	useSandbox,
	byName,
	itemsJson,
	expectHiddenFromOutput,
} = require('../helpers/sandboxContext');

const snapshotProperties = resourceProperties('snapshot');

const APP_ID = 'f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5';
const ACCESS = 'LTAIexampleAccessKey5678';
const SECRET = 'exampleSecretKeyValueForOss4321';

const ctx = useSandbox({ appId: APP_ID });
const ep = (value = 'live') => byName(value);
const snap = (operation, extra = {}) => ({
	resource: 'snapshot',
	operation,
	entryPoint: ep(),
	...extra,
});

/** Output items, the node's output in runData and error texts never carry a storage key. */
const expectNoSecrets = (result) => expectHiddenFromOutput(result, [ACCESS, SECRET]);

const aliStorage = {
	setStorage: true,
	storageVendor: 2,
	storageRegionAlibaba: 7,
	storageBucket: 'snapshots-hk',
	storageAccessKey: ACCESS,
	storageSecretKey: SECRET,
};

test('operation list: Get Config and Set Config, alphabetical', () => {
	const operation = snapshotProperties[0];
	expect(operation.displayOptions).toEqual({ show: { resource: ['snapshot'] } });
	expect(operation.noDataExpression).toBe(true);
	expect(operation.options.map((o) => [o.name, o.value])).toEqual([
		['Get Config', 'getConfig'],
		['Set Config', 'setConfig'],
	]);
	const storageField = snapshotProperties.find((p) => p.name === 'storage');
	expect(storageField.options.map((o) => [o.name, o.value])).toEqual([
		['Agora Storage', 'standard'],
		['Your Storage', 'custom'],
	]);
	const interval = snapshotProperties
		.find((p) => p.name === 'options')
		.options.find((o) => o.name === 'snapshotInterval');
	expect(interval.typeOptions).toEqual({ minValue: 5, maxValue: 300 });
	expect(interval.default).toBe(10);
	// resource/operation come first in the storage fields' conditions, so an expression in Storage or
	// Set Storage cannot make them (required ones included) appear in other operations.
	for (const name of [
		'setStorage',
		'storageVendor',
		'storageRegionAlibaba',
		'storageBucket',
		'storageAccessKey',
		'storageSecretKey',
	]) {
		const field = snapshotProperties.find((p) => p.name === name);
		expect(Object.keys(field.displayOptions.show).slice(0, 3)).toEqual([
			'resource',
			'operation',
			'storage',
		]);
		expect(field.displayOptions.show.operation).toEqual(['setConfig']);
	}
});

describe('Get Config', () => {
	test('Agora storage: GET settings/snapshot/standard/regions/{region}', async () => {
		const result = await ctx.run(snap('getConfig', { storage: 'standard', region: 'cn' }));
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'GET',
				path: '/entry_points/live/settings/snapshot/standard/regions/cn',
				query: {},
				body: null,
				status: 200,
			},
		]);
		expect(itemsJson(result)).toEqual([
			{
				entryPoint: 'live',
				storage: 'standard',
				region: 'cn',
				enabled: false,
				snapshotInterval: 10,
				enableModeration: false,
			},
		]);
	});

	test('Your storage: GET settings/snapshot/custom/regions/{region}, storage keys masked', async () => {
		await ctx.run(
			snap('setConfig', { storage: 'custom', region: 'ap', enabled: true, ...aliStorage }),
		);
		const result = await ctx.run(snap('getConfig', { storage: 'custom', region: 'ap' }));
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest()).toEqual({
			method: 'GET',
			path: '/entry_points/live/settings/snapshot/custom/regions/ap',
			query: {},
			body: null,
			status: 200,
		});
		expect(itemsJson(result)).toEqual([
			{
				entryPoint: 'live',
				storage: 'custom',
				region: 'ap',
				enabled: true,
				snapshotInterval: 10,
				enableModeration: false,
				storageConfig: {
					vendor: 2,
					region: 7,
					bucket: 'snapshots-hk',
					accessKey: '****',
					secretKey: '****',
				},
			},
		]);
		expectNoSecrets(result);
	});

	test('404 from Agora for an unknown entry point', async () => {
		const result = await ctx.run({
			...snap('getConfig', { storage: 'custom', region: 'cn' }),
			entryPoint: ep('missing'),
		});
		expect(result.error.message).toBe(
			'Not found (404): entry point "missing" does not exist for this App ID',
		);
		expect(ctx.lastRequest()).toMatchObject({
			path: '/entry_points/missing/settings/snapshot/custom/regions/cn',
			status: 404,
		});
	});

	test('a Storage value other than Agora Storage / Your Storage is refused', async () => {
		await ctx.expectInputError(
			snap('getConfig', { storage: '={{ "s3" }}', region: 'cn' }),
			/Storage "s3" is not allowed: use one of standard, custom/,
		);
	});
});

describe('Set Config', () => {
	test('Agora storage: PATCH settings/snapshot/standard/regions/{region} {enabled, snapshotInterval, enableModeration}', async () => {
		const result = await ctx.run(
			snap('setConfig', {
				storage: 'standard',
				region: 'eu',
				enabled: true,
				options: { snapshotInterval: 30, enableModeration: true },
			}),
		);
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: '/entry_points/live/settings/snapshot/standard/regions/eu',
				query: {},
				body: { enabled: true, snapshotInterval: 30, enableModeration: true },
				status: 200,
			},
		]);
		expect(itemsJson(result)).toEqual([
			{
				success: true,
				entryPoint: 'live',
				storage: 'standard',
				region: 'eu',
				enabled: true,
				snapshotInterval: 30,
				enableModeration: true,
			},
		]);
		const read = await ctx.run(snap('getConfig', { storage: 'standard', region: 'eu' }));
		expect(itemsJson(read)[0]).toMatchObject({
			enabled: true,
			snapshotInterval: 30,
			enableModeration: true,
		});
	});

	test('Agora storage: no options → body is only {enabled}; storage fields are never sent', async () => {
		const result = await ctx.run(
			snap('setConfig', { storage: 'standard', region: 'eu', enabled: false, ...aliStorage }),
		);
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest().body).toEqual({ enabled: false });
		expect(itemsJson(result)).toEqual([
			{ success: true, entryPoint: 'live', storage: 'standard', region: 'eu', enabled: false },
		]);
	});

	test('Your storage: PATCH settings/snapshot/custom/regions/{region} with storageConfig; keys never in the output', async () => {
		const result = await ctx.run(
			snap('setConfig', {
				storage: 'custom',
				region: 'na',
				enabled: true,
				options: { snapshotInterval: 5, enableModeration: false },
				...aliStorage,
			}),
		);
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: '/entry_points/live/settings/snapshot/custom/regions/na',
				query: {},
				body: {
					enabled: true,
					snapshotInterval: 5,
					enableModeration: false,
					storageConfig: {
						vendor: 2,
						region: 7,
						bucket: 'snapshots-hk',
						accessKey: '[redacted]',
						secretKey: '[redacted]',
					},
				},
				status: 200,
			},
		]);
		expect(ctx.sandbox.state.entryPoint(APP_ID, 'live').snapshot.custom.na.storageConfig).toEqual({
			vendor: 2,
			region: 7,
			bucket: 'snapshots-hk',
			accessKey: ACCESS,
			secretKey: SECRET,
		});
		expect(itemsJson(result)).toEqual([
			{
				success: true,
				entryPoint: 'live',
				storage: 'custom',
				region: 'na',
				enabled: true,
				snapshotInterval: 5,
				enableModeration: false,
				storageConfig: {
					vendor: 2,
					region: 7,
					bucket: 'snapshots-hk',
					accessKey: '****',
					secretKey: '****',
				},
			},
		]);
		expectNoSecrets(result);
	});

	test('Your storage, Google Cloud: region 0 is sent', async () => {
		const result = await ctx.run(
			snap('setConfig', {
				storage: 'custom',
				region: 'na',
				enabled: true,
				...aliStorage,
				storageVendor: 6,
				options: { snapshotInterval: 300 },
			}),
		);
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest().body.snapshotInterval).toBe(300);
		expect(ctx.lastRequest().body.storageConfig).toEqual({
			vendor: 6,
			region: 0,
			bucket: 'snapshots-hk',
			accessKey: '[redacted]',
			secretKey: '[redacted]',
		});
	});

	test('Your storage: 400 from Agora when storage is not set the first time', async () => {
		const result = await ctx.run(
			snap('setConfig', { storage: 'custom', region: 'na', enabled: true, setStorage: false }),
		);
		expect(result.error.message).toBe(
			'Agora rejected the request (400): storageConfig is required the first time snapshots to your storage are configured',
		);
		expect(ctx.lastRequest()).toMatchObject({
			method: 'PATCH',
			body: { enabled: true },
			status: 400,
		});
	});

	test('Your storage: Set Storage off after the first time sends no storageConfig and keeps it', async () => {
		await ctx.run(
			snap('setConfig', { storage: 'custom', region: 'na', enabled: true, ...aliStorage }),
		);
		const result = await ctx.run(
			snap('setConfig', { storage: 'custom', region: 'na', enabled: false, setStorage: false }),
		);
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest().body).toEqual({ enabled: false });
		expect(ctx.sandbox.state.entryPoint(APP_ID, 'live').snapshot.custom.na).toMatchObject({
			enabled: false,
			storageConfig: { vendor: 2, region: 7, secretKey: SECRET },
		});
	});

	test('404 from Agora for an unknown entry point', async () => {
		const result = await ctx.run({
			...snap('setConfig', { storage: 'standard', region: 'cn', enabled: true }),
			entryPoint: ep('nowhere'),
		});
		expect(result.error.message).toBe(
			'Not found (404): entry point "nowhere" does not exist for this App ID',
		);
	});

	test('bad input is refused before any request, and no error shows a key', async () => {
		const base = { storage: 'custom', region: 'cn', enabled: true, ...aliStorage };
		const cases = [
			[
				{ options: { snapshotInterval: 4 } },
				/Snapshot Interval \(Seconds\) must be from 5 to 300, but it is 4/,
			],
			[
				{ options: { snapshotInterval: 301 } },
				/Snapshot Interval \(Seconds\) must be from 5 to 300, but it is 301/,
			],
			[
				{ options: { snapshotInterval: '={{ 12.5 }}' } },
				/Snapshot Interval \(Seconds\) must be a whole number from 5 to 300/,
			],
			[
				{ options: { enableModeration: '={{ "often" }}' } },
				/Content Moderation must be true or false/,
			],
			[{ enabled: '={{ "yes" }}' }, /Enabled must be true or false/],
			[{ region: '={{ "asia" }}' }, /Region "asia" is not allowed: use one of cn, ap, eu, na/],
			[{ storage: '={{ "mine" }}' }, /Storage "mine" is not allowed: use one of standard, custom/],
			[{ storageVendor: '={{ -1 }}' }, /Storage Vendor -1 is not allowed: use one of 0 \(Qiniu\)/],
			[
				{ storageRegionAlibaba: '={{ 23 }}' },
				/Storage Region 23 is not valid for Alibaba Cloud \(vendor 2\): use one of 0 \(CN_Hangzhou\), .*22 \(CN_Chengdu\)/,
			],
			[
				{ storageVendor: 4, storageRegionKingsoft: '={{ 10 }}' },
				/Storage Region 10 is not valid for Kingsoft Cloud \(KS3\) \(vendor 4\)/,
			],
			[
				{ storageVendor: 7, storageRegionHuawei: '={{ 16 }}' },
				/Storage Region 16 is not valid for Huawei Cloud \(OBS\) \(vendor 7\)/,
			],
			[
				{ storageVendor: 3, storageRegionTencent: '={{ 20 }}' },
				/Storage Region 20 is not valid for Tencent Cloud \(vendor 3\)/,
			],
			[{ storageBucket: 'a/b' }, /Bucket "a\/b" is not valid/],
			[{ storageAccessKey: '={{ "" }}' }, /Access Key is required/],
			[{ storageSecretKey: '={{ "" }}' }, /Secret Key is required/],
		];
		for (const [override, pattern] of cases) {
			const result = await ctx.expectInputError(
				snap('setConfig', { ...base, ...override }),
				pattern,
			);
			expectNoSecrets(result);
		}
	});

	test('Continue On Fail: a bad item becomes an error item, the good one is sent', async () => {
		const result = await ctx.run(
			snap('setConfig', {
				storage: 'standard',
				region: 'cn',
				enabled: true,
				options: { snapshotInterval: '={{ $json.every }}' },
			}),
			{ items: [{ json: { every: 2 } }, { json: { every: 60 } }], continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(itemsJson(result)[0].error).toMatch(
			/Snapshot Interval \(Seconds\) must be from 5 to 300, but it is 2/,
		);
		expect(itemsJson(result)[1]).toMatchObject({ success: true, snapshotInterval: 60 });
		expect(ctx.requests()).toHaveLength(1);
		expect(ctx.lastRequest().body).toEqual({ enabled: true, snapshotInterval: 60 });
	});
});
