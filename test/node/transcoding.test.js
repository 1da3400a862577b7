// Transcoding resource (presets and custom templates), run through n8n's engine against the sandbox.
'use strict';

const { useSandbox, byName, jsonOf } = require('../helpers/sandboxContext');

const APP_ID = 'transcode0123456789abcdef0123456';
const STANDARD = '/entry_points/live/settings/transcode/standard';
const CUSTOM = '/entry_points/live/settings/transcode/custom';

const ctx = useSandbox({
	appId: APP_ID,
	resource: 'transcoding',
	defaults: { entryPoint: byName('live') },
});

function templates() {
	return ctx.sandbox.state.entryPoint(APP_ID, 'live').transcode.templates;
}

const template = byName;
const create = (name, width, height, additionalFields = {}) => ({
	operation: 'createTemplate',
	templateName: name,
	width,
	height,
	additionalFields,
});
const update = (name, updateFields) => ({
	operation: 'updateTemplate',
	template: template(name),
	updateFields,
});

describe('Transcoding presets', () => {
	test('Set Preset: PATCH …/standard/{name} with {enabled}', async () => {
		const items = jsonOf(await ctx.run({ operation: 'setPreset', preset: 'sd1', enabled: true }));
		expect(ctx.requests()).toEqual([
			{ method: 'PATCH', path: `${STANDARD}/sd1`, query: {}, body: { enabled: true }, status: 200 },
		]);
		expect(items).toEqual([{ success: true, entryPoint: 'live', name: 'sd1', enabled: true }]);
		expect(ctx.sandbox.state.entryPoint(APP_ID, 'live').transcode.presets.sd1).toBe(true);

		jsonOf(await ctx.run({ operation: 'setPreset', preset: 'fhd', enabled: false }));
		expect(ctx.requests()[1]).toMatchObject({
			method: 'PATCH',
			path: `${STANDARD}/fhd`,
			body: { enabled: false },
		});
	});

	test('Get Many Presets: one item per preset from transcodeList, Return All and Limit', async () => {
		ctx.sandbox.state.entryPoint(APP_ID, 'live').transcode.presets.hd = true;
		const all = jsonOf(await ctx.run({ operation: 'getManyPresets', returnAll: true }));
		expect(ctx.requests()).toEqual([
			{ method: 'GET', path: STANDARD, query: {}, body: null, status: 200 },
		]);
		expect(all).toEqual(
			['ld', 'sd1', 'sd2', 'sd3', 'hd', 'fhd'].map((name) => ({
				name,
				enabled: name === 'hd',
				entryPoint: 'live',
			})),
		);
		const two = jsonOf(await ctx.run({ operation: 'getManyPresets', returnAll: false, limit: 2 }));
		expect(two.map((i) => i.name)).toEqual(['ld', 'sd1']);
	});

	test('Set Preset: a preset outside the list (by expression) is refused', async () => {
		await ctx.expectInputError(
			{ operation: 'setPreset', preset: '={{ "uhd" }}', enabled: true },
			/Preset "uhd" is not allowed: use one of ld, sd1, sd2, sd3, hd, fhd/,
		);
	});

	test('Get Many Presets: unknown entry point surfaces a clear 404', async () => {
		const result = await ctx.run({
			operation: 'getManyPresets',
			returnAll: true,
			entryPoint: template('ghost'),
		});
		expect(result.error.message).toBe(
			'Not found (404): entry point "ghost" does not exist for this App ID',
		);
	});
});

describe('Transcoding templates', () => {
	test('Create Template: the reference example, codecs added automatically, key order kept', async () => {
		const items = jsonOf(
			await ctx.run(
				create('mobile_360p', 0, 360, {
					videoBitrate: 1200,
					profile: 'base',
					audioBitrate: 320,
					audioSampleRate: 44100,
				}),
			),
		);
		const expected = {
			width: 0,
			height: 360,
			videoCodec: 'h264',
			videoBitrate: 1200,
			profile: 'base',
			audioCodec: 'aac',
			audioBitrate: 320,
			audioSampleRate: 44100,
		};
		const log = ctx.requests();
		expect(log).toEqual([
			{ method: 'POST', path: CUSTOM, query: { id: 'mobile_360p' }, body: expected, status: 200 },
		]);
		expect(JSON.stringify(log[0].body)).toBe(
			'{"width":0,"height":360,"videoCodec":"h264","videoBitrate":1200,"profile":"base","audioCodec":"aac","audioBitrate":320,"audioSampleRate":44100}',
		);
		expect(items).toEqual([
			{ success: true, entryPoint: 'live', name: 'mobile_360p', ...expected },
		]);
		expect(templates().get('mobile_360p')).toEqual({ name: 'mobile_360p', ...expected });
	});

	test('Create Template: width and height only; explicit codecs alone are sent', async () => {
		jsonOf(await ctx.run(create('plain', 640, 360)));
		jsonOf(await ctx.run(create('codecs', 1920, 1080, { videoCodec: 'h264', audioCodec: 'aac' })));
		jsonOf(await ctx.run(create('rate_only', 0, 720, { audioSampleRate: '={{ "48000" }}' })));
		expect(ctx.requests().map((r) => [r.query, r.body])).toEqual([
			[{ id: 'plain' }, { width: 640, height: 360 }],
			[{ id: 'codecs' }, { width: 1920, height: 1080, videoCodec: 'h264', audioCodec: 'aac' }],
			[{ id: 'rate_only' }, { width: 0, height: 720, audioCodec: 'aac', audioSampleRate: 48000 }],
		]);
	});

	test('Get Many Templates: one item per template from transcodeList, Return All and Limit', async () => {
		templates().set('a', { name: 'a', width: 640, height: 360 });
		templates().set('b', {
			name: 'b',
			width: 0,
			height: 720,
			videoCodec: 'h264',
			videoBitrate: 1500,
		});
		const all = jsonOf(await ctx.run({ operation: 'getManyTemplates', returnAll: true }));
		expect(ctx.requests()).toEqual([
			{ method: 'GET', path: CUSTOM, query: {}, body: null, status: 200 },
		]);
		expect(all).toEqual([
			{ name: 'a', width: 640, height: 360, entryPoint: 'live' },
			{
				name: 'b',
				width: 0,
				height: 720,
				videoCodec: 'h264',
				videoBitrate: 1500,
				entryPoint: 'live',
			},
		]);
		const one = jsonOf(
			await ctx.run({ operation: 'getManyTemplates', returnAll: false, limit: 1 }),
		);
		expect(one.map((i) => i.name)).toEqual(['a']);
	});

	test('Update Template: width and height together, profile adds the video codec', async () => {
		templates().set('mobile', { name: 'mobile', width: 640, height: 360 });
		const items = jsonOf(
			await ctx.run(update('mobile', { width: 1280, height: 720, profile: 'high' })),
		);
		expect(ctx.requests()).toEqual([
			{
				method: 'PATCH',
				path: `${CUSTOM}/mobile`,
				query: {},
				body: { width: 1280, height: 720, videoCodec: 'h264', profile: 'high' },
				status: 200,
			},
		]);
		expect(items).toEqual([
			{
				success: true,
				entryPoint: 'live',
				name: 'mobile',
				width: 1280,
				height: 720,
				videoCodec: 'h264',
				profile: 'high',
			},
		]);
		expect(templates().get('mobile')).toEqual({
			name: 'mobile',
			width: 1280,
			height: 720,
			videoCodec: 'h264',
			profile: 'high',
		});
	});

	test('Update Template: audio only', async () => {
		templates().set('mobile', { name: 'mobile', width: 640, height: 360 });
		jsonOf(await ctx.run(update('mobile', { audioBitrate: 128 })));
		expect(ctx.requests()[0].body).toEqual({ audioCodec: 'aac', audioBitrate: 128 });
	});

	test('Delete Template: DELETE …/custom/{name}', async () => {
		templates().set('old', { name: 'old', width: 640, height: 360 });
		const items = jsonOf(await ctx.run({ operation: 'deleteTemplate', template: template('old') }));
		expect(ctx.requests()).toEqual([
			{ method: 'DELETE', path: `${CUSTOM}/old`, query: {}, body: null, status: 200 },
		]);
		expect(items).toEqual([{ deleted: true, entryPoint: 'live', name: 'old' }]);
		expect(templates().has('old')).toBe(false);
	});

	test('Delete Template: unknown template surfaces a clear 404', async () => {
		const result = await ctx.run({ operation: 'deleteTemplate', template: template('ghost') });
		expect(result.error.message).toBe(
			'Not found (404): template "ghost" in entry point "live" does not exist for this App ID',
		);
		expect(ctx.requests()).toEqual([
			expect.objectContaining({ method: 'DELETE', path: `${CUSTOM}/ghost`, status: 404 }),
		]);
	});

	test('Update Template: unknown template surfaces a clear 404', async () => {
		const result = await ctx.run(update('ghost', { width: 1, height: 1 }));
		expect(result.error.message).toBe(
			'Not found (404): template "ghost" in entry point "live" does not exist for this App ID',
		);
	});

	test("Create Template: an existing name surfaces Agora's 400", async () => {
		templates().set('dup', { name: 'dup', width: 640, height: 360 });
		const result = await ctx.run(create('dup', 640, 360));
		expect(result.error.message).toBe(
			'Agora rejected the request (400): template dup already exists',
		);
		expect(ctx.requests()).toEqual([
			expect.objectContaining({ method: 'POST', path: CUSTOM, query: { id: 'dup' }, status: 400 }),
		]);
	});

	test.each([
		[
			'a preset name',
			create('hd', 640, 360),
			/Template Name "hd" is reserved for a preset: do not use ld, sd1, sd2, sd3, hd, fhd/,
		],
		[
			'a preset name in capitals',
			create('SD2', 640, 360),
			/Template Name "SD2" is reserved for a preset/,
		],
		[
			'a name with a space',
			create('my template', 640, 360),
			/Template Name "my template" is not valid: it contains a character that is not allowed\. Use letters, digits/,
		],
		['a name with a slash', create('a/b', 640, 360), /Template Name "a\/b" is not valid/],
		[
			'an empty name (from an expression)',
			create('={{ "" }}', 640, 360),
			/Template Name is required/,
		],
		['width above 1920', create('t', 2000, 360), /Width must be from 0 to 1920, but it is 2000/],
		['negative height', create('t', 640, -1), /Height must be from 0 to 1920, but it is -1/],
		[
			'video bitrate below 200',
			create('t', 640, 360, { videoBitrate: 100 }),
			/Video Bitrate \(Kbps\) must be from 200 to 6000, but it is 100/,
		],
		[
			'video bitrate above 6000',
			create('t', 640, 360, { videoBitrate: 6001 }),
			/Video Bitrate \(Kbps\) must be from 200 to 6000, but it is 6001/,
		],
		[
			'audio bitrate above 500',
			create('t', 640, 360, { audioBitrate: 600 }),
			/Audio Bitrate \(Kbps\) must be from 100 to 500, but it is 600/,
		],
		[
			'an unsupported sample rate',
			create('t', 640, 360, { audioSampleRate: '={{ 22050 }}' }),
			/Audio Sample Rate number 22050 is not allowed: use one of 96000, 88200, 64000, 48000, 44100, 32000, 16000/,
		],
		[
			'an unknown profile',
			create('t', 640, 360, { profile: '={{ "extended" }}' }),
			/Video Profile "extended" is not allowed: use one of base, main, high/,
		],
		[
			'another video codec',
			create('t', 640, 360, { videoCodec: '={{ "h265" }}' }),
			/Video Codec "h265" is not allowed: use one of h264/,
		],
		[
			'another audio codec',
			create('t', 640, 360, { audioCodec: '={{ "opus" }}' }),
			/Audio Codec "opus" is not allowed: use one of aac/,
		],
		[
			'width without height on update',
			update('mobile', { width: 1280 }),
			/Width and Height must be set together: Width is set but Height is not/,
		],
		[
			'height without width on update',
			update('mobile', { height: 720, profile: 'main' }),
			/Width and Height must be set together: Height is set but Width is not/,
		],
		[
			'nothing to update',
			update('mobile', {}),
			/Nothing to update: add at least one field under Update Fields/,
		],
		[
			'an update out of range',
			update('mobile', { audioBitrate: 50 }),
			/Audio Bitrate \(Kbps\) must be from 100 to 500, but it is 50/,
		],
		[
			'a bad template name on delete',
			{ operation: 'deleteTemplate', template: template('x y') },
			/Template "x y" is not valid/,
		],
		[
			'an empty template on update (from an expression)',
			update('={{ "" }}', { width: 1, height: 1 }),
			/Template is required/,
		],
	])('refuses %s before any request', async (_name, parameters, pattern) => {
		await ctx.expectInputError(parameters, pattern);
	});
});
