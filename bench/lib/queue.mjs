// Queue mode for `npm run bench -- --queue N[,M…]`: Redis (Debian's redis-server, installed with
// apt-get when missing), one n8n main (`n8n start`, EXECUTIONS_MODE=queue) and N workers
// (`n8n worker --concurrency=1`, each with its own task-runner broker port and health-check port), all
// on loopback and free ports, all stopped afterwards. One workflow per worker (Webhook → List Streams →
// Ban → Unban of its own 500 streams) on ONE credential; the webhooks are called at once, so each
// worker runs one execution and all of them share one Agora account through the sandbox.
import fs from 'node:fs';
import path from 'node:path';

import {
	CREDENTIAL_TYPE,
	NODE_TYPE,
	freePort,
	importCredentials,
	importWorkflows,
	n8nEnv,
	startN8n,
} from '../../scripts/lib/n8n.mjs';
import { ensureRedis, startChild } from '../../scripts/lib/processes.mjs';
import { N8nRest } from '../../scripts/lib/rest.mjs';
import { wallClockStepMs } from './metrics.mjs';

/** One workflow per worker: Webhook (answers at once) → 500 names → Ban → Unban, on the shared credential. */
function queueWorkflow({ index, workers, streams, credential }) {
	// Distinct per scenario: executions of an earlier scenario stay in the shared database.
	const id = `bq${workers}w${index}`.padEnd(16, '0');
	const webhookPath = `bench-queue-${workers}-${index}`;
	const agora = (name, operation, x) => ({
		parameters: {
			resource: 'stream',
			operation,
			entryPoint: { __rl: true, mode: 'name', value: 'live' },
			streamName: '={{ $json.streamName }}',
		},
		id: `q${index}-${name}`,
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [x, 0],
		credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
	});
	return {
		webhookPath,
		workflow: {
			id,
			name: `[bench] queue mode worker workflow ${index}`,
			active: false,
			nodes: [
				{
					parameters: {
						httpMethod: 'POST',
						path: webhookPath,
						responseMode: 'onReceived',
						options: {},
					},
					id: `q${index}-webhook`,
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: `00000${String(workers).padStart(2, '0')}${index}-bench-4000-8000-queue0000000`,
				},
				{
					parameters: {
						jsCode: `return Array.from({ length: ${streams} }, (_, i) => ({ json: { streamName: \`q${index}_stream_\${String(i + 1).padStart(4, '0')}\` } }));`,
					},
					id: `q${index}-list`,
					name: 'List Streams',
					type: 'n8n-nodes-base.code',
					typeVersion: 2,
					position: [220, 0],
				},
				agora('Ban', 'ban', 440),
				agora('Unban', 'unban', 660),
			],
			connections: {
				Webhook: { main: [[{ node: 'List Streams', type: 'main', index: 0 }]] },
				'List Streams': { main: [[{ node: 'Ban', type: 'main', index: 0 }]] },
				Ban: { main: [[{ node: 'Unban', type: 'main', index: 0 }]] },
			},
			settings: {
				executionOrder: 'v1',
				saveDataSuccessExecution: 'all',
				saveDataErrorExecution: 'all',
			},
			pinData: {},
		},
	};
}

/**
 * Runs one queue-mode scenario with `workers` workers and returns what the sandbox and n8n saw.
 * `sandbox` is the running sandbox process, `sb` its control client; `n8n` from ensureN8n();
 * `userFolder` holds the installed package (shared by main and workers: one SQLite database).
 */
export async function runQueueScenario({
	workers,
	streams,
	n8n,
	userFolder,
	sandbox,
	sb,
	credentialData,
	log,
	tmpDir,
}) {
	const redisBin = ensureRedis({ log });
	const redisPort = await freePort();
	const started = [];
	const stopAll = async () => {
		for (const s of started.reverse()) await s.stop().catch(() => {});
	};
	try {
		const redis = await startChild(
			redisBin,
			[
				'--port',
				String(redisPort),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--daemonize',
				'no',
			],
			{
				env: process.env,
				cwd: userFolder,
				ready: /Ready to accept connections/i,
				name: `redis-server :${redisPort}`,
				log,
			},
		);
		started.push(redis);
		const port = await freePort();
		const queueEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			// Manual executions stay on main; these are webhook (production) executions: they go to workers.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_ENCRYPTION_KEY: 'bench-queue-mode-encryption-key',
			NODE_FUNCTION_ALLOW_BUILTIN: 'crypto',
		};
		const mainEnv = n8nEnv({ userFolder, port, brokerPort: await freePort(), extra: queueEnv });
		const credential = {
			id: 'benchqueuecred01',
			name: 'Agora sandbox (bench queue mode)',
			type: CREDENTIAL_TYPE,
			data: credentialData,
		};
		const flows = Array.from({ length: workers }, (_, i) =>
			queueWorkflow({ index: i + 1, workers, streams, credential }),
		);
		await importCredentials(n8n, mainEnv, [credential]);
		await importWorkflows(
			n8n,
			mainEnv,
			flows.map((f) => f.workflow),
		);
		const main = await startN8n(n8n, mainEnv, {});
		started.push(main);
		log(`n8n main (queue mode) on :${port}, Redis :${redisPort}`);
		for (let i = 0; i < workers; i++) {
			const workerEnv = n8nEnv({
				userFolder,
				port: await freePort(),
				brokerPort: await freePort(),
				extra: {
					...queueEnv,
					QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				},
			});
			const worker = await startChild(n8n.nodeBin, [n8n.n8nBin, 'worker', '--concurrency=1'], {
				env: workerEnv,
				cwd: userFolder,
				ready: /worker is now ready|Worker started/i,
				name: `n8n worker ${i + 1}`,
				log,
			});
			started.push(worker);
		}
		const rest = new N8nRest(`http://127.0.0.1:${port}`);
		await rest.ensureOwner();
		await rest.login();
		for (const f of flows) await rest.publishWorkflow(f.workflow.id);
		log(`published ${workers} workflows; calling their webhooks at once`);

		await sb.reset();
		const t0 = Date.now();
		const answers = await Promise.all(
			flows.map((f) =>
				fetch(`http://127.0.0.1:${port}/webhook/${f.webhookPath}`, {
					method: 'POST',
					body: '{}',
					headers: { 'Content-Type': 'application/json' },
				}).then((r) => r.status),
			),
		);
		log(`webhooks answered ${answers.join(', ')}`);

		// Wait until n8n reports every execution finished (or 10 min).
		let executions = [];
		for (;;) {
			executions = [];
			for (const f of flows) {
				const list = await rest.data(
					'GET',
					`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: f.workflow.id }))}`,
				);
				executions.push(...(list?.results ?? list ?? []));
			}
			const done = executions.filter(
				(e) => e.finished || ['success', 'error', 'crashed', 'canceled'].includes(e.status),
			);
			if (done.length >= workers) break;
			if (Date.now() - t0 > 600000)
				throw new Error(
					`executions not finished after 10 min: ${JSON.stringify(executions.map((e) => e.status))}`,
				);
			await new Promise((r) => setTimeout(r, 2000));
		}
		const requests = (await sb.requests(0)).filter((e) => e.appId === credentialData.appId);
		fs.writeFileSync(path.join(tmpDir, `queue-${workers}.requests.json`), JSON.stringify(requests));
		fs.writeFileSync(
			path.join(tmpDir, `queue-${workers}.executions.json`),
			JSON.stringify(executions, null, 2),
		);
		return { workers, streams, executions, requests, answers };
	} finally {
		await stopAll();
	}
}

/** The figures of one queue-mode scenario from the sandbox log and n8n's executions. */
export function queueFigures({ workers, streams, executions, requests }, limitRps) {
	const ok = requests.filter((e) => e.status >= 200 && e.status < 300);
	const arrivals = requests.map((e) => e.arrivedAt ?? e.at).sort((a, b) => a - b);
	const spanSeconds =
		arrivals.length > 1 ? (arrivals[arrivals.length - 1] - arrivals[0]) / 1000 : NaN;
	const writesPerTarget = new Map();
	for (const e of ok)
		writesPerTarget.set(
			`${e.method} ${e.path}`,
			(writesPerTarget.get(`${e.method} ${e.path}`) ?? 0) + 1,
		);
	const duplicatedWrites = [...writesPerTarget.values()].filter((n) => n > 1).length;
	const expected = workers * streams * 2;
	const perWorker = {};
	for (const e of requests) {
		const m = /q(\d+)_stream_/.exec(e.path);
		const key = m ? `worker workflow ${m[1]}` : 'other';
		perWorker[key] ??= { accepted: 0, http429: 0, firstAt: Infinity, lastAt: 0 };
		const w = perWorker[key];
		if (e.status === 429) w.http429++;
		else if (e.status >= 200 && e.status < 300) w.accepted++;
		w.firstAt = Math.min(w.firstAt, e.arrivedAt ?? e.at);
		w.lastAt = Math.max(w.lastAt, e.arrivedAt ?? e.at);
	}
	for (const w of Object.values(perWorker)) {
		w.seconds = Number(((w.lastAt - w.firstAt) / 1000).toFixed(1));
		delete w.firstAt;
		delete w.lastAt;
	}
	const http429 = requests.filter((e) => e.status === 429).length;
	const aggregateRps = ok.length / spanSeconds;
	// Arrivals that span T seconds can number at most limit × (T + 1) under a sliding one-second
	// window (the first window's requests arrive together, the last window adds its own): a perfect
	// pacer scores about 100 % on this, and 100 % × (1 + 1/T) on `ratioToLimit` (101–102 % here).
	const ratioToCapacity = ok.length / (limitRps * (spanSeconds + 1));
	const perSecond = [];
	for (const e of requests) {
		const s = Math.floor(((e.arrivedAt ?? e.at) - arrivals[0]) / 1000);
		perSecond[s] ??= { accepted: 0, http429: 0 };
		if (e.status === 429) perSecond[s].http429++;
		else if (e.status >= 200 && e.status < 300) perSecond[s].accepted++;
	}
	return {
		workers,
		requestsPlanned: expected,
		aggregateRps: Number(aggregateRps.toFixed(2)),
		ratioToLimit: Number((aggregateRps / limitRps).toFixed(3)),
		ratioToCapacity: Number(ratioToCapacity.toFixed(3)),
		spanSeconds: Number(spanSeconds.toFixed(1)),
		applied: writesPerTarget.size,
		failedItems: expected - writesPerTarget.size,
		duplicatedWrites,
		requests: requests.length,
		http429,
		http429Share: Number((http429 / Math.max(1, requests.length)).toFixed(3)),
		otherStatuses: requests.filter((e) => e.status !== 429 && !(e.status >= 200 && e.status < 300))
			.length,
		executions: executions.map((e) => ({ id: e.id, status: e.status, mode: e.mode })),
		executionsFailed: executions.filter((e) => e.status !== 'success').length,
		// The figures above use the sandbox's monotonic arrival times; a step still shows in n8n's
		// execution times.
		wallClockStepMs: wallClockStepMs(requests),
		perWorker,
		perSecond: Array.from(perSecond, (b) => b ?? { accepted: 0, http429: 0 }),
	};
}
