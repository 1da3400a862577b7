// n8n's UX guidelines ask for a "Simplify" option when an endpoint returns more than 10 fields. No Agora
// Media Broadcast output does: the widest, a custom transcoding template, has Agora's 9 fields (reference
// §13.2) plus the entry point, 10. So the node has none. This runs the widest outputs through n8n's
// engine against the sandbox, filled in as far as the API allows, and checks that stays true.
'use strict';

const { useSandbox, byName, jsonOf } = require('../helpers/sandboxContext');

const ctx = useSandbox({ appId: 'f1e2d3c4b5a6978812345678abcdef01' });
const SIMPLIFY_ABOVE = 10;

const s3Storage = {
	setStorage: true,
	storageVendor: 1,
	storageRegionAmazonS3: 24,
	storageBucket: 'my-recordings',
	storageAccessKey: 'AKIAEXAMPLEACCESS1234',
	storageSecretKey: 'wJalrXUtnFEMIK7MDENGbPxRfiCYsecret9876',
};

/** The top-level fields of every output item, with the widest count. */
function widest(items) {
	expect(items.length).toBeGreaterThan(0);
	return Math.max(...items.map((json) => Object.keys(json).length));
}

test('a custom transcoding template with every field set', async () => {
	jsonOf(
		await ctx.run({
			resource: 'transcoding',
			operation: 'createTemplate',
			entryPoint: byName('live'),
			templateName: 'full_720p',
			width: 1280,
			height: 720,
			additionalFields: {
				videoCodec: 'h264',
				videoBitrate: 1500,
				profile: 'high',
				audioCodec: 'aac',
				audioBitrate: 128,
				audioSampleRate: 48000,
			},
		}),
	);
	const items = jsonOf(
		await ctx.run({
			resource: 'transcoding',
			operation: 'getManyTemplates',
			entryPoint: byName('live'),
			returnAll: true,
		}),
	);
	expect(items[0]).toMatchObject({ name: 'full_720p', audioSampleRate: 48000 });
	expect(widest(items)).toBeLessThanOrEqual(SIMPLIFY_ABOVE);
});

test('a custom recording configuration with its storage', async () => {
	const recording = { resource: 'customRecording', entryPoint: byName('live'), region: 'na' };
	jsonOf(await ctx.run({ ...recording, operation: 'setConfig', ...s3Storage }));
	const items = jsonOf(await ctx.run({ ...recording, operation: 'getConfig' }));
	expect(items[0]).toHaveProperty('storageConfig');
	expect(widest(items)).toBeLessThanOrEqual(SIMPLIFY_ABOVE);
});

test('a snapshot configuration on your storage, moderation on', async () => {
	const snapshot = {
		resource: 'snapshot',
		entryPoint: byName('live'),
		storage: 'custom',
		region: 'eu',
	};
	jsonOf(
		await ctx.run({
			...snapshot,
			operation: 'setConfig',
			enabled: true,
			options: { enableModeration: true, snapshotInterval: 30 },
			...s3Storage,
		}),
	);
	const items = jsonOf(await ctx.run({ ...snapshot, operation: 'getConfig' }));
	expect(items[0]).toMatchObject({ enabled: true, enableModeration: true });
	expect(widest(items)).toBeLessThanOrEqual(SIMPLIFY_ABOVE);
});

test('a push domain with its auth key, alone and in the list', async () => {
	const domain = { resource: 'domain', includeAuthKey: true };
	jsonOf(
		await ctx.run({
			...domain,
			operation: 'add',
			domainName: 'push.example.com',
			type: 'publish',
			region: 'eu',
		}),
	);
	const one = jsonOf(
		await ctx.run({ ...domain, operation: 'get', domain: byName('push.example.com') }),
	);
	const all = jsonOf(await ctx.run({ ...domain, operation: 'getMany', returnAll: true }));
	expect(widest(one)).toBeLessThanOrEqual(SIMPLIFY_ABOVE);
	expect(widest(all)).toBeLessThanOrEqual(SIMPLIFY_ABOVE);
});
