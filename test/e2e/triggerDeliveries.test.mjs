// Exactly once in a real n8n: 1,000 mixed NCS deliveries posted to the Agora Media Broadcast Trigger
// of a workflow created and published through n8n's REST API (`n8n start`, one main process, SQLite),
// then the executions n8n itself recorded (GET /rest/executions, and each execution's trigger item)
// compared with what was sent: exactly one execution per valid unique event, none for anything else.
//
// The mix: valid events (some without noticeId: the same bytes are the same delivery), repeats 0.1 s
// after their first delivery, repeats ≥ 10 s later, groups of 5 identical copies sent at once,
// forged (body changed after signing), signed with a wrong secret, unsigned, SHA-1 header only,
// oversized (> 1 MB) and an unknown eventType. The figures are printed and recorded in the
// reliability summary (category "Trigger deliveries (real n8n)").
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

import { TRIGGER_TYPE } from '../../scripts/lib/n8n.mjs';

const require = createRequire(import.meta.url);
const results = require('../reliability/results.js');

export const CATEGORY = 'Trigger deliveries (real n8n)';
const OWNER_STEP = 'server: owner created with POST /rest/owner/setup, login with POST /rest/login';
const WRONG_SECRET = ['not', 'the', 'ncs', 'secret'].join('-');
const EVENT_TYPES = [1, 2, 11, 3, 4, 5, 101, 102, 103];
const LATE_REPEAT_MS = 10000;
/** Timers may fire a millisecond early by Date.now(): aim a little later so every gap is ≥ 10 s. */
const LATE_TIMER_MS = LATE_REPEAT_MS + 200;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const signV2 = (secret, raw) => createHmac('sha256', secret).update(raw).digest('hex');
const signV1 = (secret, raw) => createHmac('sha1', secret).update(raw).digest('hex');

/** Runs async tasks with at most `limit` in flight. */
async function pool(tasks, limit) {
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) await tasks[next++]();
	};
	await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/** A small deterministic generator, so a failing mix can be replayed. */
function seededRandom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

/**
 * The 1,000 deliveries. Originals (valid and junk, shuffled) go through a pool of 8 connections;
 * each repeat is fired by a timer from the moment its original was answered (0.1 s or ≥ 10 s later),
 * and the groups of 5 identical copies are sent at once in between, as Agora's retries would come.
 * Valid unique events are kept to about a quarter of the mix: an execution costs n8n far more than
 * a refused request, and the property under test is about repeats and refusals.
 */
function buildMix(secret) {
	const random = seededRandom(10);
	let clock = 1795860000000;
	let serial = 0;
	const event = ({ withNoticeId = true, eventType } = {}) => {
		serial++;
		clock += 1000;
		const body = {
			...(withNoticeId ? { noticeId: randomUUID() } : {}),
			productId: 7,
			eventType: eventType ?? EVENT_TYPES[Math.floor(random() * EVENT_TYPES.length)],
			notifyMs: clock,
			// A unique stream name identifies the event in the execution n8n recorded.
			payload: { entryPoint: 'live', streamName: `e2e_${serial}`, clientIp: '203.0.113.7' },
		};
		return { body, raw: JSON.stringify(body), stream: body.payload.streamName };
	};
	const signed = (ev) => ({ 'Agora-Signature-V2': signV2(secret, ev.raw) });

	const valid = []; // unique valid events (each must run exactly once)
	const originals = []; // sent through the pool, shuffled
	for (let i = 0; i < 250; i++) {
		const ev = event({ withNoticeId: i % 10 !== 0 }); // 25 without a noticeId
		valid.push(ev);
		originals.push({
			kind: ev.body.noticeId ? 'valid' : 'valid, no noticeId',
			ev,
			headers: signed(ev),
			expect: [200, 'accepted'],
			repeats: [],
		});
	}
	const junk = (kind, count, make) => {
		for (let i = 0; i < count; i++) originals.push({ kind, ...make(), repeats: [] });
	};
	junk('forged (body changed after signing)', 70, () => {
		const ev = event();
		const tampered = ev.raw.replace(ev.stream, `${ev.stream}_hijacked`);
		return { ev: { ...ev, raw: tampered }, headers: signed(ev), expect: [401] };
	});
	junk('signed with a wrong secret', 70, () => {
		const ev = event();
		return { ev, headers: { 'Agora-Signature-V2': signV2(WRONG_SECRET, ev.raw) }, expect: [401] };
	});
	junk('unsigned', 70, () => ({ ev: event(), headers: {}, expect: [401] }));
	junk('SHA-1 header only (Agora-Signature)', 50, () => {
		const ev = event();
		return { ev, headers: { 'Agora-Signature': signV1(secret, ev.raw) }, expect: [401] };
	});
	junk('oversized (1.1 MB, signed)', 20, () => {
		const ev = event();
		ev.body.payload.padding = 'x'.repeat(1.1 * 1024 * 1024);
		ev.raw = JSON.stringify(ev.body);
		return { ev, headers: signed(ev), expect: [413] };
	});
	junk('unknown eventType (signed)', 50, () => {
		const ev = event({ eventType: 999 });
		return { ev, headers: signed(ev), expect: [200, 'filtered'] };
	});
	for (let i = originals.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[originals[i], originals[j]] = [originals[j], originals[i]];
	}
	const validOriginals = originals.filter((d) => d.kind.startsWith('valid'));
	const repeats = [];
	const repeat = (of, kind, afterMs) => {
		const d = { kind, ev: of.ev, headers: of.headers, of, afterMs, expect: [200, 'duplicate'] };
		of.repeats.push(d);
		repeats.push(d);
	};
	// 160 repeats 0.1 s after the first delivery was answered, 160 ≥ 10 s after (the late ones of
	// the first 160 originals in sending order, so the test does not wait longer than it must).
	for (let i = 0; i < 160; i++)
		repeat(validOriginals[(i * 3 + 1) % validOriginals.length], 'repeat 0.1 s later', 100);
	for (let i = 0; i < 160; i++)
		repeat(validOriginals[i], `repeat ≥ ${LATE_REPEAT_MS / 1000} s later`, LATE_TIMER_MS);
	// 20 groups of 5 identical copies, each group sent at once after every 25th original.
	const concurrent = [];
	for (let g = 0; g < 20; g++) {
		const ev = event();
		valid.push(ev);
		concurrent.push(
			Array.from({ length: 5 }, () => ({
				kind: '5 copies at once',
				ev,
				headers: signed(ev),
				group: g,
			})),
		);
	}
	const total = originals.length + repeats.length + concurrent.flat().length;
	return { valid, originals, repeats, concurrent, total };
}

async function post(url, delivery) {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json;charset=utf-8', ...delivery.headers },
		body: delivery.ev.raw,
		signal: AbortSignal.timeout(60000),
	});
	const text = await res.text();
	let body;
	try {
		body = JSON.parse(text);
	} catch {
		body = undefined;
	}
	delivery.response = { status: res.status, result: body?.result };
	delivery.answeredAt = Date.now();
	return delivery.response;
}

/**
 * Every execution n8n recorded for the workflow, read from n8n's own SQLite database
 * (execution_entity + execution_data) with the Node that runs n8n (node:sqlite): id, status and
 * the stream name of the trigger's item. One read instead of one REST call per execution.
 */
export function recordedExecutions(ctx, workflowId) {
	const script = `
		const { DatabaseSync } = require('node:sqlite');
		const { parse } = require(${JSON.stringify(path.join(ctx.n8n.dir, 'node_modules/flatted'))});
		// n8n 1.x keeps SQLite in rollback-journal mode (2.x: WAL), so a read can meet its write lock: wait.
		const db = new DatabaseSync(process.argv[1], { readOnly: true, timeout: 30000 });
		const rows = db.prepare(
			'SELECT e.id AS id, e.status AS status, d.data AS data FROM execution_entity e ' +
			'LEFT JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id',
		).all(process.argv[2]);
		const out = rows.map((row) => {
			let stream = null;
			try {
				const data = parse(row.data);
				const item = data.resultData.runData['Agora Events'][0].data.main[0][0].json;
				stream = typeof item.streamName === 'string' ? item.streamName : null;
			} catch {}
			return { id: String(row.id), status: row.status, stream };
		});
		process.stdout.write(JSON.stringify(out));
	`;
	const r = spawnSync(
		ctx.n8n.nodeBin,
		['-e', script, path.join(ctx.userFolder, '.n8n/database.sqlite'), workflowId],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
	);
	if (r.status !== 0) throw new Error(`reading n8n's database failed: ${r.stderr.slice(-2000)}`);
	return JSON.parse(r.stdout);
}

/** The execution count n8n's REST API reports for the workflow (GET /rest/executions). */
async function restCount(rest, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await rest.data('GET', `/rest/executions?filter=${filter}&limit=1`);
	return page.count;
}

export function register({ test, ctx }) {
	test(
		'trigger in real n8n: 1,000 mixed deliveries (repeats 0.1 s and ≥ 10 s later, 5 copies at once, forged, wrong secret, unsigned, SHA-1 only, oversized, unknown type) → exactly one execution per valid unique event',
		async () => {
			const started = Date.now();
			const secret = ctx.sandbox.ncsSecret;
			// 1. Credential and workflow through the REST API, then published.
			const credential = await ctx.rest.data('POST', '/rest/credentials', {
				name: 'Agora (trigger deliveries)',
				type: 'agoraMediaBroadcastApi',
				data: {
					customerId: ctx.sandbox.customerId,
					customerSecret: ctx.sandbox.customerSecret,
					appId: 'e2e-trigger-deliveries',
					baseUrl: ctx.sandbox.url,
					requestsPerSecond: 50,
					ncsSecret: secret,
				},
			});
			const webhookId = randomUUID();
			const workflow = await ctx.rest.data('POST', '/rest/workflows', {
				name: '[e2e] Trigger deliveries: exactly once',
				active: false, // n8n 1.x requires it (NOT NULL, no default); 2.x ignores it
				nodes: [
					{
						id: randomUUID(),
						name: 'Agora Events',
						type: TRIGGER_TYPE,
						typeVersion: 1,
						position: [0, 0],
						webhookId,
						parameters: { mode: 'events', events: ['*'] },
						credentials: { agoraMediaBroadcastApi: { id: credential.id, name: credential.name } },
					},
					{
						id: randomUUID(),
						name: 'Next',
						type: 'n8n-nodes-base.noOp',
						typeVersion: 1,
						position: [240, 0],
						parameters: {},
					},
				],
				connections: { 'Agora Events': { main: [[{ node: 'Next', type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			});
			const published = await ctx.rest.publishWorkflow(workflow.id);
			assert.equal(published.status, 'published');
			const url = `${ctx.server.url}/webhook/${webhookId}/agora`;

			// 2. The deliveries.
			const mix = buildMix(secret);
			assert.equal(mix.total, 1000);
			const inFlight = [];
			const fire = (d) => {
				d.gapMs = Date.now() - d.of.answeredAt;
				inFlight.push(post(url, d));
			};
			await pool(
				mix.originals.map((d, index) => async () => {
					if (index % 25 === 24 && mix.concurrent.length > 0) {
						const group = mix.concurrent[(index - 24) / 25];
						if (group) inFlight.push(...group.map((copy) => post(url, copy)));
					}
					await post(url, d);
					for (const r of d.repeats) {
						inFlight.push(sleep(r.afterMs).then(() => fire(r)));
					}
				}),
				8,
			);
			ctx.log(`originals sent at ${Date.now() - started} ms`);
			// Timers push their posts into inFlight while we wait; wait until nothing is added.
			for (let seen = -1; seen !== inFlight.length; ) {
				seen = inFlight.length;
				await Promise.all(inFlight.slice());
			}
			ctx.log(`late repeats sent at ${Date.now() - started} ms`);
			// 3. What n8n recorded: wait until the executions stop changing, then read each trigger item.
			const expected = mix.valid.length;
			let executions = [];
			for (let i = 0, stable = 0; i < 240 && stable < 3; i++) {
				const now = recordedExecutions(ctx, workflow.id);
				const settled = now.every((e) => !['new', 'running', 'waiting'].includes(e.status));
				stable = settled && now.length === executions.length ? stable + 1 : 0;
				executions = now;
				if (stable < 3) await sleep(1000);
			}
			const countByRest = await restCount(ctx.rest, workflow.id);
			ctx.log(
				`${executions.length} executions settled at ${Date.now() - started} ms (REST count ${countByRest})`,
			);
			const runsByStream = new Map();
			const unknown = [];
			for (const e of executions) {
				if (e.stream === null) unknown.push(e.id);
				else runsByStream.set(e.stream, (runsByStream.get(e.stream) ?? 0) + 1);
			}
			ctx.log(`trigger items read at ${Date.now() - started} ms`);
			// 4. Each delivery held, or not.
			const byKind = new Map();
			const problems = [];
			const validStreams = new Set(mix.valid.map((ev) => ev.stream));
			const check = (delivery, issues) => {
				const entry = byKind.get(delivery.kind) ?? { tried: 0, held: 0 };
				entry.tried++;
				if (issues.length === 0) entry.held++;
				byKind.set(delivery.kind, entry);
				results.record(
					CATEGORY,
					`${delivery.kind} #${entry.tried}`,
					issues.length === 0,
					issues.length ? issues.join('; ') : undefined,
				);
				if (issues.length)
					problems.push(`${delivery.kind} (${delivery.ev.stream}): ${issues.join('; ')}`);
			};
			for (const d of [...mix.originals, ...mix.repeats]) {
				const issues = [];
				const [status, result] = d.expect;
				if (d.response?.status !== status)
					issues.push(`answered ${d.response?.status}, expected ${status}`);
				if (result && d.response?.result !== result)
					issues.push(`result ${d.response?.result}, expected ${result}`);
				if (d.afterMs === LATE_TIMER_MS && d.gapMs < LATE_REPEAT_MS)
					issues.push(`sent ${d.gapMs} ms after the first, not ≥ ${LATE_REPEAT_MS} ms`);
				const runs = runsByStream.get(d.ev.stream) ?? 0;
				if (validStreams.has(d.ev.stream) && runs !== 1) issues.push(`${runs} executions`);
				if (!validStreams.has(d.ev.stream) && runs !== 0)
					issues.push(`${runs} executions for a delivery that must start none`);
				check(d, issues);
			}
			for (const group of mix.concurrent) {
				const accepted = group.filter(
					(d) => d.response?.status === 200 && d.response.result === 'accepted',
				).length;
				const duplicates = group.filter(
					(d) => d.response?.status === 200 && d.response.result === 'duplicate',
				).length;
				const runs = runsByStream.get(group[0].ev.stream) ?? 0;
				for (const d of group) {
					const issues = [];
					if (accepted !== 1 || duplicates !== 4)
						issues.push(
							`answers: ${group.map((x) => `${x.response?.status} ${x.response?.result}`).join(', ')}`,
						);
					if (runs !== 1) issues.push(`${runs} executions`);
					check(d, issues);
				}
			}
			const extra = [...runsByStream.keys()].filter((s) => !validStreams.has(s));
			if (extra.length)
				problems.push(`executions for streams never sent validly: ${extra.slice(0, 5).join(', ')}`);
			if (countByRest !== executions.length)
				problems.push(
					`REST API counts ${countByRest} executions, the database ${executions.length}`,
				);
			if (unknown.length)
				problems.push(`${unknown.length} executions without a readable trigger item`);
			const failed = executions.filter((e) => e.status !== 'success');
			if (failed.length)
				problems.push(
					`${failed.length} executions did not succeed: ${failed
						.slice(0, 3)
						.map((e) => e.status)
						.join(', ')}`,
				);

			const lateGaps = mix.repeats.filter((d) => d.afterMs === LATE_TIMER_MS).map((d) => d.gapMs);
			const quickGaps = mix.repeats.filter((d) => d.afterMs !== LATE_TIMER_MS).map((d) => d.gapMs);
			const figures = {
				deliveries: mix.total,
				validUniqueEvents: expected,
				executionsRecordedByN8n: executions.length,
				restApiCount: countByRest,
				eventsRunOnce: [...validStreams].filter((s) => runsByStream.get(s) === 1).length,
				eventsRunTwiceOrMore: [...runsByStream.values()].filter((n) => n > 1).length,
				wrongExecutions:
					executions.length - [...validStreams].filter((s) => runsByStream.has(s)).length,
				quickRepeatGapMs: [Math.min(...quickGaps), Math.max(...quickGaps)],
				lateRepeatGapS: [Math.min(...lateGaps) / 1000, Math.max(...lateGaps) / 1000],
				totalSeconds: (Date.now() - started) / 1000,
				byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, `${v.held}/${v.tried}`])),
			};
			ctx.log(`trigger deliveries in real n8n: ${JSON.stringify(figures)}`);
			ctx.artifact('trigger-deliveries.json', { figures, problems });
			results.note(
				CATEGORY,
				`n8n ${ctx.n8n.version} (\`n8n start\`, one main process, SQLite), workflow published via REST: ${mix.total} deliveries → ${executions.length} executions recorded by n8n for ${expected} valid unique events (${figures.eventsRunTwiceOrMore} run twice, ${figures.wrongExecutions} wrong); repeats ${figures.quickRepeatGapMs[0]}–${figures.quickRepeatGapMs[1]} ms and ${figures.lateRepeatGapS[0].toFixed(1)}–${figures.lateRepeatGapS[1].toFixed(1)} s after the first; ${[...byKind].map(([k, v]) => `${k} ${v.held}/${v.tried}`).join('; ')}`,
			);
			results.flush('triggerDeliveries.test.mjs');

			await ctx.rest.deactivateWorkflow(workflow.id);
			assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
			assert.equal(executions.length, expected);
			assert.ok(
				Math.min(...lateGaps) >= LATE_REPEAT_MS,
				`late repeats came ${Math.min(...lateGaps)} ms after`,
			);
			return `${mix.total} deliveries → ${executions.length} executions for ${expected} valid unique events, 0 wrong, 0 twice; late repeats ${figures.lateRepeatGapS[0].toFixed(1)}–${figures.lateRepeatGapS[1].toFixed(1)} s after; ${figures.totalSeconds.toFixed(1)} s`;
		},
		{ needs: [OWNER_STEP] },
	);
}
