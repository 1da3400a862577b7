// The trigger's memory of deliveries across n8n processes and restarts: two "webhook processes"
// (each its own copy of the package's modules, so its own process memory) serve the same workflow
// from one shared "database" of static data, loaded per request and saved after the webhook
// function, as n8n 2.41's LiveWebhooks does. A repeat reaching the other process, or any process
// after a restart, is answered "duplicate" and starts nothing.
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const { startN8n, triggerOfAnotherProcess, request, signV2 } = require('./harness');

const NCS_SECRET = ['ncs', 'cross', 'process', 'secret'].join('-');
const credentials = () => ({
	customerId: 'sandbox-customer-id',
	customerSecret: ['sandbox', 'customer', 'secret'].join('-'),
	appId: 'app-cross-process',
	baseUrl: 'http://127.0.0.1:9',
	requestsPerSecond: 50,
	ncsSecret: NCS_SECRET,
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const event = (streamName) => ({
	noticeId: crypto.randomUUID(),
	productId: 7,
	eventType: 1,
	notifyMs: 1764331200000,
	payload: { entryPoint: 'live', streamName },
});

async function deliver(url, body) {
	const raw = JSON.stringify(body);
	const res = await request(url, {
		headers: { 'Content-Type': 'application/json', 'Agora-Signature-V2': signV2(NCS_SECRET, raw) },
		body: raw,
	});
	return res.body?.result ?? res.status;
}

const EVENTS = { mode: 'events', events: ['*'] };
/** Origin authentication checked with the credential's NCS secret; the workflow allows. */
const ORIGIN_AUTH = { mode: 'originAuth', registerCallback: false };

/** A round-robin load balancer in front of the processes (their public URL, N8N_WEBHOOK_URL). */
async function loadBalancer() {
	const targets = [];
	let next = 0;
	const server = http.createServer((req, res) => {
		const target = new URL(targets[next++ % targets.length]);
		const forward = http.request(
			{
				host: target.hostname,
				port: target.port,
				method: req.method,
				path: req.url,
				headers: req.headers,
			},
			(answer) => {
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			},
		);
		forward.on('error', () => res.destroy());
		req.pipe(forward);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		route: (urls) => targets.splice(0, targets.length, ...urls),
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}
const balancers = [];

/** One n8n "process" serving the workflow `id` from `database`, behind `publicUrl`. */
async function processServing(database, id, webhookId, trigger, parameters, publicUrl) {
	const n8n = await startN8n({ credentials, trigger, database, publicUrl });
	const wf = n8n.addWorkflow({
		id,
		webhookId,
		parameters,
		downstream: parameters.mode === 'events' ? 'record' : 'answer',
		decide: () => ({ statusCode: 200 }),
	});
	await wf.activate();
	return { n8n, wf };
}

const processes = [];
async function cluster(id, parameters = EVENTS, count = 2) {
	const database = new Map();
	const webhookId = crypto.randomUUID();
	const balancer = await loadBalancer();
	balancers.push(balancer);
	const started = [];
	const start = async (trigger) => {
		const p = await processServing(database, id, webhookId, trigger, parameters, balancer.url);
		started.push(p);
		processes.push(p);
	};
	// The first uses the modules jest loaded; every other one its own copy.
	for (let i = 0; i < count; i++) await start(i === 0 ? undefined : triggerOfAnotherProcess());
	balancer.route(started.map((p) => p.n8n.baseUrl));
	const restart = async () => {
		for (const p of started.splice(0)) await p.n8n.close();
		for (let i = 0; i < count; i++) await start(triggerOfAnotherProcess());
		balancer.route(started.map((p) => p.n8n.baseUrl));
	};
	return { database, processes: started, restart };
}

afterAll(async () => {
	for (const p of processes) await p.n8n.close();
	for (const b of balancers) await b.close();
});

const runs = (ps) => ps.reduce((n, p) => n + p.wf.executions.length, 0);

test('every event once: repeats through the other webhook process ≥ 1 s later, and through both after a restart of both', async () => {
	const c = await cluster('wf-cross');
	const [a, b] = c.processes;
	const events = Array.from({ length: 20 }, (_, i) => event(`cross_${i}`));
	const first = await Promise.all(
		events.map((e, i) => deliver((i % 2 ? b : a).wf.productionUrl, e)),
	);
	expect(first).toEqual(events.map(() => 'accepted'));
	await sleep(1000);
	const again = [];
	for (const [i, e] of events.entries())
		again.push(await deliver((i % 2 ? a : b).wf.productionUrl, e));
	expect(again).toEqual(events.map(() => 'duplicate'));
	await Promise.all(c.processes.map((p) => p.n8n.idle()));
	const before = runs(c.processes);
	expect(before).toBe(20);

	await c.restart();
	const afterRestart = [];
	for (const [i, e] of events.entries())
		afterRestart.push(await deliver(c.processes[i % 2].wf.productionUrl, e));
	expect(afterRestart).toEqual(events.map(() => 'duplicate'));
	await Promise.all(c.processes.map((p) => p.n8n.idle()));
	expect(runs(c.processes)).toBe(0);
	// Static data holds 96-bit hashes of the ids, never a noticeId.
	const stored = JSON.stringify(c.database.get('wf-cross').staticData);
	for (const e of events) expect(stored).not.toContain(e.noticeId);
});

test('a signed origin-authentication request replayed to the other process within 10 s, or after both restarted, is refused (401); after the window it is answered again', async () => {
	const c = await cluster('wf-auth-cross', ORIGIN_AUTH);
	const raw = JSON.stringify({
		host: 'push.example.com',
		entryPoint: 'live',
		streamName: 'cam1',
		clientIp: '203.0.113.9',
	});
	const headers = {
		'Content-Type': 'application/json',
		'Agora-Signature-V2': signV2(NCS_SECRET, raw),
	};
	const ask = (p) => request(p.wf.productionUrl, { headers, body: raw }).then((r) => r.status);
	const realNow = Date.now;
	let now = realNow();
	Date.now = () => now;
	try {
		expect(await ask(c.processes[0])).toBe(200);
		now += 2000;
		expect(await ask(c.processes[1])).toBe(401);
		await c.restart();
		now += 2000;
		expect(await ask(c.processes[0])).toBe(401);
		expect(await ask(c.processes[1])).toBe(401);
		now += 10_000;
		expect(await ask(c.processes[1])).toBe(200);
	} finally {
		Date.now = realNow;
	}
});

describe('the record hand-off (recordHandOff.ts)', () => {
	const { createHmac } = crypto;
	const path = require('node:path');
	const { DIST } = require('./harness');
	const secrets = require(path.join(DIST, 'nodes/AgoraMediaBroadcastTrigger/secrets.js'));
	const handOff = (wf, body, key) => {
		const raw = JSON.stringify(body);
		return request(wf.productionUrl, {
			headers: {
				'Content-Type': 'application/json',
				'x-agora-trigger-record': createHmac('sha256', key).update(raw).digest('hex'),
			},
			body: raw,
		});
	};

	test('only a signed, fresh, well-formed hand-off is merged; none starts an execution', async () => {
		const c = await cluster('wf-hand-off', EVENTS, 1);
		const [p] = c.processes;
		const key = secrets.recordHandOffKey(credentials().customerSecret, {
			workflowId: 'wf-hand-off',
			nodeId: 'trigger',
			variant: 'production',
		});
		const entries = [['AAAAAAAAAAAAAAAA', Math.floor(Date.now() / 1000)]];
		const good = { v: 1, field: 'deliveryRecord', entries, sentAt: Date.now() };
		const stored = () => c.database.get('wf-hand-off').staticData['node:Agora Trigger'];
		expect((await handOff(p.wf, good, 'wrong-key')).status).toBe(401);
		expect((await handOff(p.wf, { ...good, sentAt: Date.now() - 120_000 }, key)).status).toBe(400);
		expect((await handOff(p.wf, { ...good, field: 'registration' }, key)).status).toBe(400);
		expect((await handOff(p.wf, { ...good, entries: [['not a key', 1]] }, key)).status).toBe(400);
		expect(stored()?.deliveryRecord).toBeUndefined();
		const ok = await handOff(p.wf, good, key);
		expect(ok.status).toBe(200);
		expect(ok.body).toEqual({ ok: true, added: 1 });
		expect(stored().deliveryRecord.ids).toEqual(['AAAAAAAAAAAAAAAA']);
		await p.n8n.idle();
		expect(p.wf.executions).toHaveLength(0);
	});
});

test('when n8n cannot reach the production URL, deliveries still run once; repeats are recognised by the process that took them', async () => {
	const database = new Map();
	const unreachable = 'http://127.0.0.1:9';
	const p = await processServing(
		database,
		'wf-unreachable',
		crypto.randomUUID(),
		triggerOfAnotherProcess(),
		EVENTS,
		unreachable,
	);
	processes.push(p);
	const e = event('cam_unreachable');
	expect(await deliver(p.wf.productionUrl, e)).toBe('accepted');
	expect(await deliver(p.wf.productionUrl, e)).toBe('duplicate');
	await p.n8n.idle();
	expect(p.wf.executions).toHaveLength(1);
	// The repeat (no execution) saved the record after all.
	expect(
		database.get('wf-unreachable').staticData['node:Agora Trigger'].deliveryRecord.ids,
	).toHaveLength(1);
});
