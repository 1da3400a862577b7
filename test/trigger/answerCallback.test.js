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

test('stream transfer: the answer is {"transferUrls": [...]} built from the item', async () => {
	const wf = env.n8n.addWorkflow({
		id: 'answer-transfer',
		parameters: { mode: 'streamTransfer', registerCallback: false },
		downstream: 'agora',
		downstreamParameters: {
			resource: 'callback',
			operation: 'answer',
			callback: 'streamTransfer',
			transferUrls:
				'=rtmp://cdn-a.example.com/live/{{ $json.streamName }}, rtmp://cdn-b.example.com/live/{{ $json.streamName }}',
		},
	});
	await wf.activate();
	try {
		const answer = await request(`${wf.productionUrl}?entry_point=live&stream_name=s9`, {
			method: 'POST',
		});
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.text)).toEqual({
			transferUrls: ['rtmp://cdn-a.example.com/live/s9', 'rtmp://cdn-b.example.com/live/s9'],
		});
	} finally {
		await wf.deactivate();
	}
});

test('dynamic pull: a URL that is not RTMP fails the run; Agora gets no origin (n8n answers 500)', async () => {
	const wf = env.n8n.addWorkflow({
		id: 'answer-pull',
		parameters: { mode: 'pullFromOrigin', registerCallback: false },
		downstream: 'agora',
		downstreamParameters: {
			resource: 'callback',
			operation: 'answer',
			callback: 'pullFromOrigin',
			originUrl: '=https://origin.example.com/{{ $json.streamName }}.flv',
		},
	});
	await wf.activate();
	try {
		const answer = await request(`${wf.productionUrl}?entry_point=live&stream_name=s1`, {
			method: 'GET',
		});
		expect(answer.status).toBe(500);
		expect(answer.text).not.toContain('origin.example.com');
	} finally {
		await wf.deactivate();
	}
});

test.each([
	['a ".." path segment', 'rtmp://origin.example.com/live/../admin/{{ $json.streamName }}'],
	['a percent-encoded ".." segment', 'rtmp://origin.example.com/%2e%2E/{{ $json.streamName }}'],
	['a "." path segment', 'rtmp://origin.example.com/./live/{{ $json.streamName }}'],
	['another scheme', 'ftp://origin.example.com/live/{{ $json.streamName }}'],
])(
	'dynamic pull: an origin URL with %s is refused; Agora gets no origin (500)',
	async (what, url) => {
		const wf = env.n8n.addWorkflow({
			id: `answer-pull-${what.replace(/\W+/g, '-')}`,
			parameters: { mode: 'pullFromOrigin', registerCallback: false },
			downstream: 'agora',
			downstreamParameters: {
				resource: 'callback',
				operation: 'answer',
				callback: 'pullFromOrigin',
				originUrl: `=${url}`,
			},
		});
		await wf.activate();
		try {
			const answer = await request(`${wf.productionUrl}?entry_point=live&stream_name=s1`, {
				method: 'GET',
			});
			expect(answer.status).toBe(500);
			await env.n8n.idle();
			expect(wf.executions[0].error?.message ?? String(wf.executions[0].error)).toContain(
				'is not an RTMP URL',
			);
		} finally {
			await wf.deactivate();
		}
	},
);

test('stream transfer: a transfer URL with a ".." segment fails the run (500), a clean one answers', async () => {
	const wf = env.n8n.addWorkflow({
		id: 'answer-transfer-dots',
		parameters: { mode: 'streamTransfer', registerCallback: false },
		downstream: 'agora',
		downstreamParameters: {
			resource: 'callback',
			operation: 'answer',
			callback: 'streamTransfer',
			transferUrls:
				'={{ $json.streamName === "ok" ? "rtmp://cdn.example.com/live/ok" : "rtmp://cdn.example.com/live/../x" }}',
		},
	});
	await wf.activate();
	try {
		const bad = await request(`${wf.productionUrl}?entry_point=live&stream_name=bad`, {
			method: 'POST',
		});
		expect(bad.status).toBe(500);
		const ok = await request(`${wf.productionUrl}?entry_point=live&stream_name=ok`, {
			method: 'POST',
		});
		expect(ok.status).toBe(200);
		expect(JSON.parse(ok.text)).toEqual({ transferUrls: ['rtmp://cdn.example.com/live/ok'] });
	} finally {
		await wf.deactivate();
	}
});
