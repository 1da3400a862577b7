// Callbacks Agora waits on (origin authentication §4.4, stream transfer §9.3, dynamic pull from origin
// §7.3): the workflow decides the answer; without an answer Agora gets the safe default; requests
// that fail verification start nothing. The test plays Agora's side of each callback (the sandbox
// does not send them), signing origin authentication with the secret the trigger registered.
'use strict';

const querystring = require('node:querystring');
const { setup, request, signV2, NCS_SECRET, rl } = require('./setup');

const APP = 'app-callbacks';
let env;

const authState = () => env.sandbox.state.app(APP).streamAuthWebhook;
const epState = (ep = 'live') => env.sandbox.state.app(APP).entryPoints.get(ep);

/** Origin authentication as Agora would send it (inferred: POST JSON + Agora-Signature-V2, §4.4). */
async function askAuth(
	url,
	fields,
	{ secret = authState().secret, method = 'POST', as = 'json', signature } = {},
) {
	let path = url;
	let raw;
	const headers = {};
	if (method === 'GET') {
		path = `${url}?${querystring.stringify(fields)}`;
		raw = '';
	} else if (as === 'form') {
		raw = querystring.stringify(fields);
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
	} else {
		raw = JSON.stringify(fields);
		headers['Content-Type'] = 'application/json';
	}
	const sig = signature !== undefined ? signature : secret ? signV2(secret, raw) : null;
	if (sig !== null) headers['Agora-Signature-V2'] = sig;
	return await request(path, { method, headers, body: method === 'GET' ? undefined : raw });
}

const AUTH_FIELDS = {
	host: 'push.example.com',
	entryPoint: 'live',
	streamName: 'good',
	clientIp: '203.0.113.9',
	cdnIp: '198.51.100.1',
	token: 'ts=1700000000&sign=abc',
	requestId: 'req-1',
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

	test('registered with a fresh random secret; GET and POST both listen on /webhook/<id>/agora', () => {
		expect(wf.webhooks().sort()).toEqual([
			`webhook GET ${wf.webhookId}/agora`,
			`webhook POST ${wf.webhookId}/agora`,
		]);
		expect(authState()).toEqual({
			enabled: true,
			url: wf.productionUrl,
			secret: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		expect(authState().secret).not.toBe(NCS_SECRET);
	});

	test('the workflow allows (200) or denies (401); the request parameters are output as fields', async () => {
		const before = wf.executions.length;
		const allowed = await askAuth(wf.productionUrl, AUTH_FIELDS);
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
			query: {},
			body: AUTH_FIELDS,
		});
		expect(JSON.stringify(item)).not.toContain(authState().secret);
	});

	test('parameters in the query string (GET, signature of the empty body) or in a form body', async () => {
		const before = wf.executions.length;
		const viaGet = await askAuth(
			wf.productionUrl,
			{ ...AUTH_FIELDS, requestId: 'req-get' },
			{ method: 'GET' },
		);
		expect(viaGet.status).toBe(200);
		const viaForm = await askAuth(
			wf.productionUrl,
			{ ...AUTH_FIELDS, streamName: 'other', requestId: 'req-form' },
			{ as: 'form' },
		);
		expect(viaForm.status).toBe(401);
		await env.n8n.idle();
		const [get, form] = wf.executions.slice(before).map((e) => e.triggerItems[0]);
		expect(get).toMatchObject({
			method: 'GET',
			streamName: 'good',
			host: 'push.example.com',
			requestId: 'req-get',
			body: {},
		});
		expect(get.query).toEqual({ ...AUTH_FIELDS, requestId: 'req-get' });
		expect(form).toMatchObject({
			method: 'POST',
			streamName: 'other',
			requestId: 'req-form',
			token: AUTH_FIELDS.token,
		});
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
		expect(viaGet.body).toEqual({ ok: false, error: 'invalid or missing Agora-Signature-V2' });
		await env.n8n.idle();
		expect(wf.executions.length).toBe(before);
	});

	test('no stream name or a body that is not JSON: 400, no execution', async () => {
		const before = wf.executions.length;
		const { streamName, ...noStream } = AUTH_FIELDS;
		expect(streamName).toBe('good');
		const missing = await askAuth(wf.productionUrl, noStream);
		expect(missing.status).toBe(400);
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

	test("registers the entry point's callbackUrl, answers what the workflow decided, restores on deactivation", async () => {
		const seq = env.lastSeq();
		const wf = env.n8n.addWorkflow({
			id: 'transfer',
			parameters: { mode: 'streamTransfer', entryPoint: rl('live') },
			downstream: 'answer',
			decide: transferTo,
		});
		await wf.activate();
		expect(env.apiCallsSince(seq)).toEqual([
			['GET', '/entry_points/live/settings/transfer', null],
			['GET', '/entry_points/live/settings/transfer', null],
			[
				'PATCH',
				'/entry_points/live/settings/transfer',
				{ enabled: true, callbackUrl: wf.productionUrl },
			],
			['GET', '/entry_points/live/settings/transfer', null],
		]);
		expect(epState().transfer).toEqual({ enabled: true, callbackUrl: wf.productionUrl });

		// Agora: POST {callbackUrl}?entry_point=...&stream_name=... (§9.3)
		const res = await request(`${wf.productionUrl}?entry_point=live&stream_name=match_1`, {
			method: 'POST',
		});
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/application\/json/);
		expect(res.body).toEqual({
			transferUrls: [
				'rtmp://cdn-a.example.com/live/match_1',
				'rtmp://cdn-b.example.com/live/match_1',
			],
		});
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

		// No answer from the workflow: 404 (nothing to forward).
		wf.setDecide(() => null);
		const silent = await request(`${wf.productionUrl}?entry_point=live&stream_name=match_2`, {
			method: 'POST',
		});
		expect(silent.status).toBe(404);
		// No stream name: 400, no execution.
		const before = wf.executions.length;
		const missing = await request(`${wf.productionUrl}?entry_point=live`, { method: 'POST' });
		expect(missing.status).toBe(400);
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
			expect(epState('studio').transfer).toEqual({ enabled: true, callbackUrl: wf.productionUrl });
			const res = await request(`${wf.productionUrl}?entry_point=studio&stream_name=s1`, {
				method: 'POST',
			});
			expect(res.status).toBe(200);
			expect(res.body).toEqual({ transferUrls: ['rtmp://restream.example.com/app/s1'] });
		} finally {
			await wf.deactivate();
		}
		expect(epState('studio').transfer).toEqual({ enabled: false, callbackUrl: '' });
	});

	test('an entry point Agora does not know: activation fails naming it, nothing is changed', async () => {
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
		expect(env.apiCallsSince(seq).filter(([method]) => method === 'PATCH')).toEqual([]);
		const bad = env.n8n.addWorkflow({
			id: 'transfer-bad',
			parameters: { mode: 'streamTransfer', entryPoint: rl('live/x') },
			downstream: 'answer',
			decide: transferTo,
		});
		await expect(bad.activate()).rejects.toThrow(
			'Entry Point must be the name of an entry point, without "/" or spaces (got "live/x")',
		);
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
		expect(env.apiCallsSince(seq).filter(([method]) => method === 'PATCH')).toEqual([
			[
				'PATCH',
				'/entry_points/live/settings/origin_site',
				{ enabled: true, callbackUrl: wf.productionUrl },
			],
		]);
		expect(epState().originSite).toEqual({ enabled: true, callbackUrl: wf.productionUrl });

		// Agora: GET {callbackUrl}?entry_point=...&stream_name=... (§7.3)
		const res = await request(`${wf.productionUrl}?entry_point=live&stream_name=cam2`, {
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

		wf.setDecide(() => null);
		const silent = await request(`${wf.productionUrl}?entry_point=live&stream_name=cam3`, {
			method: 'GET',
		});
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
			const res = await request(wf.productionUrl, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: { entry_point: 'studio', stream_name: 'b' },
			});
			expect(res.status).toBe(200);
			expect(res.body).toEqual({ url: 'rtmp://origin.example.com/studio/b' });
		} finally {
			await wf.deactivate();
		}
	});
});
