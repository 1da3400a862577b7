// The trigger under 1,000 mixed deliveries, the way test/trigger drives it (test/trigger/setup.js: the
// in-process "n8n" of harness.js with n8n-core's WebhookContext and WorkflowExecute, and the sandbox's
// NCS sender): valid, forged, replayed, reordered and malformed. Exactly the valid, unique deliveries
// may start an execution, each exactly once. A fast regression check of the parsing, verification and
// repeat logic; the proof that this holds in the runtime users run is the real-n8n e2e test
// (test/e2e/triggerDeliveries.test.mjs, category "Trigger deliveries (real n8n)").
'use strict';

const crypto = require('node:crypto');
const { setup, request, signV2, NCS_SECRET } = require('../trigger/setup');
const { seededRandom, pool } = require('./helpers');
const { record, note, flush } = require('./results');

const CATEGORY = 'Trigger deliveries (in-process harness)';
const EVENT_TYPES = [1, 2, 11, 3, 4, 5, 101, 102, 103];
const WRONG_SECRET = ['not', 'the', 'ncs', 'secret'].join('-');

let env;
let wf;

beforeAll(async () => {
	env = await setup({ appId: 'reliability-trigger' });
	wf = env.n8n.addWorkflow({ id: 'reliability', parameters: { mode: 'events', events: ['*'] } });
	await wf.activate();
	env.sandbox.setConfig({ ncs: { url: wf.productionUrl, secret: NCS_SECRET } });
});

afterAll(async () => {
	await env.n8n.idle();
	await env.close();
	flush(__filename);
});

const random = seededRandom(7);
const pick = (list) => list[Math.floor(random() * list.length)];
let clock = 1795860000000;

function envelope(eventType = pick(EVENT_TYPES), payload = {}, extra = {}) {
	clock += 1000;
	return {
		noticeId: crypto.randomUUID(),
		productId: 7,
		eventType,
		notifyMs: clock,
		payload: { entryPoint: 'live', streamName: `s_${Math.floor(random() * 50)}`, ...payload },
		...extra,
	};
}

/** Posts raw bytes to the trigger; `signature`: a header value, null for none, undefined = valid V2. */
function post(
	raw,
	{ signature, contentType = 'application/json;charset=utf-8', headers = {} } = {},
) {
	const all = { 'Content-Type': contentType, ...headers };
	const value = signature === undefined ? signV2(NCS_SECRET, raw) : signature;
	if (value !== null) all['Agora-Signature-V2'] = value;
	return request(wf.productionUrl, { method: 'POST', headers: all, body: raw });
}

/** Through the sandbox's NCS sender (what Agora would send), answered as {status, body}. */
async function viaSandbox(body, signature) {
	const sent = await env.sandbox.sendNcs({ body, signature });
	let parsed;
	try {
		parsed = JSON.parse(sent.delivery.responseBody);
	} catch {
		parsed = undefined;
	}
	return { status: sent.delivery.status, body: parsed };
}

/**
 * The 1,000 deliveries. Each: { kind, noticeId (the id an execution would carry, or null), send(),
 * expectStatus, expectResult?, after? (a delivery that must have been answered first) }.
 */
function buildDeliveries() {
	const valid = [];
	const deliveries = [];
	const add = (delivery) => {
		deliveries.push(delivery);
		return delivery;
	};

	// 420 valid, unique, in order (one in five through the sandbox's sender).
	for (let i = 0; i < 420; i++) {
		const body = envelope();
		const raw = JSON.stringify(body);
		const delivery = add({
			kind: i % 5 === 0 ? 'valid (sandbox NCS sender)' : 'valid',
			noticeId: body.noticeId,
			body,
			raw,
			send: i % 5 === 0 ? () => viaSandbox(body, 'valid') : () => post(raw),
			expectStatus: 200,
			expectResult: 'accepted',
			valid: true,
		});
		valid.push(delivery);
	}
	// 80 valid, unique, reordered: each stream's publish_end arrives before its publish_start, with
	// notify times going backwards.
	for (let i = 0; i < 40; i++) {
		const stream = `reordered_${i}`;
		const start = envelope(1, { streamName: stream });
		const end = envelope(2, { streamName: stream });
		[end.notifyMs, start.notifyMs] = [start.notifyMs, end.notifyMs - 5000];
		for (const body of [end, start]) {
			const raw = JSON.stringify(body);
			valid.push(
				add({
					kind: 'valid, reordered',
					noticeId: body.noticeId,
					body,
					raw,
					send: () => post(raw),
					expectStatus: 200,
					expectResult: 'accepted',
					valid: true,
				}),
			);
		}
	}
	const originals = valid.slice();
	const original = () => originals[Math.floor(random() * originals.length)];

	// 150 replays of deliveries answered before.
	for (let i = 0; i < 100; i++) {
		const of = original();
		add({
			kind: 'replay (same bytes, same signature)',
			noticeId: of.noticeId,
			send: () => post(of.raw),
			expectStatus: 200,
			expectResult: 'duplicate',
			after: of,
		});
	}
	for (let i = 0; i < 30; i++) {
		const of = original();
		const raw = JSON.stringify(of.body, null, 2);
		add({
			kind: 'replay (same noticeId, re-serialised, re-signed)',
			noticeId: of.noticeId,
			send: () => post(raw),
			expectStatus: 200,
			expectResult: 'duplicate',
			after: of,
		});
	}
	for (let i = 0; i < 20; i++) {
		const of = original();
		add({
			kind: 'replay (sandbox NCS sender)',
			noticeId: of.noticeId,
			send: () => viaSandbox(of.body, 'valid'),
			expectStatus: 200,
			expectResult: 'duplicate',
			after: of,
		});
	}

	// 200 forged.
	const forged = (kind, count, make) => {
		for (let i = 0; i < count; i++) {
			const body = envelope();
			add({
				kind: `forged: ${kind}`,
				noticeId: body.noticeId,
				send: make(body),
				expectStatus: 401,
				forged: true,
			});
		}
	};
	forged('signed with another secret', 50, (body) => () => {
		const raw = JSON.stringify(body);
		return post(raw, { signature: signV2(WRONG_SECRET, raw) });
	});
	forged('no signature', 40, (body) => () => post(JSON.stringify(body), { signature: null }));
	forged('body changed after signing', 30, (body) => () => {
		const raw = JSON.stringify(body);
		const signature = signV2(NCS_SECRET, raw);
		return post(raw.replace(body.payload.streamName, 'hijacked'), { signature });
	});
	forged('SHA-1 header only (Agora-Signature)', 20, (body) => () => {
		const raw = JSON.stringify(body);
		return post(raw, {
			signature: null,
			headers: {
				'Agora-Signature': crypto.createHmac('sha1', NCS_SECRET).update(raw).digest('hex'),
			},
		});
	});
	forged('truncated or non-hex signature', 20, (body) => () => {
		const raw = JSON.stringify(body);
		const good = signV2(NCS_SECRET, raw);
		return post(raw, { signature: random() < 0.5 ? good.slice(0, 63) : `${good.slice(0, 63)}z` });
	});
	forged(
		'empty signature header',
		20,
		(body) => () => post(JSON.stringify(body), { signature: '' }),
	);
	forged('sandbox sender, random wrong secret', 20, (body) => () => viaSandbox(body, 'forged'));

	// 150 malformed, correctly signed unless said otherwise.
	const malformed = (kind, count, expectStatus, make) => {
		for (let i = 0; i < count; i++)
			add({ kind: `malformed: ${kind}`, noticeId: null, send: make(i), expectStatus });
	};
	malformed(
		'not JSON (text/plain)',
		30,
		400,
		(i) => () => post(`not json { ${i}`, { contentType: 'text/plain' }),
	);
	malformed(
		'not JSON (application/json, refused by n8n)',
		30,
		422,
		(i) => () => post(`{"noticeId": "${i}", oops`),
	);
	malformed('a JSON array', 20, 400, (i) => () => post(JSON.stringify([envelope(), i])));
	malformed('no eventType', 20, 400, () => () => {
		const { eventType, ...rest } = envelope();
		return post(JSON.stringify(rest));
	});
	malformed(
		'payload is a string',
		20,
		400,
		() => () => post(JSON.stringify({ ...envelope(), payload: 'cam1' })),
	);
	malformed(
		'eventType not an integer',
		15,
		400,
		(i) => () => post(JSON.stringify({ ...envelope(), eventType: i % 2 ? 'abc' : 1.5 })),
	);
	malformed('empty body', 15, 400, () => () => post('', { contentType: 'text/plain' }));
	return deliveries;
}

/** Shuffles, keeping every delivery that depends on another after it. */
function schedule(deliveries) {
	const independent = deliveries.filter((delivery) => !delivery.after);
	const dependent = deliveries.filter((delivery) => delivery.after);
	for (let i = independent.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[independent[i], independent[j]] = [independent[j], independent[i]];
	}
	// Keep each reordered pair (end, then start) in that order.
	const order = independent.slice();
	for (const delivery of dependent) {
		const at = order.indexOf(delivery.after);
		const position = at + 1 + Math.floor(random() * (order.length - at));
		order.splice(position, 0, delivery);
	}
	return order;
}

test('1,000 mixed deliveries: exactly the valid unique ones start executions, each once', async () => {
	const deliveries = buildDeliveries();
	expect(deliveries).toHaveLength(1000);
	const order = schedule(deliveries);
	const before = wf.executions.length;
	const started = Date.now();
	// Each delivery opens its gate once answered; a replay waits for its original's gate. The pool takes
	// tasks in order and originals come first, so the original is always already under way.
	const gates = new Map();
	for (const delivery of order) {
		let open;
		gates.set(delivery, new Promise((resolve) => (open = resolve)));
		delivery.open = open;
	}
	const wrapped = order.map((delivery) => async () => {
		if (delivery.after) await gates.get(delivery.after);
		try {
			delivery.response = await delivery.send();
		} catch (error) {
			delivery.response = { status: null, error: String(error) };
		}
		delivery.open();
	});
	await pool(wrapped, 8);
	await env.n8n.idle();
	const elapsed = Date.now() - started;

	const executions = wf.executions.slice(before);
	const executedIds = new Map();
	for (const execution of executions) {
		const id = execution.triggerItems[0]?.noticeId;
		executedIds.set(id, (executedIds.get(id) ?? 0) + 1);
	}
	const validIds = new Set(
		deliveries.filter((delivery) => delivery.valid).map((delivery) => delivery.noticeId),
	);

	const problems = [];
	const byKind = {};
	for (const delivery of deliveries) {
		const response = delivery.response ?? {};
		const issues = [];
		if (response.status !== delivery.expectStatus)
			issues.push(
				`answered ${response.status} ${JSON.stringify(response.body ?? response.error ?? '')}, expected ${delivery.expectStatus}`,
			);
		if (delivery.expectResult && response.body?.result !== delivery.expectResult)
			issues.push(`result ${response.body?.result}, expected ${delivery.expectResult}`);
		if (delivery.valid && executedIds.get(delivery.noticeId) !== 1)
			issues.push(`${executedIds.get(delivery.noticeId) ?? 0} executions`);
		if (delivery.after && executedIds.get(delivery.noticeId) !== 1)
			issues.push(`its original ran ${executedIds.get(delivery.noticeId) ?? 0} times`);
		if (delivery.forged && executedIds.has(delivery.noticeId))
			issues.push('a forged delivery started an execution');
		const held = issues.length === 0;
		byKind[delivery.kind] = byKind[delivery.kind] ?? { tried: 0, held: 0 };
		byKind[delivery.kind].tried++;
		if (held) byKind[delivery.kind].held++;
		record(
			CATEGORY,
			`${delivery.kind} #${byKind[delivery.kind].tried}`,
			held,
			held ? undefined : issues.join('; '),
		);
		if (!held) problems.push(`${delivery.kind}: ${issues.join('; ')}`);
	}
	// Executions for anything that was not a valid unique delivery.
	for (const [id, count] of executedIds) {
		if (!validIds.has(id))
			problems.push(`an execution for ${id} (${count}×), which was not a valid delivery`);
	}
	note(
		CATEGORY,
		`1,000 deliveries in ${(elapsed / 1000).toFixed(1)} s (8 at a time): ${Object.entries(byKind)
			.map(([kind, counts]) => `${kind} ${counts.held}/${counts.tried}`)
			.join('; ')}; ${executions.length} executions for ${validIds.size} valid unique deliveries`,
	);

	expect(problems).toEqual([]);
	expect(executions).toHaveLength(validIds.size);
	expect(validIds.size).toBe(500);
	// Every execution ran the next node with its event.
	expect(executions.filter((execution) => execution.error)).toHaveLength(0);
}, 120000);

test('the same delivery arriving 5 times at once (Agora retrying while the first is in flight): one execution', async () => {
	const body = envelope(1, { streamName: 'concurrent' });
	const raw = JSON.stringify(body);
	const before = wf.executions.length;
	const responses = await Promise.all(Array.from({ length: 5 }, () => post(raw)));
	await env.n8n.idle();
	const runs = wf.executions
		.slice(before)
		.filter((execution) => execution.triggerItems[0].noticeId === body.noticeId).length;
	const results = responses.map((response) => response.body?.result);
	const held =
		runs === 1 &&
		results.filter((result) => result === 'accepted').length === 1 &&
		results.filter((result) => result === 'duplicate').length === 4;
	record(
		CATEGORY,
		'same noticeId delivered 5 times concurrently',
		held,
		held ? undefined : `${runs} executions; answers ${results.join(', ')}`,
	);
	expect({ runs, results: results.slice().sort() }).toEqual({
		runs: 1,
		results: ['accepted', 'duplicate', 'duplicate', 'duplicate', 'duplicate'],
	});
});
