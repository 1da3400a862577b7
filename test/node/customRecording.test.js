// Custom Recording resource (config with your cloud storage, keys kept out of outputs), run through
// n8n's real engine against the local Agora sandbox. Start, stop, get config and auto record of both
// recording kinds are in recordingKinds.test.js.
'use strict';

const { resourceProperties } = require('../helpers/engine');
const {
	useSandbox,
	byName,
	itemsJson,
	expectHiddenFromOutput,
} = require('../helpers/sandboxContext');

const customProperties = resourceProperties('customRecording');

const APP_ID = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';
const ACCESS = 'AKIAEXAMPLEACCESS1234';
const SECRET = 'wJalrXUtnFEMIK7MDENGbPxRfiCYsecret9876';

const ctx = useSandbox({ appId: APP_ID });
const ep = (value = 'live') => byName(value);

/** Output items, the node's output in runData and error texts never carry a storage key. */
const expectNoSecrets = (result) => expectHiddenFromOutput(result, [ACCESS, SECRET]);

const cus = (operation, extra = {}) => ({
	resource: 'customRecording',
	operation,
	entryPoint: ep(),
	...extra,
});

const s3Storage = {
	setStorage: true,
	storageVendor: 1,
	storageRegionAmazonS3: 24,
	storageBucket: 'my-recordings',
	storageAccessKey: ACCESS,
	storageSecretKey: SECRET,
};

describe('Custom Recording', () => {
	test('operations alphabetical', () => {
		const operation = customProperties[0];
		expect(operation.name).toBe('operation');
		expect(operation.noDataExpression).toBe(true);
		expect(operation.displayOptions).toEqual({ show: { resource: ['customRecording'] } });
		const names = operation.options.map((o) => o.name);
		expect(names).toEqual([...names].sort());
		const values = ['getConfig', 'setAutoRecord', 'setConfig', 'start', 'stop'];
		expect(operation.options.map((o) => o.value).sort()).toEqual(values);
	});

	test('setConfig: PATCH {mp4Config, hlsConfig, storageConfig}; keys reach Agora but never the output', async () => {
		const result = await ctx.run(
			cus('setConfig', { region: 'cn', mp4: 'disable', hls: 'enable', ...s3Storage }),
		);
		expect(result.error).toBeUndefined();
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: '/entry_points/live/settings/record/custom/regions/cn',
				query: {},
				body: {
					mp4Config: { enabled: false },
					hlsConfig: { enabled: true },
					storageConfig: {
						vendor: 1,
						region: 24,
						bucket: 'my-recordings',
						accessKey: '[redacted]',
						secretKey: '[redacted]',
					},
				},
				status: 200,
			},
		]);
		// The real keys were sent (the sandbox log redacts them; its state keeps them).
		expect(
			ctx.sandbox.state.entryPoint(APP_ID, 'live').record.custom.regions.cn.storageConfig,
		).toEqual({
			vendor: 1,
			region: 24,
			bucket: 'my-recordings',
			accessKey: ACCESS,
			secretKey: SECRET,
		});
		expect(itemsJson(result)).toEqual([
			{
				success: true,
				entryPoint: 'live',
				region: 'cn',
				mp4Config: { enabled: false },
				hlsConfig: { enabled: true },
				storageConfig: {
					vendor: 1,
					region: 24,
					bucket: 'my-recordings',
					accessKey: '****',
					secretKey: '****',
				},
			},
		]);
		expectNoSecrets(result);
	});

	test('getConfig: the echoed accessKey and secretKey are masked', async () => {
		await ctx.run(cus('setConfig', { region: 'cn', ...s3Storage }));
		const result = await ctx.run(cus('getConfig', { region: 'cn' }));
		expect(result.error).toBeUndefined();
		expect(itemsJson(result)).toEqual([
			{
				entryPoint: 'live',
				region: 'cn',
				hlsConfig: { enabled: true },
				mp4Config: { enabled: true },
				storageConfig: {
					vendor: 1,
					region: 24,
					bucket: 'my-recordings',
					accessKey: '****',
					secretKey: '****',
				},
			},
		]);
		expectNoSecrets(result);
	});

	test('setConfig: 400 from Agora when storage is not set the first time', async () => {
		const result = await ctx.run(
			cus('setConfig', { region: 'cn', setStorage: false, mp4: 'enable', hls: 'unchanged' }),
		);
		expect(result.error.message).toBe(
			'Agora rejected the request (400): storageConfig is required the first time custom recording is configured',
		);
		expect(ctx.lastRequest()).toMatchObject({
			body: { mp4Config: { enabled: true } },
			status: 400,
		});
	});

	test('setConfig: Set Storage off after the first time keeps the storage and sends no storageConfig', async () => {
		await ctx.run(cus('setConfig', { region: 'cn', ...s3Storage }));
		const result = await ctx.run(
			cus('setConfig', { region: 'cn', setStorage: false, mp4: 'disable', hls: 'unchanged' }),
		);
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest().body).toEqual({ mp4Config: { enabled: false } });
		expect(itemsJson(result)).toEqual([
			{ success: true, entryPoint: 'live', region: 'cn', mp4Config: { enabled: false } },
		]);
		expect(
			ctx.sandbox.state.entryPoint(APP_ID, 'live').record.custom.regions.cn.storageConfig.secretKey,
		).toBe(SECRET);
	});

	test.each([
		[0, 'storageRegionQiniu', 4],
		[1, 'storageRegionAmazonS3', 26],
		[2, 'storageRegionAlibaba', 22],
		[3, 'storageRegionTencent', 19],
		[4, 'storageRegionKingsoft', 9],
		[7, 'storageRegionHuawei', 15],
		[8, 'storageRegionBaidu', 7],
	])(
		'setConfig: vendor %i sends the region chosen in %s (%i)',
		async (vendor, regionField, region) => {
			const result = await ctx.run(
				cus('setConfig', {
					region: 'eu',
					...s3Storage,
					storageRegionAmazonS3: undefined,
					storageVendor: vendor,
					[regionField]: region,
				}),
			);
			expect(result.error).toBeUndefined();
			expect(ctx.lastRequest().body.storageConfig).toEqual({
				vendor,
				region,
				bucket: 'my-recordings',
				accessKey: '[redacted]',
				secretKey: '[redacted]',
			});
		},
	);

	test.each([5, 6])('setConfig: vendor %i (no region) sends region 0', async (vendor) => {
		const result = await ctx.run(
			cus('setConfig', { region: 'eu', ...s3Storage, storageVendor: vendor }),
		);
		expect(result.error).toBeUndefined();
		expect(ctx.lastRequest().body.storageConfig).toMatchObject({
			vendor,
			region: 0,
			bucket: 'my-recordings',
		});
		expect(
			ctx.sandbox.state.entryPoint(APP_ID, 'live').record.custom.regions.eu.storageConfig,
		).toMatchObject({ vendor, region: 0 });
	});

	test('setConfig: bad storage input is refused before any request, and no error shows a key', async () => {
		const base = { region: 'cn', mp4: 'enable', hls: 'enable', ...s3Storage };
		const cases = [
			[
				{ storageVendor: '={{ 9 }}' },
				/Storage Vendor 9 is not allowed: use one of 0 \(Qiniu\), 1 \(Amazon S3\), .*8 \(Baidu AI Cloud \(BOS\)\)/,
			],
			[
				{ storageRegionAmazonS3: '={{ 17 }}' },
				/Storage Region 17 is not valid for Amazon S3 \(vendor 1\): use one of 0 \(US_EAST_1\), .*16 \(CN_NORTHWEST_1\), 18 \(AF_SOUTH_1\)/,
			],
			[{ storageRegionAmazonS3: '={{ 23 }}' }, /Storage Region 23 is not valid for Amazon S3/],
			[
				{ storageVendor: 0, storageRegionQiniu: '={{ 5 }}' },
				/Storage Region 5 is not valid for Qiniu \(vendor 0\): use one of 0 \(East China\), 1 \(North China\), 2 \(South China\), 3 \(North America\), 4 \(Southeast Asia\)/,
			],
			[
				{ storageVendor: 8, storageRegionBaidu: '={{ "north" }}' },
				/Storage Region "north" is not valid for Baidu AI Cloud \(BOS\)/,
			],
			[{ storageBucket: '={{ "" }}' }, /Bucket is required/],
			[
				{ storageBucket: 'my bucket' },
				/Bucket "my bucket" is not valid: a bucket name has no spaces/,
			],
			[{ storageAccessKey: '={{ "" }}' }, /Access Key is required/],
			[{ storageSecretKey: '={{ "" }}' }, /Secret Key is required/],
		];
		for (const [override, pattern] of cases) {
			const result = await ctx.expectInputError(
				cus('setConfig', { ...base, ...override }),
				pattern,
			);
			expectNoSecrets(result);
		}
	});

	test('setConfig: nothing to change is refused', async () => {
		await ctx.expectInputError(
			cus('setConfig', { region: 'cn', mp4: 'unchanged', hls: 'unchanged', setStorage: false }),
			/Nothing to set: .*Set Storage is off/,
		);
	});

	test('several items: each item is one request, with its own parameters', async () => {
		const result = await ctx.run(cus('start', { region: 'ap', streamName: '={{ $json.name }}' }), {
			items: [{ json: { name: 'one' } }, { json: { name: 'two' } }],
		});
		expect(result.error).toBeUndefined();
		expect(
			ctx
				.requests()
				.map((entry) => entry.query.id)
				.sort(),
		).toEqual(['one', 'two']);
		expect(itemsJson(result).map((item) => item.streamName)).toEqual(['one', 'two']);
	});
});
