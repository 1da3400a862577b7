// The storage fields as the editor shows them (one definition in credentials/common/agora, used by
// the Agora Cloud Storage credential and the node's legacy parameters), and the one secret rule
// (shared/secrets.ts) on what Agora answers, through n8n's engine.
'use strict';

const { resourceProperties, runNode } = require('../helpers/engine');
const { useSandbox, byName, expectHiddenFromOutput } = require('../helpers/sandboxContext');
const { startServer } = require('../transport/localServer');

const APP_ID = 'storage0123456789abcdef012345678';
const ctx = useSandbox({ appId: APP_ID });

describe('storage fields', () => {
	test('vendor 0-8 and one region dropdown per vendor, shown only for that vendor', () => {
		const byName = Object.fromEntries(
			resourceProperties('customRecording').map((field) => [field.name, field]),
		);
		expect(byName.storageVendor.options.map((o) => o.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
		expect(byName.storageVendor.options.map((o) => o.name)).toEqual([
			'Qiniu',
			'Amazon S3',
			'Alibaba Cloud',
			'Tencent Cloud',
			'Kingsoft Cloud (KS3)',
			'Microsoft Azure',
			'Google Cloud',
			'Huawei Cloud (OBS)',
			'Baidu AI Cloud (BOS)',
		]);
		const expected = {
			storageRegionQiniu: [0, 5],
			storageRegionAmazonS3: [1, 25],
			storageRegionAlibaba: [2, 23],
			storageRegionTencent: [3, 20],
			storageRegionKingsoft: [4, 10],
			storageRegionHuawei: [7, 16],
			storageRegionBaidu: [8, 8],
		};
		for (const [name, [vendor, count]] of Object.entries(expected)) {
			expect(byName[name].type).toBe('options');
			expect(byName[name].options).toHaveLength(count);
			expect(byName[name].displayOptions.show).toMatchObject({
				setStorage: [true],
				storageKeysFrom: ['nodeParameters'],
				storageVendor: [vendor],
			});
		}
		const s3 = byName.storageRegionAmazonS3.options.map((o) => o.value);
		expect(s3).not.toContain(17);
		expect(s3).not.toContain(23);
		expect(s3).toEqual([
			0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 24, 25, 26,
		]);
		expect(byName.storageRegionAmazonS3.options[0].name).toBe('US_EAST_1');
		expect(byName.storageRegionTencent.options[19].name).toBe('EU_Moscow');
		// Azure (5) and Google (6) have no region field, only a notice.
		expect(byName.storageRegionNotice.displayOptions.show.storageVendor).toEqual([5, 6]);
		expect(byName.storageAccessKey.typeOptions.password).toBe(true);
		expect(byName.storageSecretKey.typeOptions.password).toBe(true);
		expect(byName.storageBucket.displayOptions.show).toMatchObject({
			setStorage: [true],
			storageKeysFrom: ['nodeParameters'],
		});
		expect(byName.storageBucket.displayOptions.show).not.toHaveProperty('storageVendor');
	});
});

// Built at run time so no key-looking literal sits in the sources in one piece.
const value = (kind, tail) => [kind, 'example', tail].join('-');

describe('secrets: one rule for the output and for Agora’s error text', () => {
	test('every secret field Agora echoes in a configuration is masked at any depth, the rest kept', async () => {
		const echoed = {
			enabled: true,
			snapshotInterval: 10,
			storageConfig: {
				vendor: 1,
				region: 0,
				bucket: 'snapshots',
				accessKey: value('ACCESS', '1234'),
				SecretKey: value('SECRET', '9876'),
			},
			callbackToken: value('token', 'abcd'),
			notify: [{ password: value('pass', '6789'), authKey: value('auth', 'cdef') }],
		};
		const agora = await startServer('127.0.0.1', (req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(echoed));
		});
		try {
			const result = await runNode({
				parameters: {
					resource: 'snapshot',
					operation: 'getConfig',
					entryPoint: byName('live'),
					storage: 'custom',
					region: 'cn',
				},
				credentials: { ...ctx.credentials, baseUrl: agora.url },
			});
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json)).toEqual([
				{
					entryPoint: 'live',
					storage: 'custom',
					region: 'cn',
					enabled: true,
					snapshotInterval: 10,
					storageConfig: {
						vendor: 1,
						region: 0,
						bucket: 'snapshots',
						accessKey: '****',
						SecretKey: '****',
					},
					callbackToken: '****',
					notify: [{ password: '****', authKey: '****' }],
				},
			]);
			expectHiddenFromOutput(result, [
				echoed.storageConfig.accessKey,
				echoed.storageConfig.SecretKey,
				echoed.callbackToken,
				echoed.notify[0].password,
				echoed.notify[0].authKey,
			]);
		} finally {
			await agora.close();
		}
	});

	test.each([
		[
			'storage keys (Custom Recording → Set Config)',
			{
				resource: 'customRecording',
				operation: 'setConfig',
				entryPoint: byName('live'),
				region: 'cn',
				mp4: 'enable',
				setStorage: true,
				storageVendor: 1,
				storageRegionAmazonS3: 0,
				storageBucket: 'recordings',
				storageAccessKey: value('ACCESS', 'a1b2'),
				storageSecretKey: value('SECRET', 'c3d4'),
			},
			[value('ACCESS', 'a1b2'), value('SECRET', 'c3d4')],
		],
		[
			'the origin-auth secret (Origin Auth → Set)',
			{
				resource: 'originAuth',
				operation: 'set',
				enabled: true,
				url: 'https://auth.example.com/check',
				secret: value('origin', 'e5f6'),
			},
			[value('origin', 'e5f6')],
		],
	])(
		'%s echoed in Agora’s 400 are masked, the rest of its words kept',
		async (_label, parameters, secrets) => {
			ctx.sandbox.setConfig({
				faultPlan: [
					{
						match: { method: 'PATCH' },
						status: 400,
						body: { message: `refused ${secrets.join(' / ')} for bucket recordings` },
						times: 1,
					},
				],
			});
			const result = await ctx.run(parameters);
			expect(result.error?.message).toBe(
				`Agora rejected the request (400): refused ${secrets.map(() => '***').join(' / ')} for bucket recordings`,
			);
			expectHiddenFromOutput(result, secrets);
		},
	);
});
