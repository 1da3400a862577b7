// The one name rule (shared/names.ts, reached through api.ts) for names that become path segments, through n8n's engine:
// "." and ".." never reach a URL, `@ + :` are accepted and sent encoded, and the App ID is checked.
'use strict';

const path = require('node:path');

const { DIST } = require('../helpers/engine');
const { useSandbox, byName, jsonOf } = require('../helpers/sandboxContext');

const api = require(path.join(DIST, 'nodes/AgoraMediaBroadcast/api.js'));

const APP_ID = 'names0123456789abcdef0123456789a';
const ctx = useSandbox({ appId: APP_ID });

describe('the name rule', () => {
	test.each(['cam_1', 'a.b', 'user@example', 'a+b', 'x:1', 'a~b-c', 'Cam-1.hd'])(
		'%s is accepted',
		(name) => expect(api.nameProblem(name)).toBeUndefined(),
	);
	test.each([
		'.',
		'..',
		'a/b',
		'a b',
		'a?b',
		'a#b',
		'a%2Fb',
		'a&b',
		'a=b',
		'a;b',
		'a,b',
		'live!',
		"it's",
		'é',
		'',
	])('%s is refused', (name) => expect(api.nameProblem(name)).toBeDefined());
	test('the length limit is part of the rule', () => {
		expect(api.nameProblem('a'.repeat(128))).toBeUndefined();
		expect(api.nameErrorText('Stream Name', 'a'.repeat(129))).toMatch(
			/is 129 characters long\. Use .*at most 128 characters/,
		);
	});
	test('the error text and the field text state the same characters', () => {
		const error = api.nameErrorText('Stream Name', 'a/b');
		expect(error).toContain(api.NAME_CHARACTERS_TEXT);
		expect(api.nameRuleText()).toContain(api.NAME_CHARACTERS_TEXT);
	});
	test('paths encode every segment', () => {
		expect(api.entryPointPath('live', 'admin', 'banned_streams', 'a@b+c:d')).toBe(
			'/entry_points/live/admin/banned_streams/a%40b%2Bc%3Ad',
		);
		expect(api.domainPath('push.example.com')).toBe('/domains/push.example.com');
	});
});

describe('names in messages and log lines: control characters shown as ?, at most 80 characters', () => {
	test('a line break, a bidi override and an over-long name in an error', async () => {
		await ctx.expectInputError(
			{
				resource: 'stream',
				operation: 'ban',
				entryPoint: byName('live'),
				streamName: 'cam1\r\nINFO forged \u202egnp.exe',
			},
			/^Stream Name "cam1\?\?INFO forged \?gnp\.exe" is not valid/,
		);
		const long = `x y${'z'.repeat(300)}`;
		await ctx.expectInputError(
			{ resource: 'stream', operation: 'ban', entryPoint: byName('live'), streamName: long },
			new RegExp(`^Stream Name "${long.slice(0, 80)}…" is not valid`),
		);
	});
	test('a domain name in an error', async () => {
		await ctx.expectInputError(
			{ resource: 'domain', operation: 'get', domain: byName('push\n.example.com') },
			/^Domain "push\?\.example\.com" is not a valid domain name/,
		);
	});
	test('shownName keeps printable text as it is', () => {
		expect(api.shownName('cam_1 é ✓')).toBe('cam_1 é ✓');
		expect(api.shownName('\u0000\u001b[31mred')).toBe('??[31mred');
	});
});

describe('names through the engine', () => {
	test.each(['.', '..'])('Delete entry point %s is refused before any request', async (name) => {
		await ctx.expectInputError(
			{ resource: 'entryPoint', operation: 'delete', entryPoint: byName(name) },
			new RegExp(`Entry Point "${name.replace(/\./g, '\\.')}" is not valid: it is a path step`),
		);
	});
	test.each(['.', '..'])('Ban of stream %s is refused before any request', async (name) => {
		await ctx.expectInputError(
			{ resource: 'stream', operation: 'ban', entryPoint: byName('live'), streamName: name },
			/Stream Name "\.\.?" is not valid: it is a path step/,
		);
	});
	test('a template named ".." is refused before any request', async () => {
		await ctx.expectInputError(
			{
				resource: 'transcoding',
				operation: 'deleteTemplate',
				entryPoint: byName('live'),
				template: byName('..'),
			},
			/Template "\.\." is not valid: it is a path step/,
		);
	});
	test('a domain named ".." is refused before any request', async () => {
		await ctx.expectInputError(
			{ resource: 'domain', operation: 'delete', domain: byName('..') },
			/Domain "\.\." is not a valid domain name/,
		);
	});
	test('a stream name with @, + and : is banned under that exact name', async () => {
		const result = await ctx.run({
			resource: 'stream',
			operation: 'ban',
			entryPoint: byName('live'),
			streamName: 'user@host+1:cam',
		});
		expect(jsonOf(result)).toEqual([
			{ success: true, entryPoint: 'live', streamName: 'user@host+1:cam' },
		]);
		expect(ctx.sandbox.state.dump(APP_ID).entryPoints.live.banned.map((ban) => ban.name)).toEqual([
			'user@host+1:cam',
		]);
	});
	test('an App ID of ".." is refused before any request', async () => {
		const before = ctx.sandbox.requestLog.length;
		const result = await ctx.run(
			{
				resource: 'stream',
				operation: 'getManyBanned',
				entryPoint: byName('live'),
				returnAll: true,
			},
			{ credentials: { ...ctx.credentials, appId: '..' } },
		);
		expect(result.error?.message).toMatch(/The credential's App ID "\.\." is not valid/);
		expect(ctx.sandbox.requestLog.length).toBe(before);
	});
});
