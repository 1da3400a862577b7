// Shared storage-config helpers (shared/storage.ts, shared/secrets.ts) used by custom recording and
// snapshots.
'use strict';

const path = require('node:path');
const { DIST } = require('../helpers/engine');

const storage = require(path.join(DIST, 'nodes/AgoraMediaBroadcast/shared/storageFields.js'));
const secrets = require(path.join(DIST, 'nodes/AgoraMediaBroadcast/shared/secrets.js'));

describe('shared/storage helpers', () => {
	test('storageConfigFields: vendor 0-8 and one region dropdown per vendor, shown only for that vendor', () => {
		const fields = storage.storageConfigFields({ setStorage: [true] });
		const byName = Object.fromEntries(fields.map((field) => [field.name, field]));
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
			expect(byName[name].displayOptions.show).toEqual({
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
		expect(byName.storageBucket.displayOptions.show).toEqual({
			setStorage: [true],
			storageKeysFrom: ['nodeParameters'],
		});
	});

	test('maskSecrets masks accessKey/secretKey at any depth and keeps everything else', () => {
		const input = {
			a: 1,
			storageConfig: { vendor: 2, accessKey: 'ABCDEFGHIJ1234', secretKey: 'short', bucket: 'b' },
			list: [{ SecretKey: 'zzzzzzzzzz9999' }],
		};
		const masked = secrets.maskSecrets(input);
		expect(masked).toEqual({
			a: 1,
			storageConfig: { vendor: 2, accessKey: '****1234', secretKey: '****', bucket: 'b' },
			list: [{ SecretKey: '****9999' }],
		});
		expect(input.storageConfig.accessKey).toBe('ABCDEFGHIJ1234');
	});
});
