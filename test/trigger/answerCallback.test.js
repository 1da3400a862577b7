// Trigger (callback mode) → Agora Media Broadcast node, Callback → Answer: the workflow's decision
// reaches Agora through n8n's sendResponse, without the Respond to Webhook node (whose versions from
// 1.1 on refuse triggers that are not n8n's own).
'use strict';

const { setup, request, signV2 } = require('./setup');

const APP = 'app-answer';
let env;

const authState = () => env.sandbox.state.app(APP).streamAuthWebhook;

async function post(url, fields, secret) {
	const raw = JSON.stringify(fields);
	const headers = { 'Content-Type': 'application/json' };
	if (secret) headers['Agora-Signature-V2'] = signV2(secret, raw);
	return await request(url, { method: 'POST', headers, body: raw });
}

beforeAll(async () => {
	env = await setup({ appId: APP });
});

afterAll(async () => {
	await env.close();
});

afterEach(async () => {
	await env.n8n.idle();
});

test('origin authentication: an expression decides allow (200) or deny (401)', async () => {
	const wf = env.n8n.addWorkflow({
		id: 'answer-auth',
		parameters: { mode: 'originAuth' },
		downstream: 'agora',
		downstreamParameters: {
			resource: 'callback',
			operation: 'answer',
			callback: 'originAuth',
			decision: '={{ $json.streamName.startsWith("vip_") ? "allow" : "deny" }}',
		},
	});
	await wf.activate();
	try {
		const fields = { host: 'push.example.com', entryPoint: 'live', requestId: 'r1' };
		const allowed = await post(
			wf.productionUrl,
			{ ...fields, streamName: 'vip_1' },
			authState().secret,
		);
		const denied = await post(
			wf.productionUrl,
			{ ...fields, streamName: 'guest_1' },
			authState().secret,
		);
		expect(allowed.status).toBe(200);
		expect(denied.status).toBe(401);
	} finally {
		await wf.deactivate();
	}
});

/** Runs `fn(wf)` with an active workflow: trigger (callback mode, not registered) → Callback → Answer. */
async function withAnswerWorkflow(id, callback, answerParameters, fn) {
	const wf = env.n8n.addWorkflow({
		id,
		parameters: { mode: callback, registerCallback: false },
		downstream: 'agora',
		downstreamParameters: {
			resource: 'callback',
			operation: 'answer',
			callback,
			...answerParameters,
		},
	});
	await wf.activate();
	try {
		await fn(wf);
	} finally {
		await wf.deactivate();
	}
}

const ask = (wf, method, stream) =>
	request(`${wf.productionUrl}?entry_point=live&stream_name=${stream}`, { method });

test('stream transfer: the answer is {"transferUrls": [...]} built from the item', async () => {
	const transferUrls =
		'=rtmp://cdn-a.example.com/live/{{ $json.streamName }}, rtmp://cdn-b.example.com/live/{{ $json.streamName }}';
	await withAnswerWorkflow('answer-transfer', 'streamTransfer', { transferUrls }, async (wf) => {
		const answer = await ask(wf, 'POST', 's9');
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.text)).toEqual({
			transferUrls: ['rtmp://cdn-a.example.com/live/s9', 'rtmp://cdn-b.example.com/live/s9'],
		});
	});
});

test.each([
	['not RTMP (https)', 'https://origin.example.com/{{ $json.streamName }}.flv'],
	['another scheme', 'ftp://origin.example.com/live/{{ $json.streamName }}'],
	['a ".." path segment', 'rtmp://origin.example.com/live/../admin/{{ $json.streamName }}'],
	['a percent-encoded ".." segment', 'rtmp://origin.example.com/%2e%2E/{{ $json.streamName }}'],
	['a "." path segment', 'rtmp://origin.example.com/./live/{{ $json.streamName }}'],
])(
	'dynamic pull: an origin URL that is %s fails the run; Agora gets no origin (500)',
	async (what, url) => {
		const id = `answer-pull-${what.replace(/\W+/g, '-')}`;
		await withAnswerWorkflow(id, 'pullFromOrigin', { originUrl: `=${url}` }, async (wf) => {
			const answer = await ask(wf, 'GET', 's1');
			expect(answer.status).toBe(500);
			expect(answer.text).not.toContain('origin.example.com');
			await env.n8n.idle();
			expect(wf.executions[0].error.message).toContain('is not an RTMP URL');
		});
	},
);

test('stream transfer: a transfer URL with a ".." segment fails the run (500), a clean one answers', async () => {
	const transferUrls =
		'={{ $json.streamName === "ok" ? "rtmp://cdn.example.com/live/ok" : "rtmp://cdn.example.com/live/../x" }}';
	await withAnswerWorkflow(
		'answer-transfer-dots',
		'streamTransfer',
		{ transferUrls },
		async (wf) => {
			expect((await ask(wf, 'POST', 'bad')).status).toBe(500);
			const ok = await ask(wf, 'POST', 'ok');
			expect(ok.status).toBe(200);
			expect(JSON.parse(ok.text)).toEqual({ transferUrls: ['rtmp://cdn.example.com/live/ok'] });
		},
	);
});
