#!/usr/bin/env node
// `npm run bench`: our node against "Code node signs + HTTP Request node sends" on the local Agora
// sandbox, executed by the real n8n 2.41.1 (Node 24) of the e2e setup with `n8n execute --id`
// (one CLI process per run, so each run's peak RSS is its own).
//
//   node bench/run.mjs [--skip-build] [--keep] [--only REGEX] [--items N]
//                      [--batch-size N] [--batch-interval MS] [--max-tries N] [--wait-between-tries MS]
//                      [--no-overhead] [--no-signing] [--no-baseline] [--no-chart]
//
// Workload: N stream names (default 500); Stream → Ban over all of them, then Stream → Unban over
// the same names: 2N items, 2N requests. The sandbox enforces 50 requests/s (sliding 1 s window per
// Customer ID) and adds 150 ms to every response.
//
// Outputs: a table on stdout, bench/results/latest.json (+ a timestamped copy),
// bench/results/requests-per-second.png (+ .svg). Raw material (execute output, request logs) goes to
// bench/tmp/ (git-ignored).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { CREDENTIAL_TYPE, ensureN8n, freePort, n8nEnv, importCredentials, importWorkflows, preparePackage, ROOT } from '../scripts/lib/n8n.mjs';
import { SANDBOX_CUSTOMER_ID, SANDBOX_CUSTOMER_SECRET, sandboxControl, startSandboxProcess } from '../scripts/lib/sandbox.mjs';
import { renderSvg, svgToPng } from './lib/chart.mjs';
import { cpuBetween, executeWithMemory } from './lib/exec.mjs';
import { measure, perSecondSeries } from './lib/metrics.mjs';
import { loadWorkflow } from './lib/templates.mjs';

// ------------------------------------------------------------------------------------------ options
const argv = process.argv.slice(2);
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
	return on.length ? `retry ${on.join('+')} ${BEST.maxTries}x/${BEST.waitBetweenTries / 1000} s` : 'no retry';
};
const FAST_RPS = 100000; // credential's Requests per Second for the per-item overhead run
const only = value('--only') ? new RegExp(value('--only'), 'i') : null;
const RESULTS = path.join(ROOT, 'bench/results');
const TMP = path.join(ROOT, 'bench/tmp');
fs.mkdirSync(RESULTS, { recursive: true });
fs.mkdirSync(TMP, { recursive: true });

const t0 = Date.now();
const log = (...a) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s]`, ...a);
const id16 = (name) => ('bench' + createHash('sha256').update(name).digest('hex')).slice(0, 16);
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

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

sandbox = await startSandboxProcess({ port: 0, rateLimit: LIMIT_RPS, latency: LATENCY_MS, quiet: true });
const sb = sandboxControl(sandbox.url);
log(`sandbox ${sandbox.url} (pid ${sandbox.pid}): rate limit ${LIMIT_RPS}/s, latency ${LATENCY_MS} ms; n8n user folder ${userFolder}`);

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
function makeRun({ key, name, file, firstNode, limited, requestsPerSecond, vars = {} }) {
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
	return { key, name, file, firstNode, limited, appId, cred, workflow };
}

const mainRuns = [
	makeRun({ key: 'ours', name: 'Agora node (defaults)', file: 'ours-defaults.json', firstNode: 'Ban', limited: true, requestsPerSecond: LIMIT_RPS }),
	makeRun({ key: 'code-http-defaults', name: 'Code + HTTP Request (defaults)', file: 'code-http-defaults.json', firstNode: 'Sign Ban', limited: true }),
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
const overheadRuns = flag('--no-overhead')
	? []
	: [
			makeRun({ key: 'ours-unlimited', name: `Agora node (Requests per Second ${FAST_RPS})`, file: 'ours-defaults.json', firstNode: 'Ban', limited: false, requestsPerSecond: FAST_RPS }),
			makeRun({ key: 'code-http-unlimited', name: 'Code + HTTP Request (defaults)', file: 'code-http-defaults.json', firstNode: 'Sign Ban', limited: false }),
		];
// Baseline: the part every contender shares (Manual Trigger → List Streams), nothing else.
const baselineRun = flag('--no-baseline')
	? null
	: (() => {
			const wf = loadWorkflow('ours-defaults.json', { WORKFLOW_ID: id16('wf:baseline'), ITEMS: STREAMS, CRED_ID: '', CRED_NAME: '' });
			wf.name = '[bench] baseline: Manual Trigger → List Streams only';
			wf.nodes = wf.nodes.filter((n) => n.name === 'Start' || n.name === 'List Streams');
			wf.connections = { Start: wf.connections.Start };
			return { key: 'baseline', workflow: wf };
		})();
const selected = (r) => !only || only.test(r.key);
const runs = [...mainRuns, ...overheadRuns].filter(selected);

const creds = runs.map((r) => r.cred).filter(Boolean);
if (creds.length) log(`import:credentials: ${(await importCredentials(n8n, env, creds)).ms} ms`);
const wfs = [...runs.map((r) => r.workflow), ...(baselineRun ? [baselineRun.workflow] : [])];
log(`import:workflow (${wfs.length}): ${(await importWorkflows(n8n, env, wfs)).ms} ms`);
for (const r of runs) fs.writeFileSync(path.join(TMP, `${r.key}.workflow.json`), JSON.stringify(r.workflow, null, 2));

// ------------------------------------------------------------------------------------------ runs
async function execute(r) {
	await sb.reset();
	if (!r.limited) await sb.config({ rateLimit: 0, latencyMs: 0 });
	const cfg = await sb.config();
	log(`${r.key}: n8n execute --id=${r.workflow.id} (sandbox rateLimit ${cfg.rateLimit}, latency ${cfg.latencyMs} ms)`);
	const x = await executeWithMemory(n8n, env, r.workflow.id, { timeoutMs: 300000 });
	fs.writeFileSync(path.join(TMP, `${r.key}.stdout.txt`), x.stdout);
	fs.writeFileSync(path.join(TMP, `${r.key}.stderr.txt`), x.stderr);
	const requests = (await sb.requests(0)).filter((e) => e.appId === r.appId);
	fs.writeFileSync(path.join(TMP, `${r.key}.requests.json`), JSON.stringify(requests));
	if (!x.run) {
		log(`${r.key}: no run JSON (exit ${x.code}); see bench/tmp/${r.key}.stdout.txt\n${x.stdout.slice(-1500)}\n${x.stderr.slice(-1500)}`);
	}
	const m = measure(x.run, requests, { firstNode: r.firstNode, agoraNodes: ['Ban', 'Unban'], items: ITEMS });
	const cpu = cpuBetween(x.cpuSamples, m.wallStartMs, m.wallStartMs + m.wallMs);
	const result = { ...r, x, m, requests, cpu };
	log(
		`${r.key}: exit ${x.code}, process ${fmt(x.ms / 1000)} s, workload ${fmt(m.wallMs / 1000, 2)} s, ${m.successfulRequests} ok / ${requests.length} requests, ` +
			`${m.http429} × 429, ${m.failedItems} failed items, peak RSS ${fmt(x.peakRssMb, 0)} MB (+ task runner ${fmt(x.peakChildrenRssMb, 0)} MB), ` +
			`CPU during the workload ${fmt(cpu.n8n, 2)} s n8n + ${fmt(cpu.taskRunner, 2)} s task runner` +
			(m.details.error ? `; error: ${m.details.error}` : ''),
	);
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
	baseline = { exitCode: x.code, signal: x.signal ?? undefined, processSeconds: x.ms / 1000, peakRssMb: Math.round(x.peakRssMb), taskRunnerPeakRssMb: Math.round(x.peakChildrenRssMb) };
	log(`baseline: peak RSS ${baseline.peakRssMb} MB (+ task runner ${baseline.taskRunnerPeakRssMb} MB), process ${fmt(baseline.processSeconds)} s`);
}

// ------------------------------------------------------------------------------------------ signing
let signing = null;
if (!flag('--no-signing')) {
	const file = path.join(ROOT, 'dist/credentials/AgoraMediaBroadcastApi.credentials.js');
	const s = spawnSync(n8n.nodeBin, [path.join(ROOT, 'bench/lib/sign-throughput.cjs'), file, '2'], { encoding: 'utf8' });
	if (s.status === 0) {
		signing = JSON.parse(s.stdout.trim().split('\n').pop());
		log(`signing (${signing.node}, one core): ${Object.entries(signing.results).map(([k, v]) => `${k} ${v.perSecond}/s`).join(', ')}`);
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
table.push(`Workload: ${STREAMS} × Stream → Ban, then ${STREAMS} × Stream → Unban (${ITEMS} items, ${ITEMS} requests); sandbox ${LIMIT_RPS} req/s, +${LATENCY_MS} ms; n8n ${n8n.version} \`n8n execute --id\``);
table.push(`${pad('contender', 62)}${lpad('wall s', 8)}${lpad('req/s', 8)}${lpad('÷50', 7)}${lpad('failed', 8)}${lpad('429s', 7)}${lpad('retries', 9)}${lpad('RSS MB', 8)}`);
for (const c of contenders) {
	table.push(`${pad(c.name, 62)}${lpad(fmt(c.wallSeconds, 2), 8)}${lpad(fmt(c.effectiveRps, 2), 8)}${lpad(fmt(c.ratioToLimit * 100, 1) + '%', 7)}${lpad(c.failedItems, 8)}${lpad(c.http429, 7)}${lpad(c.retries, 9)}${lpad(c.peakRssMb, 8)}`);
}
if (baseline) table.push(`(baseline, Manual Trigger → List Streams only: n8n peak RSS ${baseline.peakRssMb} MB; the JS task runner adds ~${baseline.taskRunnerPeakRssMb} MB in its own process)`);

let perItemOverhead = null;
if (overheadRuns.some((r) => results[r.key])) {
	perItemOverhead = { sandbox: { rateLimit: 0, latencyMs: 0 }, note: `Our credential's Requests per Second set to ${FAST_RPS} in the imported credential (the editor caps it at 50).`, contenders: [] };
	table.push('');
	table.push(`Per-item overhead (sandbox rate limit off, latency 0; our credential Requests per Second = ${FAST_RPS}):`);
	table.push(`${pad('contender', 62)}${lpad('items/s', 9)}${lpad('ms/item', 9)}${lpad('CPU ms/item', 13)}${lpad('wall s', 8)}${lpad('failed', 8)}`);
	for (const r of overheadRuns) {
		const res = results[r.key];
		if (!res) continue;
		const itemsDone = ITEMS - res.m.failedItems;
		const ips = itemsDone / (res.m.wallMs / 1000);
		const cpuMsPerItem = ((res.cpu.n8n + res.cpu.taskRunner) * 1000) / ITEMS;
		perItemOverhead.contenders.push({
			name: r.name,
			itemsPerSecond: round(ips, 1),
			msPerItem: round(res.m.wallMs / ITEMS, 3),
			cpuMsPerItem: round(cpuMsPerItem, 3),
			cpuSeconds: { n8n: round(res.cpu.n8n, 2), taskRunner: round(res.cpu.taskRunner, 2) },
			wallSeconds: round(res.m.wallMs / 1000, 2),
			failedItems: res.m.failedItems,
			peakRssMb: Math.round(res.x.peakRssMb),
		});
		table.push(`${pad(r.name, 62)}${lpad(fmt(ips, 1), 9)}${lpad(fmt(res.m.wallMs / ITEMS, 3), 9)}${lpad(fmt(cpuMsPerItem, 2), 13)}${lpad(fmt(res.m.wallMs / 1000, 2), 8)}${lpad(res.m.failedItems, 8)}`);
	}
}
if (signing) {
	table.push('');
	table.push(`Signing throughput (signAgoraRequest from dist/, ${signing.node}, one core, 2 s each):`);
	for (const [k, v] of Object.entries(signing.results)) table.push(`  ${pad(k, 16)}${lpad(v.perSecond.toLocaleString('en-US'), 10)} signatures/s (${v.usPerSignature} µs each)`);
}
table.push('');
table.push(`machine: ${os.cpus().length} cores, load average ${loadBefore.map((l) => l.toFixed(2)).join('/')} before, ${loadAfter.map((l) => l.toFixed(2)).join('/')} after`);

// chart
let chart = null;
const chartable = mainRuns.filter((r) => results[r.key]);
if (!flag('--no-chart') && chartable.length) {
	const series = chartable.map((r) => {
		const { m } = results[r.key];
		const summary = `${fmt(m.effectiveRps, 1)} req/s, ${m.failedItems} failed, ${m.http429} × 429`;
		return { name: `${r.name}: ${summary}`, values: perSecondSeries(results[r.key].requests, m.wallStartMs) };
	});
	const svg = renderSvg({
		title: 'Agora Media Broadcast: successful requests per second',
		subtitle: `${STREAMS} bans then ${STREAMS} unbans (${ITEMS} requests) on the sandbox (limit ${LIMIT_RPS} req/s, +${LATENCY_MS} ms latency), real n8n ${n8n.version}, one line per contender`,
		series,
		limit: LIMIT_RPS,
	});
	fs.writeFileSync(path.join(RESULTS, 'requests-per-second.svg'), svg);
	try {
		await svgToPng(svg, path.join(RESULTS, 'requests-per-second.png'), { width: 1100, height: 560 });
		chart = 'bench/results/requests-per-second.png';
	} catch (e) {
		log(`PNG not drawn (${e.message}); the SVG is in bench/results/requests-per-second.svg`);
	}
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const report = {
	limitRps: LIMIT_RPS,
	contenders,
	generatedAt: new Date().toISOString(),
	workload: { streams: STREAMS, items: ITEMS, requests: ITEMS, operations: ['stream.ban', 'stream.unban'], sandboxLatencyMs: LATENCY_MS, sandboxRateLimit: LIMIT_RPS },
	runner: {
		how: 'n8n execute --id=<workflow> --rawOutput, one CLI process per contender (fresh process: its peak RSS is its own)',
		n8n: n8n.version,
		node: spawnSync(n8n.nodeBin, ['-v'], { encoding: 'utf8' }).stdout.trim(),
		env: { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto', N8N_RUNNERS_BROKER_PORT: '<free port>' },
	},
	definitions: {
		wallSeconds: 'from the start of the first node that handles the items (ours: Ban; B: Sign Ban) to the end of the last node that ran (n8n runData startTime/executionTime); excludes n8n boot and the shared List Streams node',
		effectiveRps: 'successful (2xx) requests in the sandbox log / wallSeconds',
		failedItems: 'items (of the 2×streams) not reported as done by the Ban/Unban nodes\' output (a node that throws reports none)',
		http429: '429 answers in the sandbox log',
		retries: 'requests beyond one per distinct (method, path) in the sandbox log',
		peakRssMb: 'VmHWM of the n8n execute process (sampled every 100 ms from /proc); its JS task runner child is reported separately in details',
	},
	contenderBBest: {
		httpRequestNode: 'n8n-nodes-base.httpRequest typeVersion 4.5, both nodes',
		batching: { itemsPerBatch: BEST.batchSize, batchIntervalMs: BEST.batchInterval },
		retryOnFail: { ban: BEST.banRetryOnFail, unban: BEST.unbanRetryOnFail, maxTries: BEST.maxTries, waitBetweenTriesMs: BEST.waitBetweenTries },
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
				workloadCpuSeconds: { n8n: round(res.cpu.n8n, 2), taskRunner: round(res.cpu.taskRunner, 2) },
				processCpuSeconds: { n8n: round(res.x.cpuSeconds, 2), taskRunner: round(res.x.childrenCpuSeconds, 2) },
				successfulRequests: res.m.successfulRequests,
				...res.m.details,
				perSecond: perSecondSeries(res.requests, res.m.wallStartMs),
			},
		]),
	),
	perItemOverhead,
	signingThroughput: signing,
	baseline,
	chart,
	machine: { cpus: os.cpus().length, loadavgBefore: loadBefore, loadavgAfter: loadAfter },
	benchSeconds: round((Date.now() - t0) / 1000, 1),
};
if (!only) {
	fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
	fs.writeFileSync(path.join(RESULTS, `bench-${stamp}.json`), JSON.stringify(report, null, 2) + '\n');
} else {
	fs.writeFileSync(path.join(TMP, `partial-${stamp}.json`), JSON.stringify(report, null, 2) + '\n');
}

console.log('');
console.log(table.join('\n'));
console.log('');
console.log(only ? `partial run (--only): bench/tmp/partial-${stamp}.json` : `wrote bench/results/latest.json, bench/results/bench-${stamp}.json${chart ? `, ${chart}` : ''}`);
console.log(`bench finished in ${fmt((Date.now() - t0) / 1000)} s`);
