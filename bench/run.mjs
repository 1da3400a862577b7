#!/usr/bin/env node
// `npm run bench`: our node against "Code node signs + HTTP Request node sends" on the local Agora
// sandbox, executed by the real n8n 2.41.1 (Node 24) of the e2e setup with `n8n execute --id`
// (one CLI process per run, so each run's peak RSS is its own).
//
//   node bench/run.mjs [--save] [--queue N[,M…]] [--all] [--repeat N] [--skip-build] [--keep]
//                      [--scale | --soak] (bench/lib/scale.mjs, bench/lib/soak.mjs; see bench/README.md)
//                      [--only REGEX] [--items N]
//                      [--batch-size N] [--batch-interval MS] [--max-tries N] [--wait-between-tries MS]
//                      [--no-overhead] [--no-signing] [--no-baseline] [--no-chart] [--no-network]
//
// `--queue 3` runs n8n in queue mode (Redis + main + 3 workers) instead of the single-process
// contenders (`--all` runs both). `--save` also updates the committed bench/results/latest.json and
// charts (sections this run did not measure are kept from the previous latest.json); without it,
// everything goes to bench/tmp/ (git-ignored), so a plain `npm run bench` leaves git status clean.
//
// Workload: N stream names (default 500); Stream → Ban over all of them, then Stream → Unban over
// the same names: 2N items, 2N requests. The sandbox enforces 50 requests/s (sliding 1 s window per
// Customer ID) and adds 150 ms to every response.
//
// Outputs: a table on stdout and bench/tmp/bench-<time>.json (+ charts in bench/tmp/); with --save
// also bench/results/latest.json, requests-per-second.png (+ .svg) and queue-mode.png (+ .svg).
// Raw material (execute output, request logs) goes to bench/tmp/ (git-ignored).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	CREDENTIAL_TYPE,
	ensureN8n,
	freePort,
	n8nEnv,
	importCredentials,
	importWorkflows,
	preparePackage,
	ROOT,
} from '../scripts/lib/n8n.mjs';
import {
	SANDBOX_CUSTOMER_ID,
	SANDBOX_CUSTOMER_SECRET,
	sandboxControl,
	startSandboxProcess,
} from '../scripts/lib/sandbox.mjs';
import { renderSvg, svgToPng } from './lib/chart.mjs';
import { queueFigures, runQueueScenario } from './lib/queue.mjs';
import { cpuBetween, executeWithMemory } from './lib/exec.mjs';
import { measure, perSecondSeries } from './lib/metrics.mjs';
import { loadWorkflow } from './lib/templates.mjs';

// ------------------------------------------------------------------------------------------ options
const argv = process.argv.slice(2);
// The scale and soak scenarios have their own setup and report (bench/lib/scale.mjs, soak.mjs).
if (argv.includes('--scale') || argv.includes('--soak')) {
	const { runScale } = await import('./lib/scale.mjs');
	await runScale(argv, { soak: argv.includes('--soak') });
	process.exit(0);
}
const flag = (name) => argv.includes(name);
const value = (name, fallback) => {
	const i = argv.indexOf(name);
	return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const LIMIT_RPS = 50;
const LATENCY_MS = 150;
const STREAMS = Number(value('--items', 500));
const ITEMS = STREAMS * 2;
// Contender B, best settings (see bench/README.md for why these).
const BEST = {
	batchSize: Number(value('--batch-size', 1)),
	batchInterval: Number(value('--batch-interval', 20)),
	banRetryOnFail: !flag('--no-ban-retry'),
	unbanRetryOnFail: flag('--unban-retry'),
	maxTries: Number(value('--max-tries', 5)),
	waitBetweenTries: Number(value('--wait-between-tries', 5000)),
};
const retryText = () => {
	const on = [BEST.banRetryOnFail && 'Ban', BEST.unbanRetryOnFail && 'Unban'].filter(Boolean);
	return on.length
		? `retry ${on.join('+')} ${BEST.maxTries}x/${BEST.waitBetweenTries / 1000} s`
		: 'no retry';
};
const only = value('--only') ? new RegExp(value('--only'), 'i') : null;
const SAVE = flag('--save');
const QUEUE = value('--queue')
	? String(value('--queue'))
			.split(',')
			.map(Number)
			.filter((n) => n >= 1)
	: [];
const SINGLE = !QUEUE.length || flag('--all');
// Per-item overhead runs are repeated and reported as ranges: one run's items/s moves with the machine.
const REPEAT = Math.max(1, Number(value('--repeat', 3)));
const RESULTS = path.join(ROOT, 'bench/results');
const TMP = path.join(ROOT, 'bench/tmp');
fs.mkdirSync(RESULTS, { recursive: true });
fs.mkdirSync(TMP, { recursive: true });

const t0 = Date.now();
const log = (...a) =>
	console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s]`, ...a);
const id16 = (name) => ('bench' + createHash('sha256').update(name).digest('hex')).slice(0, 16);
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
/** Wall times from n8n are off by as much as the machine's clock stepped during a run (bench/README). */
const warnIfClockStepped = (label, stepMs) => {
	if (stepMs > 250)
		log(`${label}: WARNING the machine's wall clock stepped ${stepMs} ms during this run`);
};

// ------------------------------------------------------------------------------------------ setup
let sandbox = null;
let userFolder = null;
const cleanup = async (keep) => {
	if (sandbox) await sandbox.stop().catch(() => {});
	sandbox = null;
	if (userFolder && !keep) fs.rmSync(userFolder, { recursive: true, force: true });
};
for (const sig of ['SIGINT', 'SIGTERM']) {
	process.once(sig, async () => {
		console.log(`[bench] ${sig}: stopping`);
		await cleanup(true);
		process.exit(130);
	});
}

const loadBefore = os.loadavg();
const n8n = ensureN8n({ log });
userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-bench-'));
preparePackage(userFolder, { log, skipBuild: flag('--skip-build') });
const env = n8nEnv({
	userFolder,
	port: await freePort(),
	brokerPort: await freePort(),
	logLevel: 'info', // 'warn' would hide the run JSON: execute prints it through the logger at info level
	// Contender B's Code node does require('crypto'); n8n blocks every built-in module in the Code
	// node unless it is allowed here (the JS task runner inherits this from the n8n process).
	// --no-allow-builtin leaves it unset, to see the error a user gets without it.
	extra: flag('--no-allow-builtin') ? {} : { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto' },
});

sandbox = await startSandboxProcess({
	port: 0,
	rateLimit: LIMIT_RPS,
	latency: LATENCY_MS,
	quiet: true,
});
const sb = sandboxControl(sandbox.url);
log(
	`sandbox ${sandbox.url} (pid ${sandbox.pid}): rate limit ${LIMIT_RPS}/s, latency ${LATENCY_MS} ms; n8n user folder ${userFolder}`,
);

const scenarios = {};
let queueResults = [];
if (QUEUE.length) {
	for (const workers of QUEUE) {
		log(
			`queue mode: ${workers} workers × ${ITEMS} requests on one credential (sandbox ${LIMIT_RPS} req/s, +${LATENCY_MS} ms)`,
		);
		const raw = await runQueueScenario({
			workers,
			streams: STREAMS,
			n8n,
			userFolder,
			sandbox,
			sb,
			log,
			tmpDir: TMP,
			credentialData: {
				customerId: SANDBOX_CUSTOMER_ID,
				customerSecret: SANDBOX_CUSTOMER_SECRET,
				appId: `bench-queue-${workers}`,
				baseUrl: sandbox.url,
				requestsPerSecond: LIMIT_RPS,
				ncsSecret: '',
			},
		});
		const f = queueFigures(raw, LIMIT_RPS);
		log(
			`queue mode, ${workers} workers: ${fmt(f.aggregateRps, 2)} req/s aggregate (${fmt(f.ratioToLimit * 100, 1)}% of ${LIMIT_RPS}; ${fmt(f.ratioToCapacity * 100, 1)}% of what the limit allows over the span), ` +
				`${f.failedItems} failed items, ${f.duplicatedWrites} duplicated writes, ${f.http429} × 429 (${fmt(f.http429Share * 100, 1)}% of ${f.requests} requests), executions ${f.executions.map((e) => e.status).join('/')}`,
		);
		warnIfClockStepped(`queue mode, ${workers} workers`, f.wallClockStepMs);
		queueResults.push(f);
	}
}

const credential = (key, requestsPerSecond) => ({
	id: id16(`cred:${key}`),
	name: `Agora sandbox (bench ${key})`,
	type: CREDENTIAL_TYPE,
	data: {
		customerId: SANDBOX_CUSTOMER_ID,
		customerSecret: SANDBOX_CUSTOMER_SECRET,
		appId: `bench-${key}`,
		baseUrl: sandbox.url,
		requestsPerSecond,
		ncsSecret: '',
	},
});

/** A run: a workflow file filled for one App ID, on the limited sandbox or the unlimited one. */
function makeRun({ key, name, file, firstNode, limited, requestsPerSecond, vars = {}, network }) {
	const appId = `bench-${key}`;
	const cred = requestsPerSecond ? credential(key, requestsPerSecond) : null;
	const workflow = loadWorkflow(file, {
		WORKFLOW_ID: id16(`wf:${key}`),
		ITEMS: STREAMS,
		CUSTOMER_ID: SANDBOX_CUSTOMER_ID,
		CUSTOMER_SECRET: SANDBOX_CUSTOMER_SECRET,
		BASE_URL: sandbox.url,
		APP_ID: appId,
		CRED_ID: cred?.id ?? '',
		CRED_NAME: cred?.name ?? '',
		...vars,
	});
	workflow.name = `${workflow.name} (${key})`;
	return { key, name, file, firstNode, limited, appId, cred, workflow, network };
}

const mainRuns = [
	makeRun({
		key: 'ours',
		name: 'Agora node (defaults)',
		file: 'ours-defaults.json',
		firstNode: 'Ban',
		limited: true,
		requestsPerSecond: LIMIT_RPS,
	}),
	makeRun({
		key: 'code-http-defaults',
		name: 'Code + HTTP Request (defaults)',
		file: 'code-http-defaults.json',
		firstNode: 'Sign Ban',
		limited: true,
	}),
	makeRun({
		key: 'code-http-best',
		name: `Code + HTTP Request (batch ${BEST.batchSize}/${BEST.batchInterval} ms, ${retryText()})`,
		file: 'code-http-batched.json',
		firstNode: 'Sign Ban',
		limited: true,
		vars: {
			BATCH_SIZE: BEST.batchSize,
			BATCH_INTERVAL: BEST.batchInterval,
			BAN_RETRY_ON_FAIL: BEST.banRetryOnFail,
			UNBAN_RETRY_ON_FAIL: BEST.unbanRetryOnFail,
			MAX_TRIES: BEST.maxTries,
			WAIT_BETWEEN_TRIES: BEST.waitBetweenTries,
		},
	}),
];
// The same workload for our node on other networks: fixed 300 ms, and arrival jitter uniform 0–200 ms
// (requests reach the gateway at uneven delays, before it counts them) on top of the 150 ms.
const networkRuns = flag('--no-network')
	? []
	: [
			makeRun({
				key: 'ours-300ms',
				name: 'Agora node, latency 300 ms',
				file: 'ours-defaults.json',
				firstNode: 'Ban',
				limited: true,
				requestsPerSecond: LIMIT_RPS,
				network: { latencyMs: 300 },
			}),
			makeRun({
				key: 'ours-jitter200',
				name: 'Agora node, 150 ms + arrival jitter 0–200 ms',
				file: 'ours-defaults.json',
				firstNode: 'Ban',
				limited: true,
				requestsPerSecond: LIMIT_RPS,
				network: { arrivalJitterMs: 200 },
			}),
		];
// Per-item overhead, repeated: our node at its maximum pace (50/s: the credential refuses more) and
// B without any limit, both on a sandbox with no limit and no latency. CPU ms per item is the
// comparable figure; items/s of ours is its pace.
const overheadRuns = flag('--no-overhead')
	? []
	: Array.from({ length: REPEAT }, (_, i) => [
			makeRun({
				key: `ours-unlimited-${i + 1}`,
				name: 'Agora node (Requests per Second 50)',
				file: 'ours-defaults.json',
				firstNode: 'Ban',
				limited: false,
				requestsPerSecond: LIMIT_RPS,
			}),
			makeRun({
				key: `code-http-unlimited-${i + 1}`,
				name: 'Code + HTTP Request (defaults)',
				file: 'code-http-defaults.json',
				firstNode: 'Sign Ban',
				limited: false,
			}),
		]).flat();
// Baseline: the part every contender shares (Manual Trigger → List Streams), nothing else.
const baselineRun =
	flag('--no-baseline') || !SINGLE
		? null
		: (() => {
				const wf = loadWorkflow('ours-defaults.json', {
					WORKFLOW_ID: id16('wf:baseline'),
					ITEMS: STREAMS,
					CRED_ID: '',
					CRED_NAME: '',
				});
				wf.name = '[bench] baseline: Manual Trigger → List Streams only';
				wf.nodes = wf.nodes.filter((n) => n.name === 'Start' || n.name === 'List Streams');
				wf.connections = { Start: wf.connections.Start };
				return { key: 'baseline', workflow: wf };
			})();
const selected = (r) => !only || only.test(r.key);
const runs = SINGLE ? [...mainRuns, ...networkRuns, ...overheadRuns].filter(selected) : [];

const creds = runs.map((r) => r.cred).filter(Boolean);
if (creds.length) log(`import:credentials: ${(await importCredentials(n8n, env, creds)).ms} ms`);
const wfs = [...runs.map((r) => r.workflow), ...(baselineRun ? [baselineRun.workflow] : [])];
if (wfs.length)
	log(`import:workflow (${wfs.length}): ${(await importWorkflows(n8n, env, wfs)).ms} ms`);
for (const r of runs)
	fs.writeFileSync(path.join(TMP, `${r.key}.workflow.json`), JSON.stringify(r.workflow, null, 2));

// ------------------------------------------------------------------------------------------ runs
async function execute(r) {
	await sb.reset();
	if (!r.limited) await sb.config({ rateLimit: 0, latencyMs: 0 });
	if (r.network) await sb.config(r.network);
	const cfg = await sb.config();
	log(
		`${r.key}: n8n execute --id=${r.workflow.id} (sandbox rateLimit ${cfg.rateLimit}, latency ${cfg.latencyMs} ms, arrival jitter 0–${cfg.arrivalJitterMs ?? 0} ms)`,
	);
	const x = await executeWithMemory(n8n, env, r.workflow.id, { timeoutMs: 300000 });
	fs.writeFileSync(path.join(TMP, `${r.key}.stdout.txt`), x.stdout);
	fs.writeFileSync(path.join(TMP, `${r.key}.stderr.txt`), x.stderr);
	const requests = (await sb.requests(0)).filter((e) => e.appId === r.appId);
	fs.writeFileSync(path.join(TMP, `${r.key}.requests.json`), JSON.stringify(requests));
	if (!x.run) {
		log(
			`${r.key}: no run JSON (exit ${x.code}); see bench/tmp/${r.key}.stdout.txt\n${x.stdout.slice(-1500)}\n${x.stderr.slice(-1500)}`,
		);
	}
	const m = measure(x.run, requests, {
		firstNode: r.firstNode,
		agoraNodes: ['Ban', 'Unban'],
		items: ITEMS,
	});
	const cpu = cpuBetween(x.cpuSamples, m.wallStartMs, m.wallStartMs + m.wallMs);
	const result = { ...r, x, m, requests, cpu };
	log(
		`${r.key}: exit ${x.code}, process ${fmt(x.ms / 1000)} s, workload ${fmt(m.wallMs / 1000, 2)} s, ${m.successfulRequests} ok / ${requests.length} requests, ` +
			`${m.http429} × 429, ${m.failedItems} failed items, peak RSS ${fmt(x.peakRssMb, 0)} MB (+ task runner ${fmt(x.peakChildrenRssMb, 0)} MB), ` +
			`CPU during the workload ${fmt(cpu.n8n, 2)} s n8n + ${fmt(cpu.taskRunner, 2)} s task runner` +
			(m.details.error ? `; error: ${m.details.error}` : ''),
	);
	warnIfClockStepped(r.key, m.wallClockStepMs);
	return result;
}

const results = {};
for (const r of runs) results[r.key] = await execute(r);

let baseline = null;
if (baselineRun) {
	log('baseline: n8n execute of Manual Trigger → List Streams only (what every contender shares)');
	const x = await executeWithMemory(n8n, env, baselineRun.workflow.id, { timeoutMs: 180000 });
	fs.writeFileSync(path.join(TMP, 'baseline.stdout.txt'), x.stdout);
	fs.writeFileSync(path.join(TMP, 'baseline.stderr.txt'), x.stderr);
	baseline = {
		exitCode: x.code,
		signal: x.signal ?? undefined,
		processSeconds: x.ms / 1000,
		peakRssMb: Math.round(x.peakRssMb),
		taskRunnerPeakRssMb: Math.round(x.peakChildrenRssMb),
	};
	log(
		`baseline: peak RSS ${baseline.peakRssMb} MB (+ task runner ${baseline.taskRunnerPeakRssMb} MB), process ${fmt(baseline.processSeconds)} s`,
	);
}

// ------------------------------------------------------------------------------------------ signing
let signing = null;
if (!flag('--no-signing') && SINGLE) {
	const file = path.join(ROOT, 'dist/credentials/common/agora/index.js');
	const s = spawnSync(n8n.nodeBin, [path.join(ROOT, 'bench/lib/sign-throughput.cjs'), file, '2'], {
		encoding: 'utf8',
	});
	if (s.status === 0) {
		signing = JSON.parse(s.stdout.trim().split('\n').pop());
		log(
			`signing (${signing.node}, one core): ${Object.entries(signing.results)
				.map(([k, v]) => `${k} ${v.perSecond}/s`)
				.join(', ')}`,
		);
	} else log(`signing throughput failed: ${s.stderr}`);
}

await cleanup(flag('--keep'));
if (flag('--keep')) log(`kept ${userFolder}`);
const loadAfter = os.loadavg();

// ------------------------------------------------------------------------------------------ report
const round = (n, d) => (Number.isFinite(n) ? Number(n.toFixed(d)) : null);
const contenders = mainRuns
	.filter((r) => results[r.key])
	.map((r) => {
		const { m, x } = results[r.key];
		return {
			name: r.name,
			effectiveRps: round(m.effectiveRps, 2),
			ratioToLimit: round(m.effectiveRps / LIMIT_RPS, 3),
			failedItems: m.failedItems,
			http429: m.http429,
			retries: m.retries,
			wallSeconds: round(m.wallMs / 1000, 2),
			peakRssMb: Math.round(x.peakRssMb),
		};
	});

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const table = [];
table.push(
	`Workload: ${STREAMS} × Stream → Ban, then ${STREAMS} × Stream → Unban (${ITEMS} items, ${ITEMS} requests); sandbox ${LIMIT_RPS} req/s, +${LATENCY_MS} ms; n8n ${n8n.version} \`n8n execute --id\``,
);
table.push(
	`${pad('contender', 62)}${lpad('wall s', 8)}${lpad('req/s', 8)}${lpad('÷50', 7)}${lpad('failed', 8)}${lpad('429s', 7)}${lpad('retries', 9)}${lpad('RSS MB', 8)}`,
);
for (const c of contenders) {
	table.push(
		`${pad(c.name, 62)}${lpad(fmt(c.wallSeconds, 2), 8)}${lpad(fmt(c.effectiveRps, 2), 8)}${lpad(fmt(c.ratioToLimit * 100, 1) + '%', 7)}${lpad(c.failedItems, 8)}${lpad(c.http429, 7)}${lpad(c.retries, 9)}${lpad(c.peakRssMb, 8)}`,
	);
}
if (baseline)
	table.push(
		`(baseline, Manual Trigger → List Streams only: n8n peak RSS ${baseline.peakRssMb} MB; the JS task runner adds ~${baseline.taskRunnerPeakRssMb} MB in its own process)`,
	);

const range = (values, d) => {
	const v = values.filter(Number.isFinite);
	return v.length
		? { min: round(Math.min(...v), d), max: round(Math.max(...v), d), runs: v.length }
		: null;
};
const rangeText = (r, d) =>
	r ? (r.min === r.max ? fmt(r.min, d) : `${fmt(r.min, d)}–${fmt(r.max, d)}`) : 'n/a';

// Our node on other networks (same workload, one process).
let networkScenarios = null;
const networkMeasured = [mainRuns[0], ...networkRuns].filter((r) => results[r.key]);
if (networkMeasured.length) {
	networkScenarios = networkMeasured.map((r) => {
		const { m } = results[r.key];
		return {
			name: r.name,
			latencyMs: r.network?.latencyMs ?? LATENCY_MS,
			arrivalJitterMs: r.network?.arrivalJitterMs ?? 0,
			effectiveRps: round(m.effectiveRps, 2),
			ratioToLimit: round(m.effectiveRps / LIMIT_RPS, 3),
			// Arrival jitter only: the best a pacer that can never draw a 429 reaches on this very run.
			noRefusalBound: round(m.noRefusalBound, 3),
			ratioToBound: m.noRefusalBound
				? round(m.effectiveRps / LIMIT_RPS / m.noRefusalBound, 3)
				: null,
			failedItems: m.failedItems,
			http429: m.http429,
			wallSeconds: round(m.wallMs / 1000, 2),
		};
	});
	table.push('');
	table.push('Our node, one process, other networks (same workload):');
	table.push(
		`${pad('scenario', 62)}${lpad('req/s', 8)}${lpad('÷50', 7)}${lpad('failed', 8)}${lpad('429s', 7)}${lpad('bound', 8)}`,
	);
	for (const n of networkScenarios)
		table.push(
			`${pad(n.name, 62)}${lpad(fmt(n.effectiveRps, 2), 8)}${lpad(fmt(n.ratioToLimit * 100, 1) + '%', 7)}${lpad(n.failedItems, 8)}${lpad(n.http429, 7)}${lpad(n.noRefusalBound ? fmt(n.noRefusalBound * 100, 1) + '%' : '', 8)}`,
		);
	if (networkScenarios.some((n) => n.noRefusalBound))
		table.push(
			'(bound: what a pacer that can never draw a 429 would reach with the same arrival delays and the same n8n time before, between and after the nodes)',
		);
}

// Per-item overhead, as ranges over the repeated runs.
let perItemOverhead = null;
if (overheadRuns.some((r) => results[r.key])) {
	perItemOverhead = {
		sandbox: { rateLimit: 0, latencyMs: 0 },
		repeats: REPEAT,
		note: 'Ranges (min–max) over the repeated runs. Our node keeps its 50 requests/s pace even here (the credential refuses more), so its items/s is its pace; CPU ms per item is the comparable figure.',
		contenders: [],
	};
	const byName = new Map();
	for (const r of overheadRuns) {
		const res = results[r.key];
		if (!res) continue;
		const entry = byName.get(r.name) ?? {
			name: r.name,
			itemsPerSecond: [],
			msPerItem: [],
			cpuMsPerItem: [],
			failedItems: [],
			peakRssMb: [],
		};
		byName.set(r.name, entry);
		entry.itemsPerSecond.push((ITEMS - res.m.failedItems) / (res.m.wallMs / 1000));
		entry.msPerItem.push(res.m.wallMs / ITEMS);
		entry.cpuMsPerItem.push(((res.cpu.n8n + res.cpu.taskRunner) * 1000) / ITEMS);
		entry.failedItems.push(res.m.failedItems);
		entry.peakRssMb.push(res.x.peakRssMb);
	}
	table.push('');
	table.push(`Per-item overhead (sandbox rate limit off, latency 0), min–max over ${REPEAT} runs:`);
	table.push(
		`${pad('contender', 62)}${lpad('items/s', 13)}${lpad('ms/item', 13)}${lpad('CPU ms/item', 13)}${lpad('failed', 8)}`,
	);
	for (const e of byName.values()) {
		const c = {
			name: e.name,
			itemsPerSecond: range(e.itemsPerSecond, 1),
			msPerItem: range(e.msPerItem, 2),
			cpuMsPerItem: range(e.cpuMsPerItem, 2),
			failedItems: Math.max(...e.failedItems),
			peakRssMb: range(e.peakRssMb, 0),
		};
		perItemOverhead.contenders.push(c);
		table.push(
			`${pad(e.name, 62)}${lpad(rangeText(c.itemsPerSecond, 1), 13)}${lpad(rangeText(c.msPerItem, 2), 13)}${lpad(rangeText(c.cpuMsPerItem, 2), 13)}${lpad(c.failedItems, 8)}`,
		);
	}
}

// Queue mode.
let queueMode = null;
if (queueResults.length) {
	queueMode = {
		how: `n8n ${n8n.version} in queue mode: Redis (Debian redis-server) + one main + N workers (n8n worker --concurrency=1), one webhook-started execution per worker at once, each ${STREAMS} bans then ${STREAMS} unbans of its own streams, all on ONE credential (Requests per Second 50)`,
		targets: { ratioToLimit: 0.9, failedItems: 0, duplicatedWrites: 0, http429Share: 0.1 },
		scenarios: queueResults.map(({ perSecond, ...rest }) => rest),
	};
	table.push('');
	table.push(
		`Queue mode (one credential, ${ITEMS} requests per worker, sandbox ${LIMIT_RPS} req/s, +${LATENCY_MS} ms):`,
	);
	table.push(
		`${pad('workers', 10)}${lpad('req/s', 8)}${lpad('÷50', 8)}${lpad('÷cap', 8)}${lpad('failed', 8)}${lpad('dup.', 6)}${lpad('429s', 7)}${lpad('429 %', 8)}${lpad('executions', 24)}`,
	);
	for (const q of queueResults)
		table.push(
			`${pad(q.workers, 10)}${lpad(fmt(q.aggregateRps, 2), 8)}${lpad(fmt(q.ratioToLimit * 100, 1) + '%', 8)}${lpad(fmt(q.ratioToCapacity * 100, 1) + '%', 8)}${lpad(q.failedItems, 8)}${lpad(q.duplicatedWrites, 6)}${lpad(q.http429, 7)}${lpad(fmt(q.http429Share * 100, 1) + '%', 8)}${lpad(q.executions.map((e) => e.status).join('/'), 24)}`,
		);
}
if (signing) {
	table.push('');
	table.push(
		`Signing throughput (signAgoraRequest from dist/, ${signing.node}, one core, 2 s each):`,
	);
	for (const [k, v] of Object.entries(signing.results))
		table.push(
			`  ${pad(k, 16)}${lpad(v.perSecond.toLocaleString('en-US'), 10)} signatures/s (${v.usPerSignature} µs each)`,
		);
}
table.push('');
table.push(
	`machine: ${os.cpus().length} cores, load average ${loadBefore.map((l) => l.toFixed(2)).join('/')} before, ${loadAfter.map((l) => l.toFixed(2)).join('/')} after`,
);

// charts: into bench/results only with --save, else into bench/tmp
const OUT = SAVE ? RESULTS : TMP;
async function writeChart(svg, name) {
	fs.writeFileSync(path.join(OUT, `${name}.svg`), svg);
	try {
		await svgToPng(svg, path.join(OUT, `${name}.png`), { width: 1100, height: 560 });
		return path.relative(ROOT, path.join(OUT, `${name}.png`));
	} catch (e) {
		log(
			`PNG not drawn (${e.message}); the SVG is in ${path.relative(ROOT, path.join(OUT, `${name}.svg`))}`,
		);
		return path.relative(ROOT, path.join(OUT, `${name}.svg`));
	}
}
let chart = null;
const chartable = mainRuns.filter((r) => results[r.key]);
if (!flag('--no-chart') && chartable.length) {
	const series = chartable.map((r) => {
		const { m } = results[r.key];
		const summary = `${fmt(m.effectiveRps, 1)} req/s, ${m.failedItems} failed, ${m.http429} × 429`;
		return {
			name: `${r.name}: ${summary}`,
			values: perSecondSeries(results[r.key].requests, m.wallStartMs),
		};
	});
	const svg = renderSvg({
		title: 'Agora Media Broadcast: successful requests per second',
		subtitle: `${STREAMS} bans then ${STREAMS} unbans (${ITEMS} requests) on the sandbox (limit ${LIMIT_RPS} req/s, +${LATENCY_MS} ms latency), real n8n ${n8n.version}, one line per contender`,
		series,
		limit: LIMIT_RPS,
	});
	chart = await writeChart(svg, 'requests-per-second');
}
let queueChart = null;
if (!flag('--no-chart') && queueResults.length) {
	const palette = ['#0b7a3e', '#2e6bd6', '#c0392b', '#8e44ad', '#d68910'];
	const series = queueResults.flatMap((q, i) => [
		{
			name: `${q.workers} workers: ${fmt(q.aggregateRps, 1)} req/s together, ${q.failedItems} failed, ${q.http429} × 429 (${fmt(q.http429Share * 100, 1)}%)`,
			values: q.perSecond.map((b) => b.accepted),
			color: palette[i % palette.length],
		},
		{
			name: `${q.workers} workers: 429 answers per second`,
			values: q.perSecond.map((b) => b.http429),
			dashed: true,
			color: palette[i % palette.length],
		},
	]);
	const svg = renderSvg({
		title: 'Queue mode: several n8n workers, one Agora account',
		subtitle: `each worker ${STREAMS} bans then ${STREAMS} unbans on one credential; sandbox limit ${LIMIT_RPS} req/s, +${LATENCY_MS} ms; n8n ${n8n.version}; seconds since the first request`,
		series,
		limit: LIMIT_RPS,
		yLabel: 'requests per second (all workers)',
		xLabel: 'seconds since the first request',
	});
	queueChart = await writeChart(svg, 'queue-mode');
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const report = {
	limitRps: LIMIT_RPS,
	contenders,
	generatedAt: new Date().toISOString(),
	workload: {
		streams: STREAMS,
		items: ITEMS,
		requests: ITEMS,
		operations: ['stream.ban', 'stream.unban'],
		sandboxLatencyMs: LATENCY_MS,
		sandboxRateLimit: LIMIT_RPS,
	},
	runner: {
		how: 'n8n execute --id=<workflow> --rawOutput, one CLI process per contender (fresh process: its peak RSS is its own)',
		n8n: n8n.version,
		node: spawnSync(n8n.nodeBin, ['-v'], { encoding: 'utf8' }).stdout.trim(),
		env: { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto', N8N_RUNNERS_BROKER_PORT: '<free port>' },
	},
	definitions: {
		wallSeconds:
			'from the start of the first node that handles the items (ours: Ban; B: Sign Ban) to the end of the last node that ran (n8n runData startTime/executionTime); excludes n8n boot and the shared List Streams node',
		effectiveRps: 'successful (2xx) requests in the sandbox log / wallSeconds',
		failedItems:
			"items (of the 2×streams) not reported as done by the Ban/Unban nodes' output (a node that throws reports none)",
		http429: '429 answers in the sandbox log',
		retries: 'requests beyond one per distinct (method, path) in the sandbox log',
		peakRssMb:
			'VmHWM of the n8n execute process (sampled every 100 ms from /proc); its JS task runner child is reported separately in details',
	},
	contenderBBest: {
		httpRequestNode: 'n8n-nodes-base.httpRequest typeVersion 4.5, both nodes',
		batching: { itemsPerBatch: BEST.batchSize, batchIntervalMs: BEST.batchInterval },
		retryOnFail: {
			ban: BEST.banRetryOnFail,
			unban: BEST.unbanRetryOnFail,
			maxTries: BEST.maxTries,
			waitBetweenTriesMs: BEST.waitBetweenTries,
		},
		why: 'see bench/README.md: one request per 20 ms can never put more than 50 requests in any 1 s window, including across the Ban → Unban node boundary; Retry On Fail re-runs the whole node, which is safe for the idempotent PATCH (Ban) but turns already-applied DELETEs (Unban) into 404s',
	},
	details: Object.fromEntries(
		Object.values(results).map((res) => [
			res.key,
			{
				name: res.name,
				exitCode: res.x.code,
				processSeconds: round(res.x.ms / 1000, 2),
				taskRunnerPeakRssMb: Math.round(res.x.peakChildrenRssMb),
				workloadCpuSeconds: {
					n8n: round(res.cpu.n8n, 2),
					taskRunner: round(res.cpu.taskRunner, 2),
				},
				processCpuSeconds: {
					n8n: round(res.x.cpuSeconds, 2),
					taskRunner: round(res.x.childrenCpuSeconds, 2),
				},
				successfulRequests: res.m.successfulRequests,
				...res.m.details,
				perSecond: perSecondSeries(res.requests, res.m.wallStartMs),
			},
		]),
	),
	perItemOverhead,
	networkScenarios,
	queueMode,
	signingThroughput: signing,
	baseline,
	chart,
	queueChart,
	machine: {
		cpus: os.cpus().length,
		loadavgBefore: loadBefore,
		loadavgAfter: loadAfter,
		note: 'Load averages above the core count mean other processes competed for the CPU during this run.',
	},
	benchSeconds: round((Date.now() - t0) / 1000, 1),
};
// Every run is kept in bench/tmp (ignored). Only --save touches the committed bench/results: the
// sections measured now replace the previous latest.json's, the others stay (each says when it ran).
const runFile = path.join(TMP, `bench-${stamp}.json`);
fs.writeFileSync(runFile, JSON.stringify(report, null, 2) + '\n');
let saved = null;
if (SAVE && !only) {
	const latestFile = path.join(RESULTS, 'latest.json');
	const previous = fs.existsSync(latestFile) ? JSON.parse(fs.readFileSync(latestFile, 'utf8')) : {};
	const merged = {
		...previous,
		generatedAt: report.generatedAt,
		machine: report.machine,
		benchSeconds: report.benchSeconds,
	};
	const measuredAt = report.generatedAt;
	if (SINGLE) {
		for (const key of [
			'limitRps',
			'contenders',
			'workload',
			'runner',
			'definitions',
			'contenderBBest',
			'details',
			'perItemOverhead',
			'networkScenarios',
			'signingThroughput',
			'baseline',
			'chart',
		])
			// A section this run skipped (e.g. --no-overhead) keeps its previous figures.
			if (report[key] !== null && report[key] !== undefined) merged[key] = report[key];
		merged.singleProcessMeasuredAt = measuredAt;
	}
	if (queueMode) {
		// Per worker count: a scenario measured now replaces the previous one; the others are kept.
		const stamped = queueMode.scenarios.map((q) => ({
			...q,
			measuredAt,
			loadavg: { before: loadBefore, after: loadAfter },
		}));
		const kept = (previous.queueMode?.scenarios ?? []).filter(
			(q) => !stamped.some((n) => n.workers === q.workers),
		);
		merged.queueMode = {
			...queueMode,
			scenarios: [...kept, ...stamped].sort((a, b) => a.workers - b.workers),
			measuredAt,
		};
		if (queueChart) merged.queueChart = queueChart;
	}
	fs.writeFileSync(latestFile, JSON.stringify(merged, null, 2) + '\n');
	saved = latestFile;
}

console.log('');
console.log(table.join('\n'));
console.log('');
console.log(
	`wrote ${path.relative(ROOT, runFile)}${saved ? `, ${path.relative(ROOT, saved)}` : ' (bench/results untouched: add --save to update it)'}${chart ? `, ${chart}` : ''}${queueChart ? `, ${queueChart}` : ''}`,
);
console.log(`bench finished in ${fmt((Date.now() - t0) / 1000)} s`);
