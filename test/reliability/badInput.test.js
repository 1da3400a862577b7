// Bad input across the resources: every case must fail with a NodeOperationError that names the field
// (and says what is allowed), and no request may reach the sandbox. Then the same with Continue On
// Fail: in one batch the bad items error, the good ones succeed, each paired to its input index.
'use strict';

const { startEnv, rl, describeError } = require('./helpers');
const { record, flush } = require('./results');

const APP_ID = 'reliabilityBadInput0123456789abc';
const CATEGORY = 'Bad input';
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

let env;

beforeAll(async () => {
	env = await startEnv({ appId: APP_ID });
});

afterAll(async () => {
	await env.close();
	flush(__filename);
});

beforeEach(() => env.sandbox.reset());

const now = Date.now();
const storage = {
	setStorage: true,
	storageVendor: 1,
	storageRegionAmazonS3: 0,
	storageBucket: 'recordings',
	storageAccessKey: 'access-key-0001',
	storageSecretKey: 'secret-key-0001',
};

/**
 * [resource, operation, case, parameters (resource/operation added), error pattern naming the field].
 * Grouped by what is wrong: types, ranges, missing fields, RFC 3339, windows, names, expressions.
 */
const CASES = [
	// ---------------------------------------------------------------- stream
	[
		'stream',
		'ban',
		'stream name with "/"',
		{ entryPoint: rl('live'), streamName: 'a/b' },
		/Stream Name "a\/b" is not valid/,
	],
	[
		'stream',
		'ban',
		'stream name with a space',
		{ entryPoint: rl('live'), streamName: 'cam 1' },
		/Stream Name "cam 1" is not valid/,
	],
	[
		'stream',
		'ban',
		'entry point with illegal characters',
		{ entryPoint: rl('live!'), streamName: 'cam1' },
		/Entry Point "live!" is not valid/,
	],
	[
		'stream',
		'ban',
		'resume time not a date',
		{ entryPoint: rl('live'), streamName: 'cam1', options: { resumeTime: 'next tuesday' } },
		/Resume Time "next tuesday" is not a valid date and time: use RFC 3339/,
	],
	[
		'stream',
		'ban',
		'resume time 2027-02-30 (no such day)',
		{ entryPoint: rl('live'), streamName: 'cam1', options: { resumeTime: '2027-02-30T10:00:00Z' } },
		/Resume Time "2027-02-30T10:00:00Z" is not a valid date and time/,
	],
	[
		'stream',
		'ban',
		'resume time in the past',
		{ entryPoint: rl('live'), streamName: 'cam1', options: { resumeTime: '2020-01-01T00:00:00Z' } },
		/Resume Time 2020-01-01T00:00:00Z is not in the future/,
	],
	[
		'stream',
		'ban',
		'stream name expression → null',
		{ entryPoint: rl('live'), streamName: '={{ null }}' },
		/Stream Name is required/,
	],
	[
		'stream',
		'ban',
		'stream name expression → array',
		{ entryPoint: rl('live'), streamName: '={{ [1,2] }}' },
		/Stream Name must be text, but it is a list/,
	],
	[
		'stream',
		'ban',
		'stream name expression → object',
		{ entryPoint: rl('live'), streamName: '={{ {a:1} }}' },
		/Stream Name must be text, but it is an object/,
	],
	[
		'stream',
		'ban',
		'entry point expression → null',
		{ entryPoint: rl('={{ null }}'), streamName: 'cam1' },
		/Entry Point is required/,
	],
	[
		'stream',
		'setDelay',
		'delay 601 (max 600)',
		{ entryPoint: rl('live'), streamName: 'cam1', delay: 601 },
		/Delay \(Seconds\) must be from 0 to 600, but it is 601/,
	],
	[
		'stream',
		'setDelay',
		'delay -1',
		{ entryPoint: rl('live'), streamName: 'cam1', delay: -1 },
		/Delay \(Seconds\) must be from 0 to 600, but it is -1/,
	],
	[
		'stream',
		'setDelay',
		'delay 1.5 (not whole)',
		{ entryPoint: rl('live'), streamName: 'cam1', delay: 1.5 },
		/Delay \(Seconds\) must be a whole number from 0 to 600/,
	],
	[
		'stream',
		'setDelay',
		'delay expression → text',
		{ entryPoint: rl('live'), streamName: 'cam1', delay: '={{ "ten" }}' },
		/Delay \(Seconds\) must be a whole number from 0 to 600, but it is "ten"/,
	],
	[
		'stream',
		'setDelay',
		'delay expression → null',
		{ entryPoint: rl('live'), streamName: 'cam1', delay: '={{ null }}' },
		/Delay \(Seconds\) must be a whole number .* but it is null/,
	],
	[
		'stream',
		'getOnline',
		'stream locator expression → array',
		{ entryPoint: rl('live'), stream: rl('={{ ["a"] }}') },
		/Stream must be text, but it is a list/,
	],
	[
		'stream',
		'getManyBanned',
		'limit 0',
		{ entryPoint: rl('live'), returnAll: false, limit: 0 },
		/Limit must be from 1 to/,
	],
	[
		'stream',
		'getManyOnline',
		'return all expression → "yes"',
		{ entryPoint: rl('live'), returnAll: '={{ "yes" }}' },
		/Return All must be true or false, but it is "yes"/,
	],
	[
		'stream',
		'generateUrls',
		'no domain at all',
		{ entryPoint: rl('live'), streamName: 'cam1', pushDomain: '', playDomain: '' },
		/Push Domain and Play Domain are both empty/,
	],
	[
		'stream',
		'generateUrls',
		'push domain with a scheme',
		{
			entryPoint: rl('live'),
			streamName: 'cam1',
			pushDomain: 'rtmp://push.example.com',
			signUrls: false,
		},
		/Push Domain "rtmp:\/\/push\.example\.com" is not a valid domain name/,
	],
	[
		'stream',
		'generateUrls',
		'signing without the push auth key',
		{
			entryPoint: rl('live'),
			streamName: 'cam1',
			pushDomain: 'push.example.com',
			signUrls: true,
			pushAuthKey: '',
		},
		/Push Auth Key is required to sign push URLs/,
	],
	[
		'stream',
		'generateUrls',
		'validity 0 minutes',
		{
			entryPoint: rl('live'),
			streamName: 'cam1',
			pushDomain: 'push.example.com',
			signUrls: true,
			pushAuthKey: 'k1',
			expiryMode: 'minutes',
			expiresInMinutes: 0,
		},
		/Valid for \(Minutes\) must be from 1 to/,
	],
	// ---------------------------------------------------------------- domain
	[
		'domain',
		'add',
		'wildcard domain',
		{ domainName: '*.example.com', type: 'play' },
		/Domain "\*\.example\.com" is not a valid domain name/,
	],
	[
		'domain',
		'add',
		'URL instead of a host name',
		{ domainName: 'https://push.example.com/live', type: 'play' },
		/Domain "https:\/\/push\.example\.com\/live" is not a valid domain name/,
	],
	[
		'domain',
		'add',
		'type not publish/play',
		{ domainName: 'push.example.com', type: '={{ "relay" }}' },
		/Type "relay" is not allowed: use one of publish, play/,
	],
	[
		'domain',
		'add',
		'publish domain, region expression → empty',
		{ domainName: 'push.example.com', type: 'publish', region: '={{ $json.region }}' },
		/Region is required for a publish \(push\) domain: use one of cn, ap, eu, na/,
	],
	[
		'domain',
		'add',
		'region not in cn/ap/eu/na',
		{ domainName: 'push.example.com', type: 'publish', region: '={{ "us" }}' },
		/Region "us" is not allowed: use one of cn, ap, eu, na/,
	],
	[
		'domain',
		'setAuthKey',
		'auth key longer than 128',
		{ domain: rl('push.example.com'), authKey: 'k'.repeat(129) },
		/Auth Key is 129 characters long; at most 128/,
	],
	[
		'domain',
		'setAuthKey',
		'auth key expression → object',
		{ domain: rl('push.example.com'), authKey: '={{ {a:1} }}' },
		/Auth Key must be text, but it is an object/,
	],
	[
		'domain',
		'get',
		'domain expression → null',
		{ domain: rl('={{ null }}') },
		/Domain is required/,
	],
	[
		'domain',
		'getMany',
		'type filter not all/publish/play',
		{ returnAll: true, typeFilter: '={{ "both" }}' },
		/Type "both" is not allowed: use one of all, publish, play/,
	],
	// ---------------------------------------------------------------- entry point
	[
		'entryPoint',
		'create',
		'"live" (always exists)',
		{ entryPointName: 'live' },
		/Entry point "live" is the default entry point/,
	],
	[
		'entryPoint',
		'create',
		'name with "/"',
		{ entryPointName: 'my/ep' },
		/Entry Point Name "my\/ep" is not valid/,
	],
	[
		'entryPoint',
		'create',
		'name expression → empty',
		{ entryPointName: '={{ $json.name }}' },
		/Entry Point Name is required/,
	],
	[
		'entryPoint',
		'delete',
		'deleting "live"',
		{ entryPoint: rl('live') },
		/The default entry point "live" cannot be deleted/,
	],
	// ---------------------------------------------------------------- report
	[
		'report',
		'getPublishHistory',
		'window of 31 days (max 30)',
		{
			entryPoint: rl('live'),
			streamName: 'cam1',
			startTime: iso(now - 40 * DAY),
			endTime: iso(now - 9 * DAY),
		},
		/is 31 days long; .* allows at most 30 days/,
	],
	[
		'report',
		'getPublishQuality',
		'window of 7 hours (max 6)',
		{
			entryPoint: rl('live'),
			streamName: 'cam1',
			startTime: iso(now - 8 * HOUR),
			endTime: iso(now - HOUR),
		},
		/is 7 hours long; .* allows at most 6 hours/,
	],
	[
		'report',
		'getPlayStatistics',
		'window of 3 hours (max 2)',
		{
			entryPoint: rl('live'),
			streamName: 'cam1',
			startTime: iso(now - 4 * HOUR),
			endTime: iso(now - HOUR),
		},
		/is 3 hours long; .* allows at most 2 hours/,
	],
	[
		'report',
		'getPlayStatistics',
		'start only, 3 hours ago (window to now too long)',
		{ entryPoint: rl('live'), streamName: 'cam1', startTime: iso(now - 3 * HOUR) },
		/window from Start Time .* to now is 3 hours( \d+ seconds?)? long/,
	],
	[
		'report',
		'getPlayStatistics',
		'end before start',
		{
			entryPoint: rl('live'),
			streamName: 'cam1',
			startTime: iso(now - HOUR),
			endTime: iso(now - 2 * HOUR),
		},
		/End Time .* is before Start Time/,
	],
	[
		'report',
		'getPublishQuality',
		'start in the future, no end',
		{ entryPoint: rl('live'), streamName: 'cam1', startTime: iso(now + HOUR) },
		/Start Time .* is in the future/,
	],
	[
		'report',
		'getPublishHistory',
		'start time with slashes',
		{ entryPoint: rl('live'), streamName: 'cam1', startTime: '2026/11/28 10:00' },
		/Start Time "2026\/11\/28 10:00" is not a valid date and time: use RFC 3339/,
	],
	[
		'report',
		'getPublishHistory',
		'start time 2026-04-31 (no such day)',
		{
			entryPoint: rl('live'),
			streamName: 'cam1',
			startTime: '2026-04-31T00:00:00Z',
			endTime: '2026-05-02T00:00:00Z',
		},
		/Start Time "2026-04-31T00:00:00Z" is not a valid date and time/,
	],
	[
		'report',
		'getPublishHistory',
		'end time hour 24',
		{
			entryPoint: rl('live'),
			streamName: 'cam1',
			startTime: '2026-11-27T00:00:00Z',
			endTime: '2026-11-27T24:00:00Z',
		},
		/End Time "2026-11-27T24:00:00Z" is not a valid date and time/,
	],
	[
		'report',
		'getPublishHistory',
		'start time expression → array',
		{ entryPoint: rl('live'), streamName: 'cam1', startTime: '={{ [2026, 11, 28] }}' },
		/Start Time a list is not a valid date and time/,
	],
	[
		'report',
		'getPublishHistory',
		'stream name expression → empty',
		{ entryPoint: rl('live'), streamName: '={{ $json.stream }}' },
		/Stream Name is required/,
	],
	// ---------------------------------------------------------------- standard recording
	[
		'standardRecording',
		'createClip',
		'file name not .m3u8',
		{
			entryPoint: rl('live'),
			region: 'cn',
			streamName: 'cam1',
			startTime: iso(now - HOUR),
			fileName: 'clip.mp4',
		},
		/File Name "clip\.mp4" is not valid: .*"\.m3u8"/,
	],
	[
		'standardRecording',
		'createClip',
		'start time expression → empty',
		{
			entryPoint: rl('live'),
			region: 'cn',
			streamName: 'cam1',
			startTime: '={{ $json.start }}',
			fileName: 'clip.m3u8',
		},
		/Start Time is required/,
	],
	[
		'standardRecording',
		'createClip',
		'start time 2026-02-30 (no such day)',
		{
			entryPoint: rl('live'),
			region: 'cn',
			streamName: 'cam1',
			startTime: '2026-02-30T10:00:00Z',
			fileName: 'clip.m3u8',
		},
		/Start Time "2026-02-30T10:00:00Z" is not a valid date and time/,
	],
	[
		'standardRecording',
		'createClip',
		'end time in the future',
		{
			entryPoint: rl('live'),
			region: 'cn',
			streamName: 'cam1',
			startTime: iso(now - HOUR),
			endTime: iso(now + HOUR),
			fileName: 'clip.m3u8',
		},
		/End Time .* is in the future/,
	],
	[
		'standardRecording',
		'createClip',
		'end before start',
		{
			entryPoint: rl('live'),
			region: 'cn',
			streamName: 'cam1',
			startTime: iso(now - HOUR),
			endTime: iso(now - 2 * HOUR),
			fileName: 'clip.m3u8',
		},
		/End Time .* is before Start Time/,
	],
	[
		'standardRecording',
		'createSnapshot',
		'file name not .jpg',
		{ entryPoint: rl('live'), region: 'cn', streamName: 'cam1', fileName: 'cover.png' },
		/File Name "cover\.png" is not valid: .*"\.jpg"/,
	],
	[
		'standardRecording',
		'getManyFiles',
		'end time expression → null',
		{
			entryPoint: rl('live'),
			region: 'cn',
			streamName: 'cam1',
			startTime: iso(now - HOUR),
			endTime: '={{ null }}',
		},
		/End Time is required/,
	],
	[
		'standardRecording',
		'start',
		'region not cn/ap/eu/na',
		{ entryPoint: rl('live'), region: '={{ "mars" }}', streamName: 'cam1' },
		/Region "mars" is not allowed: use one of cn, ap, eu, na/,
	],
	[
		'standardRecording',
		'setConfig',
		'nothing to set',
		{ entryPoint: rl('live'), region: 'cn', mp4: 'unchanged', hls: 'unchanged' },
		/Nothing to set: MP4 and HLS/,
	],
	[
		'standardRecording',
		'setAutoRecord',
		'enabled expression → "maybe"',
		{ entryPoint: rl('live'), enabled: '={{ "maybe" }}' },
		/Enabled must be true or false, but it is "maybe"/,
	],
	// ---------------------------------------------------------------- custom recording (storage)
	[
		'customRecording',
		'setConfig',
		'storage vendor 9 (0–8)',
		{ entryPoint: rl('live'), region: 'cn', ...storage, storageVendor: '={{ 9 }}' },
		/Storage Vendor 9 is not allowed: use one of 0 \(Qiniu\)/,
	],
	[
		'customRecording',
		'setConfig',
		'S3 region index 17 (dropped by Agora)',
		{ entryPoint: rl('live'), region: 'cn', ...storage, storageRegionAmazonS3: 17 },
		/Storage Region 17 is not valid for Amazon S3/,
	],
	[
		'customRecording',
		'setConfig',
		'access key expression → empty',
		{ entryPoint: rl('live'), region: 'cn', ...storage, storageAccessKey: '={{ "" }}' },
		/Access Key is required/,
	],
	[
		'customRecording',
		'setConfig',
		'bucket with a space',
		{ entryPoint: rl('live'), region: 'cn', ...storage, storageBucket: 'my bucket' },
		/Bucket "my bucket" is not valid/,
	],
	// ---------------------------------------------------------------- snapshot
	[
		'snapshot',
		'setConfig',
		'interval 4 s (5–300)',
		{
			entryPoint: rl('live'),
			storage: 'standard',
			region: 'cn',
			enabled: true,
			options: { snapshotInterval: 4 },
		},
		/Snapshot Interval \(Seconds\) must be from 5 to 300, but it is 4/,
	],
	[
		'snapshot',
		'setConfig',
		'interval 301 s',
		{
			entryPoint: rl('live'),
			storage: 'standard',
			region: 'cn',
			enabled: true,
			options: { snapshotInterval: 301 },
		},
		/Snapshot Interval \(Seconds\) must be from 5 to 300, but it is 301/,
	],
	[
		'snapshot',
		'getConfig',
		'storage not standard/custom',
		{ entryPoint: rl('live'), storage: '={{ "cloud" }}', region: 'cn' },
		/Storage "cloud" is not allowed: use one of standard, custom/,
	],
	// ---------------------------------------------------------------- transcoding
	[
		'transcoding',
		'createTemplate',
		'template named like a preset',
		{ entryPoint: rl('live'), templateName: 'HD', width: 0, height: 360 },
		/Template Name "HD" is reserved for a preset/,
	],
	[
		'transcoding',
		'createTemplate',
		'width 1921 (max 1920)',
		{ entryPoint: rl('live'), templateName: 'wide', width: 1921, height: 360 },
		/Width must be from 0 to 1920, but it is 1921/,
	],
	[
		'transcoding',
		'createTemplate',
		'video bitrate 100 (200–6000)',
		{
			entryPoint: rl('live'),
			templateName: 'low',
			width: 0,
			height: 360,
			additionalFields: { videoBitrate: 100 },
		},
		/Video Bitrate \(Kbps\) must be from 200 to 6000, but it is 100/,
	],
	[
		'transcoding',
		'createTemplate',
		'sample rate 22050',
		{
			entryPoint: rl('live'),
			templateName: 'aud',
			width: 0,
			height: 360,
			additionalFields: { audioSampleRate: 22050 },
		},
		/Audio Sample Rate number 22050 is not allowed: use one of 96000/,
	],
	[
		'transcoding',
		'createTemplate',
		'profile "ultra"',
		{
			entryPoint: rl('live'),
			templateName: 'pro',
			width: 0,
			height: 360,
			additionalFields: { profile: 'ultra' },
		},
		/Video Profile "ultra" is not allowed: use one of base, main, high/,
	],
	[
		'transcoding',
		'updateTemplate',
		'width without height',
		{ entryPoint: rl('live'), template: rl('t1'), updateFields: { width: 640 } },
		/Width and Height must be set together/,
	],
	[
		'transcoding',
		'updateTemplate',
		'nothing to update',
		{ entryPoint: rl('live'), template: rl('t1'), updateFields: {} },
		/Nothing to update/,
	],
	[
		'transcoding',
		'setPreset',
		'preset "uhd"',
		{ entryPoint: rl('live'), preset: '={{ "uhd" }}', enabled: true },
		/Preset "uhd" is not allowed: use one of ld, sd1, sd2, sd3, hd, fhd/,
	],
	// ---------------------------------------------------------------- watermark
	[
		'watermark',
		'set',
		'six watermarks (max 5)',
		{
			entryPoint: rl('live'),
			watermarkInput: 'json',
			watermarksJson: JSON.stringify(
				Array.from({ length: 6 }, () => ({
					url: 'https://example.com/a.png',
					x: 0,
					y: 0,
					width: 10,
					height: 10,
				})),
			),
		},
		/6 watermarks given: an entry point takes at most 5/,
	],
	[
		'watermark',
		'set',
		'image URL not http(s)',
		{
			entryPoint: rl('live'),
			watermarkInput: 'fields',
			watermarks: {
				watermark: [{ url: 'ftp://example.com/a.png', x: 0, y: 0, width: 10, height: 10 }],
			},
		},
		/Watermark 1: Image URL "ftp:\/\/example\.com\/a\.png" is not a valid URL/,
	],
	[
		'watermark',
		'set',
		'x 2000 (max 1920)',
		{
			entryPoint: rl('live'),
			watermarkInput: 'fields',
			watermarks: {
				watermark: [{ url: 'https://example.com/a.png', x: 2000, y: 0, width: 10, height: 10 }],
			},
		},
		/Watermark 1: X must be from 0 to 1920, but it is 2000/,
	],
	[
		'watermark',
		'set',
		'JSON that does not parse',
		{ entryPoint: rl('live'), watermarkInput: 'json', watermarksJson: '[{url:' },
		/Watermarks \(JSON\) is not valid JSON/,
	],
	// ---------------------------------------------------------------- origin auth, pull, transfer
	[
		'originAuth',
		'set',
		'URL with spaces',
		{ enabled: true, url: 'auth server/callback', secret: '' },
		/URL "auth server\/callback" is not valid/,
	],
	[
		'originAuth',
		'set',
		'secret expression → number',
		{ enabled: true, url: 'https://auth.example.com/cb', secret: '={{ 42 }}' },
		/Secret must be text/,
	],
	[
		'pullFromOrigin',
		'set',
		'origin domain with scheme and path',
		{
			entryPoint: rl('live'),
			pullMode: 'directPull',
			originDomain: 'http://origin.example.com/live',
		},
		/Origin Domain "http:\/\/origin\.example\.com\/live" is not valid/,
	],
	[
		'pullFromOrigin',
		'set',
		'callback URL not http(s)',
		{
			entryPoint: rl('live'),
			pullMode: 'dynamicPull',
			callbackUrl: 'ftp://origin.example.com/pull',
		},
		/Callback URL "ftp:\/\/origin\.example\.com\/pull" is not a valid URL/,
	],
	[
		'streamTransfer',
		'set',
		'enabled without callback URL',
		{ entryPoint: rl('live'), enabled: true, callbackUrl: '' },
		/Callback URL is required when Enabled is on/,
	],
];

describe('bad input is refused before any request, naming the field', () => {
	test.each(
		CASES.map(([resource, operation, name, parameters, pattern]) => [
			`${resource}.${operation}: ${name}`,
			resource,
			operation,
			parameters,
			pattern,
		]),
	)('%s', async (title, resource, operation, parameters, pattern) => {
		const result = await env.run({ resource, operation, ...parameters });
		const sent = env.requests();
		const error = result.error;
		const held =
			error !== undefined &&
			error.name === 'NodeOperationError' &&
			pattern.test(error.message) &&
			error.context?.itemIndex === 0 &&
			sent.length === 0;
		record(
			CATEGORY,
			title,
			held,
			held
				? undefined
				: `${describeError(error)}; requests sent: ${sent.map((r) => `${r.method} ${r.rel}`).join(', ') || 'none'}${error ? '' : `; output ${JSON.stringify(result.items.map((i) => i.json))}`}`,
		);
		expect(error).toBeDefined();
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(pattern);
		expect(error.context.itemIndex).toBe(0);
		expect(sent).toEqual([]);
	});

	// A required field left empty in the node itself never reaches the node: n8n's own check of the
	// workflow (WorkflowHasIssuesError) refuses to run it, naming the parameter.
	test.each([
		[
			'stream.ban: Stream Name left empty',
			{ resource: 'stream', operation: 'ban', entryPoint: rl('live'), streamName: '' },
			/Parameter "Stream Name" is required/,
		],
		[
			'standardRecording.createClip: File Name left empty',
			{
				resource: 'standardRecording',
				operation: 'createClip',
				entryPoint: rl('live'),
				region: 'cn',
				streamName: 'cam1',
				startTime: iso(now - HOUR),
				fileName: '',
			},
			/Parameter "File Name" is required/,
		],
		[
			'customRecording.setConfig: Secret Key left empty',
			{
				resource: 'customRecording',
				operation: 'setConfig',
				entryPoint: rl('live'),
				region: 'cn',
				...storage,
				storageSecretKey: '',
			},
			/Parameter "Secret Key" is required/,
		],
	])('%s (refused by n8n before the node runs)', async (title, parameters, pattern) => {
		let thrown;
		let result;
		try {
			result = await env.run(parameters);
		} catch (error) {
			thrown = error;
		}
		const error = thrown ?? result?.error;
		const sent = env.requests();
		const held =
			error !== undefined &&
			pattern.test(error.message + (error.description ?? '')) &&
			sent.length === 0;
		record(
			CATEGORY,
			title,
			held,
			held ? undefined : `${describeError(error)}; requests: ${sent.length}`,
		);
		expect(error).toBeDefined();
		expect(`${error.message}`).toMatch(pattern);
		expect(sent).toEqual([]);
	});

	test('there are at least 40 cases, covering every resource', () => {
		expect(CASES.length).toBeGreaterThanOrEqual(40);
		expect(new Set(CASES.map(([resource]) => resource))).toEqual(
			new Set([
				'stream',
				'domain',
				'entryPoint',
				'report',
				'standardRecording',
				'customRecording',
				'snapshot',
				'transcoding',
				'watermark',
				'originAuth',
				'pullFromOrigin',
				'streamTransfer',
			]),
		);
	});
});

// ------------------------------------------------------------------------------------ Continue On Fail

const PAIRING = 'Continue On Fail pairing';

/**
 * Runs one batch with Continue On Fail and checks each input item: bad ones (pattern given) error with
 * that message, good ones succeed (check(json, input) true), every output paired to its input index,
 * exactly one output per input, and only the good items sent.
 */
async function checkBatch(label, parameters, inputs, { isRequestFor }) {
	const result = await env.run(parameters, {
		items: inputs.map(({ json }) => ({ json })),
		continueOnFail: true,
	});
	expect(result.error).toBeUndefined();
	const sent = env.requests();
	const byIndex = new Map();
	for (const item of result.items) {
		const index = item.pairedItem?.item;
		byIndex.set(index, [...(byIndex.get(index) ?? []), item]);
	}
	const problems = [];
	inputs.forEach((input, index) => {
		const outputs = byIndex.get(index) ?? [];
		const requestsForItem = sent.filter((request) => isRequestFor(request, input.json));
		let held = outputs.length === 1;
		let detail = `${outputs.length} outputs`;
		if (held) {
			const [output] = outputs;
			if (input.bad) {
				held =
					output.error !== undefined &&
					input.bad.test(output.json.error ?? '') &&
					requestsForItem.length === 0;
				detail = `error: ${output.json.error}; requests: ${requestsForItem.length}`;
			} else {
				held =
					output.error === undefined &&
					output.json.error === undefined &&
					input.check(output.json) &&
					requestsForItem.length === 1;
				detail = `output ${JSON.stringify(output.json)}; requests: ${requestsForItem.length}`;
			}
		}
		record(
			PAIRING,
			`${label} item ${index} (${input.bad ? 'bad' : 'good'})`,
			held,
			held ? undefined : detail,
		);
		if (!held) problems.push(`item ${index}: ${detail}`);
	});
	// Outputs come in input order.
	expect(result.items.map((item) => item.pairedItem.item)).toEqual(inputs.map((_, index) => index));
	expect(problems).toEqual([]);
	expect(sent).toHaveLength(inputs.filter((input) => !input.bad).length);
	return result;
}

describe('Continue On Fail: bad items error, good items succeed, paired by input index', () => {
	test('stream → set delay: delays 10, 601, "ten", 0, null, 600, 1.5, 30', async () => {
		const delays = [10, 601, 'ten', 0, null, 600, 1.5, 30];
		const inputs = delays.map((delay, index) => {
			const ok = Number.isInteger(delay) && delay >= 0 && delay <= 600;
			return {
				json: { stream: `cam_${index}`, delay },
				...(ok
					? {
							check: (json) =>
								json.success === true && json.streamName === `cam_${index}` && json.delay === delay,
						}
					: { bad: /Delay \(Seconds\) must be/ }),
			};
		});
		await checkBatch(
			'stream.setDelay',
			{
				resource: 'stream',
				operation: 'setDelay',
				entryPoint: rl('live'),
				streamName: '={{ $json.stream }}',
				delay: '={{ $json.delay }}',
			},
			inputs,
			{ isRequestFor: (request, json) => request.rel.endsWith(`/delayed_streams/${json.stream}`) },
		);
		expect(Object.keys(env.ep().delayed).sort()).toEqual(['cam_0', 'cam_3', 'cam_5', 'cam_7']);
	});

	test('stream → ban: names and resume times mixed good and bad', async () => {
		const future = iso(Date.now() + DAY);
		const rows = [
			{ stream: 'ok_1', resume: future },
			{ stream: 'bad/1', resume: future, bad: /Stream Name "bad\/1" is not valid/ },
			{ stream: 'ok_2', resume: '' },
			{
				stream: 'ok_3',
				resume: '2027-13-01T00:00:00Z',
				bad: /Resume Time "2027-13-01T00:00:00Z" is not a valid date/,
			},
			{
				stream: 'ok_4',
				resume: '2020-01-01T00:00:00Z',
				bad: /Resume Time 2020-01-01T00:00:00Z is not in the future/,
			},
			{ stream: ['x'], resume: '', bad: /Stream Name must be text, but it is a list/ },
			{ stream: 'ok_5', resume: future },
		];
		const inputs = rows.map((row) => ({
			json: { stream: row.stream, resume: row.resume },
			...(row.bad
				? { bad: row.bad }
				: { check: (json) => json.success === true && json.streamName === row.stream }),
		}));
		await checkBatch(
			'stream.ban',
			{
				resource: 'stream',
				operation: 'ban',
				entryPoint: rl('live'),
				streamName: '={{ $json.stream }}',
				options: { resumeTime: '={{ $json.resume }}' },
			},
			inputs,
			{
				isRequestFor: (request, json) =>
					typeof json.stream === 'string' && request.rel.endsWith(`/banned_streams/${json.stream}`),
			},
		);
		expect(
			env
				.ep()
				.banned.map((ban) => ban.name)
				.sort(),
		).toEqual(['ok_1', 'ok_2', 'ok_5']);
	});

	test('report → play statistics: windows within and beyond 2 hours', async () => {
		env.seed({
			publishHistory: [
				{
					name: 'cam1',
					startTime: iso(Date.now() - 3 * HOUR),
					endTime: iso(Date.now() - 10 * 60 * 1000),
				},
			],
		});
		env.sandbox.requestLog.length = 0;
		const t = Date.now();
		const rows = [
			{ start: iso(t - 2 * HOUR), end: iso(t) },
			{ start: iso(t - 3 * HOUR), end: iso(t), bad: /is 3 hours long; .* allows at most 2 hours/ },
			{ start: iso(t - HOUR), end: iso(t - 2 * HOUR), bad: /End Time .* is before Start Time/ },
			{ start: 'yesterday', end: iso(t), bad: /Start Time "yesterday" is not a valid date/ },
			{ start: iso(t - 30 * 60 * 1000), end: iso(t) },
		];
		const inputs = rows.map((row, index) => ({
			json: { ...row, id: index },
			...(row.bad
				? { bad: row.bad }
				: { check: (json) => json.streamName === 'cam1' && typeof json.linkNum === 'number' }),
		}));
		// Each good window returns one item per minute: compare per input index rather than one output each.
		const result = await env.run(
			{
				resource: 'report',
				operation: 'getPlayStatistics',
				entryPoint: rl('live'),
				streamName: 'cam1',
				startTime: '={{ $json.start }}',
				endTime: '={{ $json.end }}',
				returnAll: false,
				limit: 1,
			},
			{ items: inputs.map(({ json }) => ({ json })), continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		const sent = env.requests();
		const problems = [];
		inputs.forEach((input, index) => {
			const outputs = result.items.filter((item) => item.pairedItem.item === index);
			const held =
				outputs.length === 1 &&
				(input.bad
					? outputs[0].error !== undefined && input.bad.test(outputs[0].json.error)
					: outputs[0].error === undefined && input.check(outputs[0].json));
			record(
				PAIRING,
				`report.getPlayStatistics item ${index} (${input.bad ? 'bad' : 'good'})`,
				held,
				held ? undefined : JSON.stringify(outputs.map((o) => o.json)),
			);
			if (!held) problems.push(index);
		});
		expect(problems).toEqual([]);
		expect(sent.map((request) => request.query.start_time)).toEqual([rows[0].start, rows[4].start]);
	});

	test('transcoding → create template: 10 items, 4 bad, POSTs only for the good', async () => {
		const rows = [
			{ name: 'm_0', width: 640, height: 360 },
			{ name: 'fhd', width: 0, height: 360, bad: /Template Name "fhd" is reserved/ },
			{ name: 'm_2', width: 0, height: 720 },
			{
				name: 'm_3',
				width: 3000,
				height: 720,
				bad: /Width must be from 0 to 1920, but it is 3000/,
			},
			{ name: 'm 4', width: 0, height: 720, bad: /Template Name "m 4" is not valid/ },
			{ name: 'm_5', width: 0, height: 1080 },
			{ name: 'm_6', width: '={{ null }}', height: 360, bad: /Width is required/ },
			{ name: 'm_7', width: 1280, height: 720 },
			{ name: 'm_8', width: 0, height: 480 },
			{ name: 'm_9', width: 0, height: 240 },
		];
		const inputs = rows.map((row) => ({
			json: {
				name: row.name,
				width: row.width === '={{ null }}' ? null : row.width,
				height: row.height,
			},
			...(row.bad
				? { bad: row.bad }
				: {
						check: (json) =>
							json.success === true &&
							json.name === row.name &&
							json.width === row.width &&
							json.height === row.height,
					}),
		}));
		await checkBatch(
			'transcoding.createTemplate',
			{
				resource: 'transcoding',
				operation: 'createTemplate',
				entryPoint: rl('live'),
				templateName: '={{ $json.name }}',
				width: '={{ $json.width }}',
				height: '={{ $json.height }}',
			},
			inputs,
			{
				isRequestFor: (request, json) =>
					request.method === 'POST' && request.query.id === json.name,
			},
		);
		expect(
			env
				.ep()
				.transcode.templates.map((t) => t.name)
				.sort(),
		).toEqual(['m_0', 'm_2', 'm_5', 'm_7', 'm_8', 'm_9']);
	});

	test('domain → get: good and bad domains mixed', async () => {
		env.seed({
			domains: [
				{ name: 'play.example.com', type: 'play' },
				{ name: 'play2.example.com', type: 'play' },
			],
		});
		const rows = [
			{ domain: 'play.example.com' },
			{ domain: 'not a domain', bad: /Domain "not a domain" is not a valid domain name/ },
			{ domain: { host: 'x' }, bad: /Domain must be text, but it is an object/ },
			{ domain: 'play2.example.com' },
		];
		const inputs = rows.map((row) => ({
			json: { domain: row.domain },
			...(row.bad
				? { bad: row.bad }
				: { check: (json) => json.name === row.domain && json.type === 'play' }),
		}));
		await checkBatch(
			'domain.get',
			{ resource: 'domain', operation: 'get', domain: rl('={{ $json.domain }}') },
			inputs,
			{
				isRequestFor: (request, json) =>
					typeof json.domain === 'string' && request.rel === `/domains/${json.domain}`,
			},
		);
	});

	test('without Continue On Fail, one bad item anywhere fails the run before any request', async () => {
		const items = Array.from({ length: 30 }, (_, index) => ({
			json: { stream: index === 27 ? 'bad stream' : `cam_${index}` },
		}));
		const result = await env.run(
			{
				resource: 'stream',
				operation: 'unban',
				entryPoint: rl('live'),
				streamName: '={{ $json.stream }}',
			},
			{ items },
		);
		const held =
			result.error?.name === 'NodeOperationError' &&
			/Stream Name "bad stream" is not valid/.test(result.error.message) &&
			result.error.context?.itemIndex === 27 &&
			env.requests().length === 0;
		record(
			PAIRING,
			'no Continue On Fail: item 27 of 30 bad → whole run refused, 0 requests',
			held,
			held ? undefined : describeError(result.error),
		);
		expect(result.error.message).toMatch(/Stream Name "bad stream" is not valid/);
		expect(result.error.context.itemIndex).toBe(27);
		expect(env.requests()).toHaveLength(0);
	});
});
