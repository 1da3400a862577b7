// Callbacks Agora waits on (origin authentication §4.4, stream transfer §9.3, dynamic pull from origin
// §7.3): the workflow decides the answer; without an answer Agora gets the safe default; requests
// that fail verification start nothing. The test plays Agora's side of each callback (the sandbox
// does not send them), signing origin authentication with the secret the trigger registered.
'use strict';

const crypto = require('node:crypto');
const querystring = require('node:querystring');
const {
	setup,
	request,
	signV2,
	derivedFor,
	openedPrevious,
	withQuery,
	NCS_SECRET,
	rl,
} = require('./setup');

const APP = 'app-callbacks';
let env;

const authState = () => env.sandbox.state.app(APP).streamAuthWebhook;
const epState = (ep = 'live') => env.sandbox.state.app(APP).entryPoints.get(ep);

/**
 * Origin authentication as Agora would send it (inferred: POST JSON + Agora-Signature-V2, §4.4).
 * Each call gets its own requestId unless one is given (a repeated one is a replay).
 */
async function askAuth(
	url,
	fields,
	{ secret = authState().secret, method = 'POST', as = 'json', signature, query } = {},
) {
	const all = { ...fields, requestId: fields.requestId ?? `req-${crypto.randomUUID()}` };
	let path = query ? `${url}?${querystring.stringify(query)}` : url;
	let raw;
	const headers = {};
	if (method === 'GET') {
		path = `${url}?${querystring.stringify(all)}`;
		raw = '';
	} else if (as === 'form') {
		raw = querystring.stringify(all);
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
	} else {
		raw = JSON.stringify(all);
		headers['Content-Type'] = 'application/json';
	}
	const sig = signature !== undefined ? signature : secret ? signV2(secret, raw) : null;
	if (sig !== null) headers['Agora-Signature-V2'] = sig;
	const response = await request(path, {
		method,
		headers,
		body: method === 'GET' ? undefined : raw,
	});
	return { ...response, raw, headers };
}

const AUTH_FIELDS = {
	host: 'push.example.com',
	entryPoint: 'live',
	streamName: 'good',
	clientIp: '203.0.113.9',
	cdnIp: '198.51.100.1',
	token: 'ts=1700000000&sign=abc',
};

/** Allows the stream "good", denies everything else (what a workflow with an IF node would do). */
const allowGood = (json) =>
	json.streamName === 'good' ? { statusCode: 200 } : { statusCode: 401 };

beforeAll(async () => {
	env = await setup({ appId: APP });
	env.sandbox.seed({ appId: APP, entryPoints: ['studio'] });
});

afterAll(async () => {
	await env.close();
});

afterEach(async () => {
	await env.n8n.idle();
});

describe('origin authentication', () => {
	let wf;
	beforeAll(async () => {
		env.sandbox.seed({
			appId: APP,
			streamAuthWebhook: {
				enabled: true,
				url: 'https://auth.example.com/cb',
				secret: 'previous-secret',
			},
		});
		wf = env.n8n.addWorkflow({
			id: 'auth',
			parameters: { mode: 'originAuth' },
			downstream: 'answer',
			decide: allowGood,
		});
		await wf.activate();
	});
	afterAll(async () => {
		await wf.deactivate();
	});

	test('registered with a secret derived from the credential (HMAC of the Customer Secret with workflow and node ids), stored nowhere', () => {
		expect(wf.webhooks().sort()).toEqual([
			`webhook GET ${wf.webhookId}/agora`,
			`webhook POST ${wf.webhookId}/agora`,
		]);
		const secret = derivedFor(env, wf).originAuthSecret;
		expect(authState()).toEqual({ enabled: true, url: wf.productionUrl, secret });
		expect(secret).toMatch(/^[0-9a-f]{64}$/);
		expect(secret).not.toBe(NCS_SECRET);
		// Neither the registered secret nor the one it replaced is in the static data (n8n's database).
		const stored = JSON.stringify(wf.storedStaticData);
		expect(stored).not.toContain(secret);
		expect(stored).not.toContain('previous-secret');
		// The setting it replaced is kept sealed whole; it opens to exactly what was there.
		expect(wf.storedStaticData['node:Agora Trigger'].registration.previous).toEqual({
			sealed: expect.stringMatching(/^v2\.[\w-]+\.[\w-]+\.[\w-]+$/),
		});
		expect(stored).not.toContain('auth.example.com');
		expect(openedPrevious(env, wf)).toEqual({
			enabled: true,
			url: 'https://auth.example.com/cb',
			secret: 'previous-secret',
		});
	});

	test('the workflow allows (200) or denies (401); the signed fields are output', async () => {
		const before = wf.executions.length;
		const allowed = await askAuth(wf.productionUrl, { ...AUTH_FIELDS, requestId: 'req-1' });
		expect(allowed.status).toBe(200);
		const denied = await askAuth(wf.productionUrl, {
			...AUTH_FIELDS,
			streamName: 'bad',
			requestId: 'req-2',
		});
		expect(denied.status).toBe(401);
		await env.n8n.idle();
		expect(wf.executions.length).toBe(before + 2);
		const item = wf.executions[before].triggerItems[0];
		expect(item).toEqual({
			callback: 'originAuth',
			host: 'push.example.com',
			entryPoint: 'live',
			streamName: 'good',
			clientIp: '203.0.113.9',
			cdnIp: '198.51.100.1',
			token: 'ts=1700000000&sign=abc',
			requestId: 'req-1',
			method: 'POST',
			signatureVerified: true,
			receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			body: { ...AUTH_FIELDS, requestId: 'req-1' },
		});
		expect(JSON.stringify(item)).not.toContain(authState().secret);
	});

	test('only signed data is trusted: query values are never merged into a verified item', async () => {
		const before = wf.executions.length;
		const { clientIp, ...withoutIp } = AUTH_FIELDS;
		expect(clientIp).toBeDefined();
		const res = await askAuth(
			wf.productionUrl,
			{ ...withoutIp, requestId: 'req-query' },
			{ query: { streamName: 'evil', clientIp: '6.6.6.6', entryPoint: 'other', host: 'x' } },
		);
		expect(res.status).toBe(200);
		await env.n8n.idle();
		const [item] = wf.executions.slice(before).map((e) => e.triggerItems[0]);
		expect(item).toMatchObject({
			signatureVerified: true,
			streamName: 'good',
			entryPoint: 'live',
			host: 'push.example.com',
			clientIp: null,
		});
		expect(item).not.toHaveProperty('query');
		expect(JSON.stringify(item)).not.toContain('6.6.6.6');
		expect(JSON.stringify(item)).not.toContain('evil');
	});

	test('a signed form body is read from the signed bytes; a GET or an empty body has nothing signed: 401', async () => {
		const before = wf.executions.length;
		const viaForm = await askAuth(
			wf.productionUrl,
			{ ...AUTH_FIELDS, streamName: 'other', requestId: 'req-form' },
			{ as: 'form' },
		);
		expect(viaForm.status).toBe(401);
		await env.n8n.idle();
		expect(wf.executions.slice(before).map((e) => e.triggerItems[0])).toEqual([
			expect.objectContaining({
				method: 'POST',
				streamName: 'other',
				requestId: 'req-form',
				token: AUTH_FIELDS.token,
				signatureVerified: true,
			}),
		]);
		const count = wf.executions.length;
		// GET with the signature of the empty body: refused, no execution.
		const viaGet = await askAuth(
			wf.productionUrl,
			{ ...AUTH_FIELDS, requestId: 'req-get' },
			{ method: 'GET' },
		);
		expect(viaGet.status).toBe(401);
		expect(viaGet.body).toEqual({
			ok: false,
			error: 'origin authentication must be a POST with a signed body',
		});
		const empty = await request(wf.productionUrl, {
			method: 'POST',
			headers: { 'Agora-Signature-V2': signV2(authState().secret, '') },
			body: '',
		});
		expect(empty.status).toBe(401);
		await env.n8n.idle();
		expect(wf.executions.length).toBe(count);
	});

	test('a replayed signed request (same bytes, or same requestId) is refused within 10 s of the first: 401, no execution', async () => {
		const before = wf.executions.length;
		const first = await askAuth(wf.productionUrl, { ...AUTH_FIELDS, requestId: 'req-replay' });
		expect(first.status).toBe(200);
		const sameBytes = await request(wf.productionUrl, {
			method: 'POST',
			headers: first.headers,
			body: first.raw,
		});
		expect(sameBytes.status).toBe(401);
		expect(sameBytes.body).toEqual({
			ok: false,
			error: 'this signed request was already answered (replay)',
		});
		const sameRequestId = await askAuth(wf.productionUrl, {
			...AUTH_FIELDS,
			cdnIp: '198.51.100.2',
			requestId: 'req-replay',
		});
		expect(sameRequestId.status).toBe(401);
		await env.n8n.idle();
		expect(wf.executions.length).toBe(before + 1);
	});

	test('the same signed bytes after the 10 s window are answered again: a viewer playing the same stream again from the same address (no requestId) is not denied for a day', async () => {
		const fields = { ...AUTH_FIELDS, streamName: 'good', clientIp: '203.0.113.77' };
		const raw = JSON.stringify(fields); // no requestId: identical bytes every time
		const headers = {
			'Content-Type': 'application/json',
			'Agora-Signature-V2': signV2(authState().secret, raw),
		};
		const send = () => request(wf.productionUrl, { method: 'POST', headers, body: raw });
		const before = wf.executions.length;
		const realNow = Date.now;
		try {
			expect((await send()).status).toBe(200);
			let now = realNow();
			Date.now = () => now;
			now += 5_000;
			expect((await send()).status).toBe(401);
			now += 6_000; // 11 s after the first
			expect((await send()).status).toBe(200);
		} finally {
			Date.now = realNow;
		}
		await env.n8n.idle();
		expect(wf.executions.length).toBe(before + 2);
	});

	test('unsigned, forged, or signed with the NCS secret instead of the registered one: 401 (deny), no execution', async () => {
		const before = wf.executions.length;
		expect((await askAuth(wf.productionUrl, AUTH_FIELDS, { signature: null })).status).toBe(401);
		expect((await askAuth(wf.productionUrl, AUTH_FIELDS, { secret: 'forged-secret' })).status).toBe(
			401,
		);
		expect((await askAuth(wf.productionUrl, AUTH_FIELDS, { secret: NCS_SECRET })).status).toBe(401);
		const viaGet = await askAuth(wf.productionUrl, AUTH_FIELDS, { method: 'GET', signature: null });
		expect(viaGet.status).toBe(401);
		await env.n8n.idle();
		expect(wf.executions.length).toBe(before);
	});

	test('no stream name, a name that breaks the name rule, or a body that is not JSON: 400, no execution', async () => {
		const before = wf.executions.length;
		const { streamName, ...noStream } = AUTH_FIELDS;
		expect(streamName).toBe('good');
		const missing = await askAuth(wf.productionUrl, noStream);
		expect(missing.status).toBe(400);
		for (const name of ['..', 'a/b', 'with space']) {
			const bad = await askAuth(wf.productionUrl, { ...AUTH_FIELDS, streamName: name });
			expect(bad.status).toBe(400);
		}
		const secret = authState().secret;
		const garbage = await request(wf.productionUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'text/plain', 'Agora-Signature-V2': signV2(secret, 'garbage') },
			body: 'garbage',
		});
		expect(garbage.status).toBe(400);
		await env.n8n.idle();
		expect(wf.executions.length).toBe(before);
	});

	test('the workflow ends without answering: Default Answer deny (401); the workflow fails: n8n answers 500', async () => {
		wf.setDecide(() => null);
		try {
			const silent = await askAuth(wf.productionUrl, AUTH_FIELDS);
			expect(silent.status).toBe(401);
			expect(silent.text).toBe('');
			wf.setDecide(() => {
				throw new Error('lookup failed');
			});
			const failed = await askAuth(wf.productionUrl, AUTH_FIELDS);
			expect(failed.status).toBe(500);
			expect(failed.body).toEqual({ message: 'Error in workflow' });
		} finally {
			wf.setDecide(allowGood);
		}
	});
});

describe('origin authentication options', () => {
	test('Default Answer allow: a workflow that does not answer lets the stream through (200)', async () => {
		const wf = env.n8n.addWorkflow({
			id: 'auth-allow',
			parameters: { mode: 'originAuth', defaultAnswer: 'allow' },
			downstream: 'answer',
			decide: () => null,
		});
		await wf.activate();
		try {
			const res = await askAuth(wf.productionUrl, AUTH_FIELDS);
			expect(res.status).toBe(200);
			const unsigned = await askAuth(wf.productionUrl, AUTH_FIELDS, { signature: null });
			expect(unsigned.status).toBe(401);
		} finally {
			await wf.deactivate();
		}
	});

	test("Register Callback URL off: nothing is sent to Agora; requests are verified with the credential's NCS secret", async () => {
		const seq = env.lastSeq();
		const wf = env.n8n.addWorkflow({
			id: 'auth-manual',
			parameters: { mode: 'originAuth', registerCallback: false },
			downstream: 'answer',
			decide: allowGood,
		});
		await wf.activate();
		try {
			expect(env.apiCallsSince(seq)).toEqual([]);
			expect((await askAuth(wf.productionUrl, AUTH_FIELDS, { secret: NCS_SECRET })).status).toBe(
				200,
			);
			expect((await askAuth(wf.productionUrl, AUTH_FIELDS, { secret: 'other' })).status).toBe(401);
		} finally {
			await wf.deactivate();
		}
		expect(env.apiCallsSince(seq)).toEqual([]);
	});

	test('Require Signature off: unsigned requests reach the workflow (signatureVerified false)', async () => {
		const wf = env.n8n.addWorkflow({
			id: 'auth-unsigned',
			parameters: { mode: 'originAuth', registerCallback: false, requireSignature: false },
			downstream: 'answer',
			decide: allowGood,
		});
		await wf.activate();
		try {
			const res = await askAuth(wf.productionUrl, AUTH_FIELDS, { signature: null });
			expect(res.status).toBe(200);
			await env.n8n.idle();
			expect(wf.executions[0].triggerItems[0].signatureVerified).toBe(false);
		} finally {
			await wf.deactivate();
		}
	});
});

describe('Require Signature is on unless it is exactly false', () => {
	test.each([
		['the string "false"', 'false'],
		['the number 0', 0],
		['an expression that gives false', '={{ false }}'],
		['a Variable', '={{ $vars.REQUIRE_SIGNATURE }}'],
	])('%s: unsigned requests are still refused (401), no execution', async (label, value) => {
		const wf = env.n8n.addWorkflow({
			id: `auth-strict-${label.replace(/\W+/g, '-')}`,
			parameters: { mode: 'originAuth', registerCallback: false, requireSignature: value },
			downstream: 'answer',
			decide: allowGood,
		});
		await wf.activate();
		try {
			const res = await askAuth(wf.productionUrl, AUTH_FIELDS, { signature: null });
			expect(res.status).toBe(401);
			const signed = await askAuth(wf.productionUrl, AUTH_FIELDS, { secret: NCS_SECRET });
			expect(signed.status).toBe(200);
			await env.n8n.idle();
			expect(wf.executions.map((e) => e.triggerItems[0].signatureVerified)).toEqual([true]);
		} finally {
			await wf.deactivate();
		}
	});
});

describe('stream transfer lookup', () => {
	const transferTo = (json) => ({
		statusCode: 200,
		body: {
			transferUrls: [
				`rtmp://cdn-a.example.com/live/${json.streamName}`,
				`rtmp://cdn-b.example.com/live/${json.streamName}`,
			],
		},
	});

	test("registers the entry point's callbackUrl with a token, answers what the workflow decided, restores on deactivation", async () => {
		const seq = env.lastSeq();
		const wf = env.n8n.addWorkflow({
			id: 'transfer',
			parameters: { mode: 'streamTransfer', entryPoint: rl('live') },
			downstream: 'answer',
			decide: transferTo,
		});
		await wf.activate();
		const { callbackToken } = derivedFor(env, wf);
		expect(callbackToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const registered = withQuery(wf.productionUrl, { n8nToken: callbackToken });
		expect(env.apiCallsSince(seq)).toEqual([
			['GET', '/entry_points/live/settings/transfer', null],
			['GET', '/entry_points/live/settings/transfer', null],
			['PATCH', '/entry_points/live/settings/transfer', { enabled: true, callbackUrl: registered }],
			['GET', '/entry_points/live/settings/transfer', null],
		]);
		expect(epState().transfer).toEqual({ enabled: true, callbackUrl: registered });
		expect(JSON.stringify(wf.storedStaticData)).not.toContain(callbackToken);

		// Agora: POST {callbackUrl}?entry_point=...&stream_name=... (§9.3)
		const res = await request(
			withQuery(registered, { entry_point: 'live', stream_name: 'match_1' }),
			{
				method: 'POST',
			},
		);
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/application\/json/);
		expect(res.body).toEqual({
			transferUrls: [
				'rtmp://cdn-a.example.com/live/match_1',
				'rtmp://cdn-b.example.com/live/match_1',
			],
		});
		// Agora appending with a second "?" works too.
		const naive = await request(`${registered}?entry_point=live&stream_name=match_9`, {
			method: 'POST',
		});
		expect(naive.status).toBe(200);
		await env.n8n.idle();
		expect(wf.executions[0].triggerItems[0]).toEqual({
			callback: 'streamTransfer',
			entryPoint: 'live',
			streamName: 'match_1',
			method: 'POST',
			receivedAt: expect.any(String),
			query: { entry_point: 'live', stream_name: 'match_1' },
			body: {},
		});
		expect(wf.executions[1].triggerItems[0]).toMatchObject({ streamName: 'match_9' });
		expect(JSON.stringify(wf.executions.map((e) => e.triggerItems))).not.toContain(callbackToken);

		// No answer from the workflow: 404 (nothing to forward).
		wf.setDecide(() => null);
		const silent = await request(
			withQuery(registered, { entry_point: 'live', stream_name: 'match_2' }),
			{
				method: 'POST',
			},
		);
		expect(silent.status).toBe(404);
		const before = wf.executions.length;
		const refused = {
			'no token': [withQuery(wf.productionUrl, { entry_point: 'live', stream_name: 's' }), 401],
			'a wrong token': [
				withQuery(wf.productionUrl, {
					n8nToken: 'x'.repeat(43),
					entry_point: 'live',
					stream_name: 's',
				}),
				401,
			],
			'another entry point': [
				withQuery(registered, { entry_point: 'studio', stream_name: 's' }),
				404,
			],
			'no stream name': [withQuery(registered, { entry_point: 'live' }), 400],
			'a stream name ".."': [
				withQuery(registered, { entry_point: 'live', stream_name: '..' }),
				400,
			],
			'a stream name with "/"': [
				withQuery(registered, { entry_point: 'live', stream_name: 'a/b' }),
				400,
			],
		};
		const statuses = {};
		for (const [what, [url]] of Object.entries(refused)) {
			statuses[what] = (await request(url, { method: 'POST' })).status;
		}
		expect(statuses).toEqual(
			Object.fromEntries(Object.entries(refused).map(([k, [, status]]) => [k, status])),
		);
		await env.n8n.idle();
		expect(wf.executions.length).toBe(before);

		const seq2 = env.lastSeq();
		await wf.deactivate();
		expect(env.apiCallsSince(seq2)).toEqual([
			['GET', '/entry_points/live/settings/transfer', null],
			['PATCH', '/entry_points/live/settings/transfer', { enabled: false, callbackUrl: '' }],
		]);
		expect(epState().transfer).toEqual({ enabled: false, callbackUrl: '' });
		expect(wf.storedStaticData['node:Agora Trigger'].registration).toBeUndefined();
	});

	test('Respond "When Last Node Finishes": the last node\'s first item is the answer', async () => {
		const wf = env.n8n.addWorkflow({
			id: 'transfer-last',
			parameters: { mode: 'streamTransfer', entryPoint: rl('studio'), respond: 'lastNode' },
			downstream: 'last',
			decide: (json) => ({ transferUrls: [`rtmp://restream.example.com/app/${json.streamName}`] }),
		});
		await wf.activate();
		try {
			const registered = withQuery(wf.productionUrl, {
				n8nToken: derivedFor(env, wf).callbackToken,
			});
			expect(epState('studio').transfer).toEqual({ enabled: true, callbackUrl: registered });
			const res = await request(
				withQuery(registered, { entry_point: 'studio', stream_name: 's1' }),
				{
					method: 'POST',
				},
			);
			expect(res.status).toBe(200);
			expect(res.body).toEqual({ transferUrls: ['rtmp://restream.example.com/app/s1'] });
		} finally {
			await wf.deactivate();
		}
		expect(epState('studio').transfer).toEqual({ enabled: false, callbackUrl: '' });
	});

	test('an entry point Agora does not know, or that breaks the name rule: activation fails naming it, nothing is changed', async () => {
		const seq = env.lastSeq();
		const wf = env.n8n.addWorkflow({
			id: 'transfer-404',
			parameters: { mode: 'streamTransfer', entryPoint: rl('nope') },
			downstream: 'answer',
			decide: transferTo,
		});
		await expect(wf.activate()).rejects.toThrow(
			'Not found (404): entry point "nope" does not exist for this App ID',
		);
		for (const name of ['live/x', '..', '.']) {
			const bad = env.n8n.addWorkflow({
				id: `transfer-bad-${name}`,
				parameters: { mode: 'streamTransfer', entryPoint: rl(name) },
				downstream: 'answer',
				decide: transferTo,
			});
			await expect(bad.activate()).rejects.toThrow(`Entry Point "${name}" is not valid`);
		}
		expect(env.apiCallsSince(seq).filter(([method]) => method === 'PATCH')).toEqual([]);
	});

	test("Register Callback URL off: the user's token and/or IP allow-list guard the URL", async () => {
		const wf = env.n8n.addWorkflow({
			id: 'transfer-manual',
			parameters: {
				mode: 'streamTransfer',
				entryPoint: rl('live'),
				registerCallback: false,
				callbackToken: 'my-own-token',
				allowedIps: '10.9.9.9, 127.0.0.0/8',
			},
			downstream: 'answer',
			decide: transferTo,
		});
		await wf.activate();
		try {
			const ask = (params) => request(withQuery(wf.productionUrl, params), { method: 'POST' });
			expect(
				(await ask({ n8nToken: 'my-own-token', entry_point: 'live', stream_name: 'a' })).status,
			).toBe(200);
			expect((await ask({ n8nToken: 'other', entry_point: 'live', stream_name: 'a' })).status).toBe(
				401,
			);
			expect((await ask({ entry_point: 'live', stream_name: 'a' })).status).toBe(401);
		} finally {
			await wf.deactivate();
		}
		const byIp = env.n8n.addWorkflow({
			id: 'transfer-ip',
			parameters: {
				mode: 'streamTransfer',
				entryPoint: rl('live'),
				registerCallback: false,
				allowedIps: '10.9.9.9',
			},
			downstream: 'answer',
			decide: transferTo,
		});
		await byIp.activate();
		try {
			const res = await request(
				withQuery(byIp.productionUrl, { entry_point: 'live', stream_name: 'a' }),
				{ method: 'POST' },
			);
			expect(res.status).toBe(401);
		} finally {
			await byIp.deactivate();
		}
		await env.n8n.idle();
		expect(byIp.executions).toHaveLength(0);
		expect(wf.executions).toHaveLength(1);
	});
});

describe('dynamic pull from origin', () => {
	test('replaces a direct-pull domain by the callback while active, answers {"url"}, restores the domain', async () => {
		epState().originSite = { enabled: true, domain: 'origin.example.com', app: 'live' };
		const seq = env.lastSeq();
		const wf = env.n8n.addWorkflow({
			id: 'pull',
			parameters: { mode: 'pullFromOrigin', entryPoint: rl('live') },
			downstream: 'answer',
			decide: (json) => ({
				statusCode: 200,
				body: { url: `rtmp://origin.example.com/live/${json.streamName}` },
			}),
		});
		await wf.activate();
		const registered = withQuery(wf.productionUrl, { n8nToken: derivedFor(env, wf).callbackToken });
		expect(env.apiCallsSince(seq).filter(([method]) => method === 'PATCH')).toEqual([
			[
				'PATCH',
				'/entry_points/live/settings/origin_site',
				{ enabled: true, callbackUrl: registered },
			],
		]);
		expect(epState().originSite).toEqual({ enabled: true, callbackUrl: registered });

		// Agora: GET {callbackUrl}?entry_point=...&stream_name=... (§7.3)
		const res = await request(withQuery(registered, { entry_point: 'live', stream_name: 'cam2' }), {
			method: 'GET',
		});
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ url: 'rtmp://origin.example.com/live/cam2' });
		await env.n8n.idle();
		expect(wf.executions[0].triggerItems[0]).toMatchObject({
			callback: 'pullFromOrigin',
			entryPoint: 'live',
			streamName: 'cam2',
			method: 'GET',
		});
		const unauthenticated = await request(
			withQuery(wf.productionUrl, { entry_point: 'live', stream_name: 'cam2' }),
			{ method: 'GET' },
		);
		expect(unauthenticated.status).toBe(401);

		wf.setDecide(() => null);
		const silent = await request(
			withQuery(registered, { entry_point: 'live', stream_name: 'cam3' }),
			{
				method: 'GET',
			},
		);
		expect(silent.status).toBe(404);

		const seq2 = env.lastSeq();
		await wf.deactivate();
		expect(env.apiCallsSince(seq2).filter(([method]) => method === 'PATCH')).toEqual([
			[
				'PATCH',
				'/entry_points/live/settings/origin_site',
				{ enabled: true, domain: 'origin.example.com', app: 'live' },
			],
		]);
		expect(epState().originSite).toEqual({
			enabled: true,
			domain: 'origin.example.com',
			app: 'live',
		});
	});

	test('Respond "When Last Node Finishes" with a JSON body in the POST', async () => {
		const wf = env.n8n.addWorkflow({
			id: 'pull-last',
			parameters: { mode: 'pullFromOrigin', entryPoint: rl('studio'), respond: 'lastNode' },
			downstream: 'last',
			decide: (json) => ({
				url: `rtmp://origin.example.com/${json.entryPoint}/${json.streamName}`,
			}),
		});
		await wf.activate();
		try {
			const res = await request(
				withQuery(wf.productionUrl, { n8nToken: derivedFor(env, wf).callbackToken }),
				{
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: { entry_point: 'studio', stream_name: 'b' },
				},
			);
			expect(res.status).toBe(200);
			expect(res.body).toEqual({ url: 'rtmp://origin.example.com/studio/b' });
		} finally {
			await wf.deactivate();
		}
	});
});
