// The trigger's memory of deliveries across n8n processes and restarts: two "webhook processes"
// (each its own copy of the package's modules, so its own process memory) serve the same workflow
// from one shared "database" of static data, loaded per request and saved after the webhook
// function, as n8n 2.41's LiveWebhooks does. A repeat reaching the other process, or any process
// after a restart, is answered "duplicate" and starts nothing.
'use strict';

const crypto = require('node:crypto');
const path = require('node:path');
const { startN8n, triggerOfAnotherProcess, request, signV2, DIST } = require('./harness');

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

/** One n8n "process" serving the workflow `id` from `database`. */
async function processServing(database, id, webhookId, trigger, parameters) {
	const n8n = await startN8n({ credentials, trigger, database });
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
	const started = [];
	const start = async (trigger) => {
		const p = await processServing(database, id, webhookId, trigger, parameters);
		started.push(p);
		processes.push(p);
	};
	// The first uses the modules jest loaded; every other one its own copy.
	for (let i = 0; i < count; i++) await start(i === 0 ? undefined : triggerOfAnotherProcess());
	const restart = async () => {
		for (const p of started.splice(0)) await p.n8n.close();
		for (let i = 0; i < count; i++) await start(triggerOfAnotherProcess());
	};
	return { database, processes: started, restart };
}

afterAll(async () => {
	for (const p of processes) await p.n8n.close();
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
