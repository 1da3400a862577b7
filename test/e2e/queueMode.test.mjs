// Exactly once in n8n's queue mode with webhook processes (real n8n 2.41.1): Redis, one main
// (`n8n start`), one worker (`n8n worker`) and two `n8n webhook` processes behind a round-robin HTTP
// proxy written here, all on one user folder of their own (SQLite, the package installed).
//
//   1. 100 NCS events through the proxy (4 at a time, so the two processes save at the same moments);
//   2. every one repeated ≥ 1 s after its answer, through the OTHER webhook process;
//   3. both webhook processes restarted, every event repeated again;
//   4. 20 more events, each sent as two copies at the same instant, one to each process;
//   5. a signed origin-authentication request replayed to the other process within 10 s.
//
// The workflow is Trigger → Remove Duplicates ("Remove Items Processed in Previous Executions", key
// noticeId: the README's recipe) → "Effect". Expected: one execution and one effect per event of 1–3
// (0 missed), one effect per event of 4 (its copies may start two executions: only the recipe makes
// the effect once), and the replay refused (401) by either process.
import assert from 'node:assert/strict';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { freePort, n8nEnv, startN8n, TRIGGER_TYPE } from '../../scripts/lib/n8n.mjs';
import { ensureRedis, startChild } from '../../scripts/lib/processes.mjs';
import { N8nRest } from '../../scripts/lib/rest.mjs';
import { ARTIFACTS } from './lib/context.mjs';

const PACKAGE_STEP =
	'setup: npm run build + npm pack + install into <user folder>/.n8n/nodes/node_modules';
const SETUP = 'queue mode: Redis, n8n main, a worker and two `n8n webhook` processes';
const EVENTS = 100;
const SIMULTANEOUS = 20;
const REPEAT_AFTER_MS = 1000;
const NCS_SECRET = ['queue', 'mode', 'ncs', 'secret'].join('-');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const signV2 = (raw) => createHmac('sha256', NCS_SECRET).update(raw).digest('hex');

async function pool(tasks, limit) {
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) await tasks[next++]();
	};
	await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/**
 * A round-robin reverse proxy over the webhook processes' ports. A request may name its upstream
 * with `x-e2e-upstream: <index>` (removed before forwarding); every answer says which one served it
 * in `x-e2e-served-by`.
 */
async function roundRobinProxy() {
	let upstreams = [];
	let next = 0;
	const server = http.createServer((req, res) => {
		const asked = req.headers['x-e2e-upstream'];
		const index = asked !== undefined ? Number(asked) : next++ % upstreams.length;
		const headers = { ...req.headers, host: `127.0.0.1:${upstreams[index]}` };
		delete headers['x-e2e-upstream'];
		const forward = http.request(
			{ host: '127.0.0.1', port: upstreams[index], method: req.method, path: req.url, headers },
			(answer) => {
				res.writeHead(answer.statusCode, { ...answer.headers, 'x-e2e-served-by': String(index) });
				answer.pipe(res);
			},
		);
		forward.on('error', (e) => {
			res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`proxy: ${e.message}`);
		});
		req.pipe(forward);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		route: (ports) => (upstreams = ports),
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Every execution of a workflow as n8n saved it: status, the trigger's stream, whether Effect ran. */
function savedExecutions(cluster, workflowId) {
	const script = `
		const { DatabaseSync } = require('node:sqlite');
		const { parse } = require(${JSON.stringify(path.join(cluster.n8n.dir, 'node_modules/flatted'))});
		const db = new DatabaseSync(process.argv[1], { readOnly: true });
		const rows = db.prepare(
			'SELECT e.id AS id, e.status AS status, d.data AS data FROM execution_entity e ' +
			'LEFT JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? ORDER BY e.id',
		).all(process.argv[2]);
		process.stdout.write(JSON.stringify(rows.map((row) => {
			let stream = null;
			let effects = 0;
			try {
				const run = parse(row.data).resultData.runData;
				stream = run['Agora Events'][0].data.main[0][0].json.streamName ?? null;
				effects = run.Effect ? run.Effect[0].data.main[0].length : 0;
			} catch {}
			return { id: String(row.id), status: row.status, stream, effects };
		})));
	`;
	const r = spawnSync(
		cluster.n8n.nodeBin,
		['-e', script, path.join(cluster.userFolder, '.n8n/database.sqlite'), workflowId],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
	);
	if (r.status !== 0) throw new Error(`reading n8n's database failed: ${r.stderr.slice(-2000)}`);
	return JSON.parse(r.stdout);
}

async function settledExecutions(cluster, workflowId, expectedAtLeast) {
	let last = [];
	for (let i = 0, stable = 0; i < 300 && stable < 3; i++) {
		const now = savedExecutions(cluster, workflowId);
		const done = now.every((e) => !['new', 'running', 'waiting'].includes(e.status));
		stable = done && now.length >= expectedAtLeast && now.length === last.length ? stable + 1 : 0;
		last = now;
		if (stable < 3) await sleep(1000);
	}
	return last;
}

/** The keys the trigger's record in static data holds (as n8n saved it), and its size. */
function recordedKeys(cluster, workflowId) {
	const script = `
		const { DatabaseSync } = require('node:sqlite');
		const db = new DatabaseSync(process.argv[1], { readOnly: true });
		const row = db.prepare('SELECT staticData FROM workflow_entity WHERE id = ?').get(process.argv[2]);
		process.stdout.write(row && row.staticData ? String(row.staticData) : '{}');
	`;
	const r = spawnSync(
		cluster.n8n.nodeBin,
		['-e', script, path.join(cluster.userFolder, '.n8n/database.sqlite'), workflowId],
		{ encoding: 'utf8' },
	);
	if (r.status !== 0) throw new Error(`reading static data failed: ${r.stderr.slice(-2000)}`);
	const record = JSON.parse(r.stdout)['node:Agora Events']?.deliveryRecord;
	return new Set(record?.ids ?? []);
}

/** The record key of an NCS delivery (deliveryRecord.ts recordKey of `notice:<noticeId>`). */
const recordKeyOf = (noticeId) =>
	createHash('sha256').update(`notice:${noticeId}`).digest('base64url').slice(0, 16);

/** Starts everything; `cluster.restartWebhooks()` replaces both webhook processes. */
async function startCluster(ctx) {
	const cluster = { n8n: ctx.n8n, started: [], webhooks: [], log: ctx.log };
	cluster.userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-e2e-queue-'));
	fs.cpSync(path.join(ctx.userFolder, '.n8n/nodes'), path.join(cluster.userFolder, '.n8n/nodes'), {
		recursive: true,
	});
	const logFile = fs.createWriteStream(path.join(ARTIFACTS, 'queue-mode.log'));
	const lines = (name) => (line) => logFile.write(`[${name}] ${line}\n`);
	const redisPort = await freePort();
	cluster.started.push(
		await startChild(
			ensureRedis({ log: ctx.log }),
			['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
			{
				env: process.env,
				cwd: cluster.userFolder,
				ready: /Ready to accept connections/i,
				name: `redis-server :${redisPort}`,
				log: ctx.log,
			},
		),
	);
	const queue = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		N8N_ENCRYPTION_KEY: 'e2e-queue-mode-encryption-key',
		N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '1000',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		// Restarts and the final stop do not wait n8n's default 30 s for running work.
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
	};
	// Every process gives the proxy's address as the public webhook URL, as behind a load balancer.
	cluster.proxy = await roundRobinProxy();
	const env = async (extra = {}) => {
		const e = n8nEnv({
			userFolder: cluster.userFolder,
			port: await freePort(),
			brokerPort: await freePort(),
			extra: { ...queue, ...extra },
		});
		e.N8N_WEBHOOK_URL = `${cluster.proxy.url}/`;
		return e;
	};
	const main = await startN8n(ctx.n8n, await env(), { onLine: lines('main') });
	cluster.started.push(main);
	cluster.mainUrl = main.url;
	// One execution at a time: the condition under which the Remove Duplicates recipe holds
	// (docs/trigger-security.md: it reads and rewrites one row per node, not atomically).
	// AGORA_E2E_WORKER_CONCURRENCY=10 shows what happens without it.
	const concurrency = process.env.AGORA_E2E_WORKER_CONCURRENCY ?? '1';
	const worker = await startChild(
		ctx.n8n.nodeBin,
		[ctx.n8n.n8nBin, 'worker', `--concurrency=${concurrency}`],
		{
			env: await env({ QUEUE_HEALTH_CHECK_PORT: String(await freePort()) }),
			cwd: cluster.userFolder,
			ready: /worker is now ready|Worker started/i,
			name: 'n8n worker',
			log: ctx.log,
			onLine: lines('worker'),
		},
	);
	cluster.started.push(worker);
	const startWebhooks = async () => {
		const ports = [];
		for (let i = 0; i < 2; i++) {
			const webhookEnv = await env();
			ports.push(Number(webhookEnv.N8N_PORT));
			cluster.webhooks.push(
				await startChild(ctx.n8n.nodeBin, [ctx.n8n.n8nBin, 'webhook'], {
					env: webhookEnv,
					cwd: cluster.userFolder,
					ready: /Webhook listener waiting for requests/i,
					name: `n8n webhook ${i} :${webhookEnv.N8N_PORT}`,
					log: ctx.log,
					onLine: lines(`webhook ${i}@${webhookEnv.N8N_PORT}`),
				}),
			);
		}
		cluster.proxy.route(ports);
	};
	await startWebhooks();
	cluster.restartWebhooks = async () => {
		for (const w of cluster.webhooks.splice(0)) await w.stop();
		await startWebhooks();
	};
	cluster.stop = async () => {
		await cluster.proxy?.close();
		for (const w of cluster.webhooks.splice(0)) await w.stop().catch(() => {});
		for (const p of cluster.started.reverse()) await p.stop().catch(() => {});
		logFile.end();
		fs.rmSync(cluster.userFolder, { recursive: true, force: true });
	};
	cluster.rest = new N8nRest(main.url);
	await cluster.rest.ensureOwner();
	await cluster.rest.login();
	return cluster;
}

function node(name, type, typeVersion, x, parameters, extra = {}) {
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

async function createWorkflows(cluster, sandboxUrl) {
	const credential = await cluster.rest.data('POST', '/rest/credentials', {
		name: 'Agora (queue mode)',
		type: 'agoraMediaBroadcastApi',
		data: {
			customerId: 'sandbox-customer-id',
			customerSecret: 'sandbox-customer-secret',
			appId: 'e2e-queue-mode',
			baseUrl: sandboxUrl,
			requestsPerSecond: 50,
			ncsSecret: NCS_SECRET,
		},
	});
	const credentials = { agoraMediaBroadcastApi: { id: credential.id, name: credential.name } };
	const eventsHook = randomUUID();
	const events = await cluster.rest.data('POST', '/rest/workflows', {
		name: '[e2e] queue mode: events, Remove Duplicates recipe',
		nodes: [
			node(
				'Agora Events',
				TRIGGER_TYPE,
				1,
				0,
				{ mode: 'events', events: ['*'] },
				{
					webhookId: eventsHook,
					credentials,
				},
			),
			node('Remove Duplicates', 'n8n-nodes-base.removeDuplicates', 2, 240, {
				operation: 'removeItemsSeenInPreviousExecutions',
				dedupeValue: '={{ $json.noticeId }}',
				options: {},
			}),
			node('Effect', 'n8n-nodes-base.noOp', 1, 480, {}),
		],
		connections: {
			'Agora Events': { main: [[{ node: 'Remove Duplicates', type: 'main', index: 0 }]] },
			'Remove Duplicates': { main: [[{ node: 'Effect', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	});
	const authHook = randomUUID();
	const auth = await cluster.rest.data('POST', '/rest/workflows', {
		name: '[e2e] queue mode: origin authentication',
		nodes: [
			node(
				'Agora Auth',
				TRIGGER_TYPE,
				1,
				0,
				{ mode: 'originAuth', registerCallback: false, defaultAnswer: 'allow' },
				{ webhookId: authHook, credentials },
			),
			node('Next', 'n8n-nodes-base.noOp', 1, 240, {}),
		],
		connections: { 'Agora Auth': { main: [[{ node: 'Next', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	for (const wf of [events, auth]) await cluster.rest.publishWorkflow(wf.id);
	return {
		events: { id: events.id, path: `/webhook/${eventsHook}/agora` },
		auth: { id: auth.id, path: `/webhook/${authHook}/agora` },
	};
}

async function send(cluster, pathname, raw, upstream) {
	const res = await fetch(cluster.proxy.url + pathname, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json;charset=utf-8',
			'Agora-Signature-V2': signV2(raw),
			...(upstream !== undefined ? { 'x-e2e-upstream': String(upstream) } : {}),
		},
		body: raw,
		signal: AbortSignal.timeout(120000),
	});
	const text = await res.text();
	let result;
	try {
		result = JSON.parse(text).result;
	} catch {
		result = undefined;
	}
	return {
		status: res.status,
		result,
		servedBy: Number(res.headers.get('x-e2e-served-by')),
		at: Date.now(),
	};
}

function ncsEvent(serial) {
	const body = {
		noticeId: randomUUID(),
		productId: 7,
		eventType: 1,
		notifyMs: Date.now(),
		payload: { entryPoint: 'live', streamName: `queue_${serial}`, clientIp: '203.0.113.7' },
	};
	return {
		raw: JSON.stringify(body),
		stream: body.payload.streamName,
		key: recordKeyOf(body.noticeId),
	};
}

export function register({ test, ctx }) {
	let cluster;
	let workflows;

	test(
		SETUP,
		async () => {
			fs.mkdirSync(ARTIFACTS, { recursive: true });
			const started = Date.now();
			cluster = await startCluster(ctx);
			ctx.queueCluster = cluster;
			workflows = await createWorkflows(cluster, ctx.sandbox?.url ?? 'http://127.0.0.1:9');
			return `ready in ${((Date.now() - started) / 1000).toFixed(1)} s (main ${cluster.mainUrl}, proxy ${cluster.proxy.url})`;
		},
		{ needs: [PACKAGE_STEP] },
	);

	test(
		`queue mode: ${EVENTS} events, each repeated ≥ 1 s later through the other webhook process, then again after both restarted → one execution and one effect per event, 0 missed; ${SIMULTANEOUS} events sent as two simultaneous copies (one to each process) → one effect each with the Remove Duplicates recipe`,
		async () => {
			const started = Date.now();
			const problems = [];
			const events = Array.from({ length: EVENTS }, (_, i) => ncsEvent(i + 1));
			// 1. Originals, round robin, 4 in flight.
			const first = new Array(EVENTS);
			await pool(
				events.map((e, i) => async () => {
					first[i] = await send(cluster, workflows.events.path, e.raw);
				}),
				4,
			);
			const inRecord = () => {
				const keys = recordedKeys(cluster, workflows.events.id);
				return events.filter((e) => keys.has(e.key)).length;
			};
			const recordedAfterOriginals = inRecord();
			// 2. Each repeated ≥ 1 s after its answer, through the other process.
			const other = new Array(EVENTS);
			const gaps = [];
			await pool(
				events.map((e, i) => async () => {
					const wait = first[i].at + REPEAT_AFTER_MS + 50 - Date.now();
					if (wait > 0) await sleep(wait);
					other[i] = await send(cluster, workflows.events.path, e.raw, 1 - first[i].servedBy);
					gaps.push(other[i].at - first[i].at);
				}),
				4,
			);
			const recordedAfterRepeats = inRecord();
			// 3. Both webhook processes restarted; every event once more, round robin.
			const restartStarted = Date.now();
			await cluster.restartWebhooks();
			const restartMs = Date.now() - restartStarted;
			const afterRestart = new Array(EVENTS);
			await pool(
				events.map((e, i) => async () => {
					afterRestart[i] = await send(cluster, workflows.events.path, e.raw);
				}),
				4,
			);
			// 4. Two copies at the same instant, one to each process.
			const simultaneous = Array.from({ length: SIMULTANEOUS }, (_, i) => ncsEvent(EVENTS + i + 1));
			const copies = [];
			for (const e of simultaneous)
				copies.push(
					await Promise.all([0, 1].map((u) => send(cluster, workflows.events.path, e.raw, u))),
				);

			for (const [i, e] of events.entries()) {
				if (first[i].status !== 200 || first[i].result !== 'accepted')
					problems.push(`${e.stream} first: ${first[i].status} ${first[i].result}`);
				if (other[i].servedBy === first[i].servedBy)
					problems.push(`${e.stream} repeat went to the same process`);
				if (other[i].status !== 200 || other[i].result !== 'duplicate')
					problems.push(
						`${e.stream} repeat via the other process: ${other[i].status} ${other[i].result}`,
					);
				if (afterRestart[i].status !== 200 || afterRestart[i].result !== 'duplicate')
					problems.push(
						`${e.stream} after restart: ${afterRestart[i].status} ${afterRestart[i].result}`,
					);
			}
			const expected = EVENTS + SIMULTANEOUS;
			const executions = await settledExecutions(cluster, workflows.events.id, expected);
			const runs = new Map();
			const effects = new Map();
			for (const x of executions) {
				runs.set(x.stream, (runs.get(x.stream) ?? 0) + 1);
				effects.set(x.stream, (effects.get(x.stream) ?? 0) + x.effects);
				if (x.status !== 'success') problems.push(`execution ${x.id} ${x.status}`);
			}
			for (const e of events) {
				if (runs.get(e.stream) !== 1)
					problems.push(`${e.stream}: ${runs.get(e.stream) ?? 0} executions`);
				if (effects.get(e.stream) !== 1)
					problems.push(`${e.stream}: ${effects.get(e.stream) ?? 0} effects`);
			}
			const twice = simultaneous.filter((e) => runs.get(e.stream) === 2).length;
			for (const e of simultaneous) {
				if (effects.get(e.stream) !== 1)
					problems.push(`${e.stream} (2 copies at once): ${effects.get(e.stream) ?? 0} effects`);
				if (!runs.get(e.stream)) problems.push(`${e.stream} (2 copies at once): missed`);
			}
			const figures = {
				events: EVENTS,
				executionsForEvents: events.reduce((n, e) => n + (runs.get(e.stream) ?? 0), 0),
				effectsForEvents: events.reduce((n, e) => n + (effects.get(e.stream) ?? 0), 0),
				missed: events.filter((e) => !runs.get(e.stream)).length,
				repeatGapMs: [Math.min(...gaps), Math.max(...gaps)],
				inRecordAfterOriginals: recordedAfterOriginals,
				inRecordAfterRepeats: recordedAfterRepeats,
				servedBy: [0, 1].map((u) => first.filter((r) => r.servedBy === u).length),
				restartSeconds: restartMs / 1000,
				simultaneousEvents: SIMULTANEOUS,
				simultaneousAnswers: copies.map((pair) => pair.map((r) => r.result).join('/')),
				simultaneousStartedTwice: twice,
				simultaneousEffects: simultaneous.reduce((n, e) => n + (effects.get(e.stream) ?? 0), 0),
				seconds: (Date.now() - started) / 1000,
			};
			ctx.log(`queue mode: ${JSON.stringify(figures)}`);
			ctx.artifact('queue-mode.json', { figures, problems });
			assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
			assert.ok(
				Math.min(...gaps) >= REPEAT_AFTER_MS,
				`a repeat came ${Math.min(...gaps)} ms after`,
			);
			return `${EVENTS} events × 3 deliveries → ${figures.executionsForEvents} executions, ${figures.effectsForEvents} effects, ${figures.missed} missed (repeats ${figures.repeatGapMs[0]}–${figures.repeatGapMs[1]} ms later via the other process; restart ${figures.restartSeconds} s); ${SIMULTANEOUS} simultaneous pairs → ${twice} started twice, ${figures.simultaneousEffects} effects; ${figures.seconds.toFixed(1)} s`;
		},
		{ needs: [SETUP] },
	);

	test(
		'queue mode: a signed origin-authentication request is answered once; the same bytes through the other webhook process (and the first one) within 10 s are refused (401)',
		async () => {
			const raw = JSON.stringify({
				host: 'push.example.com',
				entryPoint: 'live',
				streamName: 'queue_viewer',
				clientIp: '203.0.113.9',
			});
			const first = await send(cluster, workflows.auth.path, raw, 0);
			const otherProcess = await send(cluster, workflows.auth.path, raw, 1);
			const sameProcess = await send(cluster, workflows.auth.path, raw, 0);
			assert.equal(first.status, 200, 'the first request is answered (Default Answer: allow)');
			assert.equal(otherProcess.status, 401, 'replayed to the other webhook process');
			assert.equal(sameProcess.status, 401, 'replayed to the same webhook process');
			assert.ok(sameProcess.at - first.at < 10000, 'within the 10 s window');
			return `200, then 401 (other process, ${otherProcess.at - first.at} ms later), 401 (same process)`;
		},
		{ needs: [SETUP] },
	);

	test(
		'queue mode: everything stopped',
		async () => {
			await cluster.stop();
			ctx.queueCluster = null;
		},
		{ needs: [SETUP] },
	);
}
