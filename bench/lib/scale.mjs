// `npm run bench -- --scale`: how the node's own cost grows with the size of a run, in the real n8n
// (`n8n execute --id`, one process per run), against the same workflow with a NoOp node in place of
// ours and, with requests, against "Code node signs + HTTP Request node sends".
//
//   (a) Stream → Ban, 1,000 / 3,000 / 10,000 items on the sandbox at 50 requests/s, +150 ms;
//   (b) Stream → Generate URLs (no request), 1,000 / 10,000 / 100,000 items.
//
// Every n8n process gets bench/lib/probe.cjs preloaded (NODE_OPTIONS), which records each node's
// CPU, held heap (after a full GC on both sides), RSS and largest event-loop delay while it runs.
// `--cpu-prof` also writes a V8 CPU profile per run and summarises the samples taken while the
// measured node ran (bench/lib/profile.mjs).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	CREDENTIAL_TYPE,
	ensureN8n,
	freePort,
	importCredentials,
	importWorkflows,
	installPackedPackage,
	n8nEnv,
	NODE_TYPE,
	preparePackage,
	ROOT,
} from '../../scripts/lib/n8n.mjs';
import {
	SANDBOX_CUSTOMER_ID,
	SANDBOX_CUSTOMER_SECRET,
	sandboxControl,
	startSandboxProcess,
} from '../../scripts/lib/sandbox.mjs';
import { renderSvg, svgToPng } from './chart.mjs';
import { cpuBetween, executeWithMemory } from './exec.mjs';
import { readProfile, summariseProfile } from './profile.mjs';
import { loadWorkflow } from './templates.mjs';

const LIMIT_RPS = 50;
const LATENCY_MS = 150;
const APP_ID = 'bench-scale';
const PROBE = path.join(ROOT, 'bench/lib/probe.cjs');

const sizesOption = (argv, name, fallback) => {
	const i = argv.indexOf(name);
	const text = i >= 0 ? argv[i + 1] : undefined;
	return text === undefined
		? fallback
		: text
				.split(',')
				.filter(Boolean)
				.map((s) => Number(s.replace(/_/g, '')))
				.filter((n) => n >= 1);
};

const id16 = (name) => ('bench' + createHash('sha256').update(name).digest('hex')).slice(0, 16);
const round = (n, d) => (Number.isFinite(n) ? Number(n.toFixed(d)) : null);
const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

/** The three nodes every scenario shares (Start → List Streams with `items` names) plus `node`. */
function scenarioWorkflow({ key, items, node, credential }) {
	const wf = loadWorkflow('ours-defaults.json', {
		WORKFLOW_ID: id16(`scale:${key}`),
		ITEMS: items,
		CRED_ID: credential.id,
		CRED_NAME: credential.name,
	});
	const start = wf.nodes.find((n) => n.name === 'Start');
	const list = wf.nodes.find((n) => n.name === 'List Streams');
	wf.name = `[bench scale] ${key}`;
	wf.nodes = [start, list, { ...node, position: [440, 0] }];
	wf.connections = {
		Start: wf.connections.Start,
		'List Streams': { main: [[{ node: node.name, type: 'main', index: 0 }]] },
	};
	return wf;
}

const agoraNode = (name, parameters, credential) => ({
	parameters,
	id: 'b0000000-0000-4000-8000-0000000000a1',
	name,
	type: NODE_TYPE,
	typeVersion: 1.1,
	credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
});

const ENTRY_POINT = { __rl: true, mode: 'name', value: 'live' };

/** Runs of one kind at one size: `measured` are the nodes whose cost is the scenario's. */
function makeRuns({ banSizes, urlSizes, repeat, credential, baseUrl, pair }) {
	const runs = [];
	const noop = (items, r) => ({
		key: `noop-${items}${r ? `-r${r + 1}` : ''}`,
		kind: 'noop',
		label: 'NoOp in place of ours',
		items,
		measured: ['NoOp'],
		requests: false,
		workflow: scenarioWorkflow({
			key: `noop-${items}-${r}`,
			items,
			credential,
			node: {
				parameters: {},
				id: 'b0000000-0000-4000-8000-0000000000a0',
				name: 'NoOp',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
			},
		}),
	});
	// The floor every node that reads `{{ $json.streamName }}` pays in n8n (the expression engine).
	const expression = (items, r) => ({
		key: `set-${items}${r ? `-r${r + 1}` : ''}`,
		kind: 'set',
		label: 'Edit Fields (Set) with the same expression',
		items,
		measured: ['Set'],
		requests: false,
		workflow: scenarioWorkflow({
			key: `set-${items}-${r}`,
			items,
			credential,
			node: {
				parameters: {
					assignments: {
						assignments: [
							{
								id: 'b0000000-0000-4000-8000-0000000000b1',
								name: 'streamName',
								value: '={{ $json.streamName }}',
								type: 'string',
							},
						],
					},
					options: {},
				},
				id: 'b0000000-0000-4000-8000-0000000000a2',
				name: 'Set',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
			},
		}),
	});
	const ban = (items, r) => ({
		key: `ours-ban-${items}${r ? `-r${r + 1}` : ''}`,
		kind: 'ours-ban',
		label: 'Agora node: Stream → Ban',
		items,
		measured: ['Ban'],
		requests: true,
		workflow: scenarioWorkflow({
			key: `ours-ban-${items}-${r}`,
			items,
			credential,
			node: agoraNode(
				'Ban',
				{
					resource: 'stream',
					operation: 'ban',
					entryPoint: ENTRY_POINT,
					streamName: '={{ $json.streamName }}',
					options: {},
				},
				credential,
			),
		}),
	});
	const pairBan = (items, r) => {
		// The same signing Code node and HTTP Request node as contender B's best settings (bench/README).
		const wf = loadWorkflow('code-http-batched.json', {
			WORKFLOW_ID: id16(`scale:pair-ban-${items}-${r}`),
			ITEMS: items,
			CUSTOMER_ID: SANDBOX_CUSTOMER_ID,
			CUSTOMER_SECRET: SANDBOX_CUSTOMER_SECRET,
			BASE_URL: baseUrl,
			APP_ID,
			BATCH_SIZE: 1,
			BATCH_INTERVAL: 20,
			BAN_RETRY_ON_FAIL: true,
			UNBAN_RETRY_ON_FAIL: false,
			MAX_TRIES: 5,
			WAIT_BETWEEN_TRIES: 5000,
		});
		const keep = ['Start', 'List Streams', 'Sign Ban', 'Ban'];
		wf.name = `[bench scale] pair-ban-${items}`;
		wf.nodes = wf.nodes.filter((n) => keep.includes(n.name));
		delete wf.connections.Ban;
		delete wf.connections['Sign Unban'];
		return {
			key: `pair-ban-${items}${r ? `-r${r + 1}` : ''}`,
			kind: 'pair-ban',
			label: 'Code (sign) + HTTP Request (batch 1 / 20 ms)',
			items,
			measured: ['Sign Ban', 'Ban'],
			requests: true,
			workflow: wf,
		};
	};
	const urls = (items, r) => ({
		key: `ours-urls-${items}${r ? `-r${r + 1}` : ''}`,
		kind: 'ours-urls',
		label: 'Agora node: Stream → Generate URLs',
		items,
		measured: ['Generate URLs'],
		requests: false,
		workflow: scenarioWorkflow({
			key: `ours-urls-${items}-${r}`,
			items,
			credential,
			node: agoraNode(
				'Generate URLs',
				{
					resource: 'stream',
					operation: 'generateUrls',
					pushDomain: 'push.example.com',
					playDomain: 'play.example.com',
					entryPoint: ENTRY_POINT,
					streamName: '={{ $json.streamName }}',
					signUrls: true,
					pushAuthKey: 'bench-push-auth-key',
					playAuthKey: 'bench-play-auth-key',
					expiryMode: 'minutes',
					expiresInMinutes: 10,
					options: {},
				},
				credential,
			),
		}),
	});
	for (let r = 0; r < repeat; r++) {
		const noopSizes = [...new Set([...banSizes, ...urlSizes])].sort((a, b) => a - b);
		for (const items of noopSizes) {
			runs.push(noop(items, r));
			runs.push(expression(items, r));
			if (urlSizes.includes(items)) runs.push(urls(items, r));
			if (banSizes.includes(items)) {
				runs.push(ban(items, r));
				if (pair) runs.push(pairBan(items, r));
			}
		}
	}
	return runs;
}

/** The figures of one run from the probe, the /proc samples and the sandbox log. */
function figuresOf(run, x, probe, requests) {
	const recs = run.measured.map((name) => probe?.executions.find((e) => e.node === name));
	const present = recs.filter(Boolean);
	const first = present[0];
	const last = present[present.length - 1];
	const fig = {
		key: run.key,
		kind: run.kind,
		items: run.items,
		exitCode: x.code,
		processSeconds: round(x.ms / 1000, 1),
		processPeakRssMb: round(x.peakRssMb, 0),
		missingNodes: run.measured.filter((_, i) => !recs[i]),
	};
	if (!first) return fig;
	const startMs = first.startMs;
	const endMs = last.endMs;
	const runner = cpuBetween(x.cpuSamples, startMs, endMs).taskRunner;
	const mainCpuMs = present.reduce((s, r) => s + r.cpuMs, 0);
	const taskRunnerCpuMs = Number.isFinite(runner) ? runner * 1000 : 0;
	const heldMb = present.reduce((s, r) => s + (r.heldAfterMb - r.heldBeforeMb), 0);
	const ok = requests.filter((e) => e.status >= 200 && e.status < 300);
	const firstAt = requests.length ? Math.min(...requests.map((e) => e.at)) : NaN;
	Object.assign(fig, {
		wallSeconds: round((endMs - startMs) / 1000, 2),
		cpuMs: round(mainCpuMs + taskRunnerCpuMs, 1),
		n8nCpuMs: round(mainCpuMs, 1),
		taskRunnerCpuMs: round(taskRunnerCpuMs, 0),
		cpuMsPerItem: round((mainCpuMs + taskRunnerCpuMs) / run.items, 4),
		heldMb: round(heldMb, 1),
		heldBytesPerItem: round((heldMb * 1048576) / run.items, 0),
		peakRssAboveStartMb: round(Math.max(...present.map((r) => r.peakRssMb - r.rssBeforeMb)), 1),
		rssBeforeMb: first.rssBeforeMb,
		jsonBytesPerItem: last.jsonBytesPerItem,
		itemsOut: last.itemsOut,
		errorItems: last.errorItems,
		error: present.map((r) => r.error).find(Boolean),
		stallMs: Math.max(...present.map((r) => r.stallMs)),
		firstRequestMs: Number.isFinite(firstAt) ? firstAt - startMs : null,
		requests: requests.length,
		okRequests: ok.length,
		http429: requests.filter((e) => e.status === 429).length,
		failedItems: run.requests
			? run.items - new Set(ok.map((e) => `${e.method} ${e.path}`)).size
			: run.items - (last.itemsOut - last.errorItems),
	});
	return fig;
}

/** Per-item figures net of the NoOp run of the same size (and repeat). */
function withNet(figures) {
	for (const f of figures) {
		if (f.kind === 'noop') continue;
		const suffix = /-r\d+$/.exec(f.key)?.[0] ?? '';
		const noop = figures.find((n) => n.key === `noop-${f.items}${suffix}`);
		if (!noop || noop.cpuMsPerItem === undefined) continue;
		f.net = {
			cpuMsPerItem: round(f.cpuMsPerItem - noop.cpuMsPerItem, 4),
			heldBytesPerItem: round(f.heldBytesPerItem - noop.heldBytesPerItem, 0),
			peakRssAboveStartKbPerItem: round(
				((f.peakRssAboveStartMb - noop.peakRssAboveStartMb) * 1024) / f.items,
				2,
			),
			processPeakRssKbPerItem: round(
				((f.processPeakRssMb - noop.processPeakRssMb) * 1024) / f.items,
				2,
			),
		};
		// Above Edit Fields with the same expression: what n8n's expression engine costs and keeps
		// (isolated-vm) is in both, so this is the node's own part.
		const set = figures.find((n) => n.key === `set-${f.items}${suffix}`);
		if (f.kind.startsWith('ours') && set?.cpuMsPerItem !== undefined)
			f.netOfSet = {
				cpuMsPerItem: round(f.cpuMsPerItem - set.cpuMsPerItem, 4),
				heldBytesPerItem: round(f.heldBytesPerItem - set.heldBytesPerItem, 0),
			};
	}
	return figures;
}

function table(figures) {
	const pad = (s, n) => String(s).padEnd(n);
	const lpad = (s, n) => String(s).padStart(n);
	const out = [];
	out.push(
		`${pad('run', 22)}${lpad('items', 8)}${lpad('wall s', 8)}${lpad('CPU ms/it', 10)}${lpad('net', 8)}${lpad('held B/it', 10)}${lpad('net', 8)}${lpad('JSON B/it', 10)}${lpad('RSS Δ MB', 9)}${lpad('proc MB', 8)}${lpad('1st req', 8)}${lpad('stall', 7)}${lpad('ok', 7)}${lpad('429', 5)}${lpad('failed', 7)}`,
	);
	for (const f of figures) {
		if (f.cpuMsPerItem === undefined) {
			out.push(
				`${pad(f.key, 22)}${lpad(f.items, 8)}  no probe record for ${f.missingNodes.join(', ')} (exit ${f.exitCode})`,
			);
			continue;
		}
		out.push(
			`${pad(f.key, 22)}${lpad(f.items, 8)}${lpad(fmt(f.wallSeconds, 2), 8)}${lpad(fmt(f.cpuMsPerItem, 3), 10)}${lpad(f.net ? fmt(f.net.cpuMsPerItem, 3) : '', 8)}${lpad(f.heldBytesPerItem, 10)}${lpad(f.net ? f.net.heldBytesPerItem : '', 8)}${lpad(f.jsonBytesPerItem, 10)}${lpad(fmt(f.peakRssAboveStartMb, 1), 9)}${lpad(f.processPeakRssMb, 8)}${lpad(f.firstRequestMs ?? '', 8)}${lpad(fmt(f.stallMs, 0), 7)}${lpad(f.requests ? f.okRequests : '', 7)}${lpad(f.requests ? f.http429 : '', 5)}${lpad(f.failedItems, 7)}` +
				(f.error ? `  error: ${f.error.slice(0, 120)}` : ''),
		);
	}
	return out;
}

/** Ratios the issue asks for: largest size vs 1,000, ours vs the pair at each size. */
function verdicts(figures) {
	const byKind = (kind) => figures.filter((f) => f.kind === kind && f.cpuMsPerItem !== undefined);
	const median = (v) => {
		const s = [...v].sort((a, b) => a - b);
		return s.length
			? s.length % 2
				? s[(s.length - 1) / 2]
				: (s[s.length / 2 - 1] + s[s.length / 2]) / 2
			: NaN;
	};
	const at = (kind, items, pick) =>
		median(
			byKind(kind)
				.filter((f) => f.items === items)
				.map(pick),
		);
	const out = {};
	for (const kind of ['ours-ban', 'ours-urls', 'pair-ban']) {
		const sizes = [...new Set(byKind(kind).map((f) => f.items))].sort((a, b) => a - b);
		if (sizes.length < 2) continue;
		const small = sizes[0];
		const large = sizes[sizes.length - 1];
		out[kind] = {
			smallest: small,
			largest: large,
			cpuGrowth: round(
				at(kind, large, (f) => f.cpuMsPerItem) / at(kind, small, (f) => f.cpuMsPerItem),
				3,
			),
			netCpuGrowth: round(
				at(kind, large, (f) => f.net?.cpuMsPerItem) / at(kind, small, (f) => f.net?.cpuMsPerItem),
				3,
			),
			heldNetBytesPerItemAtLargest: round(
				at(kind, large, (f) => f.net?.heldBytesPerItem),
				0,
			),
			heldNetOfSetBytesPerItemAtLargest: round(
				at(kind, large, (f) => f.netOfSet?.heldBytesPerItem),
				0,
			),
			jsonBytesPerItem: at(kind, large, (f) => f.jsonBytesPerItem),
		};
	}
	const pairSizes = [...new Set(byKind('pair-ban').map((f) => f.items))];
	out.oursVsPair = pairSizes
		.sort((a, b) => a - b)
		.map((items) => ({
			items,
			ours: round(
				at('ours-ban', items, (f) => f.cpuMsPerItem),
				3,
			),
			pair: round(
				at('pair-ban', items, (f) => f.cpuMsPerItem),
				3,
			),
			ratio: round(
				at('ours-ban', items, (f) => f.cpuMsPerItem) / at('pair-ban', items, (f) => f.cpuMsPerItem),
				3,
			),
		}));
	return out;
}

export async function runScale(argv, { soak } = {}) {
	const flag = (name) => argv.includes(name);
	const value = (name, fallback) => {
		const i = argv.indexOf(name);
		return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
	};
	const banSizes = sizesOption(argv, '--ban-sizes', [1000, 3000, 10000]);
	const urlSizes = sizesOption(argv, '--url-sizes', [1000, 10000, 100000]);
	const repeat = Math.max(1, Number(value('--repeat', 1)));
	const only = value('--only') ? new RegExp(value('--only'), 'i') : null;
	const SAVE = flag('--save');
	const cpuProf = flag('--cpu-prof');
	const RESULTS = path.join(ROOT, 'bench/results');
	const TMP = path.join(ROOT, 'bench/tmp');
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const runDir = path.join(TMP, `scale-${stamp}`);
	fs.mkdirSync(runDir, { recursive: true });

	const t0 = Date.now();
	const log = (...a) =>
		console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s]`, ...a);
	const loadBefore = os.loadavg();
	const n8n = ensureN8n({ log });
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-bench-scale-'));
	let sandbox = null;
	const cleanup = async () => {
		if (sandbox) await sandbox.stop().catch(() => {});
		sandbox = null;
		if (!flag('--keep')) fs.rmSync(userFolder, { recursive: true, force: true });
	};
	for (const sig of ['SIGINT', 'SIGTERM'])
		process.once(sig, async () => {
			await cleanup();
			process.exit(130);
		});
	try {
		if (value('--package')) {
			// Another build of the package (e.g. a tarball packed from an earlier commit), to compare.
			installPackedPackage(path.resolve(value('--package')), userFolder);
			log(`installed ${value('--package')} as the community package`);
		} else preparePackage(userFolder, { log, skipBuild: flag('--skip-build') });
		const probeDir = path.join(runDir, 'probe');
		fs.mkdirSync(probeDir, { recursive: true });
		const baseEnv = n8nEnv({
			userFolder,
			port: await freePort(),
			brokerPort: await freePort(),
			logLevel: 'info',
			extra: { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto', AGORA_BENCH_PROBE_DIR: probeDir },
		});
		sandbox = await startSandboxProcess({
			port: 0,
			rateLimit: LIMIT_RPS,
			latency: LATENCY_MS,
			quiet: true,
		});
		const sb = sandboxControl(sandbox.url);
		log(`sandbox ${sandbox.url}: ${LIMIT_RPS} req/s, +${LATENCY_MS} ms; user folder ${userFolder}`);
		const credential = {
			id: id16('scale:cred'),
			name: 'Agora sandbox (bench scale)',
			type: CREDENTIAL_TYPE,
			data: {
				customerId: SANDBOX_CUSTOMER_ID,
				customerSecret: SANDBOX_CUSTOMER_SECRET,
				appId: APP_ID,
				baseUrl: sandbox.url,
				requestsPerSecond: LIMIT_RPS,
				ncsSecret: '',
			},
		};
		await importCredentials(n8n, baseEnv, [credential]);

		if (soak) {
			const { runSoak } = await import('./soak.mjs');
			await runSoak({ argv, n8n, env: baseEnv, sandbox, sb, credential, log, runDir, SAVE });
			return;
		}

		const runs = makeRuns({
			banSizes,
			urlSizes,
			repeat,
			credential,
			baseUrl: sandbox.url,
			pair: !flag('--no-pair'),
		}).filter((r) => !only || only.test(r.key));
		await importWorkflows(
			n8n,
			baseEnv,
			runs.map((r) => r.workflow),
		);
		log(
			`${runs.length} runs: ${runs.map((r) => r.key).join(', ')} (Ban at ${banSizes.join('/')}, Generate URLs at ${urlSizes.join('/')})`,
		);

		const figures = [];
		const profiles = {};
		for (const run of runs) {
			await sb.reset();
			const profDir = path.join(runDir, 'profiles', run.key);
			const nodeOptions = [`--expose-gc`, `--require=${PROBE}`];
			if (cpuProf) {
				fs.mkdirSync(profDir, { recursive: true });
				nodeOptions.push('--cpu-prof', `--cpu-prof-dir=${profDir}`, '--cpu-prof-interval=250');
			}
			const env = {
				...baseEnv,
				...(value('--heap-snapshot')
					? { AGORA_BENCH_PROBE_SNAPSHOT: value('--heap-snapshot') }
					: {}),
				NODE_OPTIONS: [process.env.NODE_OPTIONS, ...nodeOptions].filter(Boolean).join(' '),
			};
			const expectedSeconds = run.requests ? run.items / LIMIT_RPS : run.items / 1000;
			log(`${run.key}: n8n execute (${run.items} items)`);
			const x = await executeWithMemory(n8n, env, run.workflow.id, {
				timeoutMs: Math.max(300000, (expectedSeconds * 3 + 120) * 1000),
				stdoutTailBytes: 64 * 1024,
			});
			fs.writeFileSync(path.join(runDir, `${run.key}.stdout-tail.txt`), x.stdout);
			fs.writeFileSync(path.join(runDir, `${run.key}.stderr.txt`), x.stderr);
			const probeFile = path.join(probeDir, `probe-${x.pid}.json`);
			const probe = fs.existsSync(probeFile)
				? JSON.parse(fs.readFileSync(probeFile, 'utf8'))
				: null;
			const requests = run.requests ? (await sb.requests(0)).filter((e) => e.appId === APP_ID) : [];
			if (run.requests)
				fs.writeFileSync(path.join(runDir, `${run.key}.requests.json`), JSON.stringify(requests));
			const fig = figuresOf(run, x, probe, requests);
			figures.push(fig);
			log(
				`${run.key}: exit ${x.code}, ${fmt(fig.wallSeconds, 2)} s, ${fmt(fig.cpuMsPerItem, 3)} CPU ms/item (n8n ${fmt(fig.n8nCpuMs, 0)} ms + task runner ${fig.taskRunnerCpuMs} ms), held ${fig.heldBytesPerItem} B/item (JSON ${fig.jsonBytesPerItem} B/item), RSS +${fmt(fig.peakRssAboveStartMb, 1)} MB, stall ${fig.stallMs} ms` +
					(run.requests
						? `, first request after ${fig.firstRequestMs} ms, ${fig.okRequests} ok / ${fig.requests}, ${fig.http429} × 429, ${fig.failedItems} failed`
						: `, ${fig.itemsOut} items out`) +
					(fig.error ? `; error: ${fig.error}` : '') +
					(fig.missingNodes.length ? `; NO PROBE RECORD for ${fig.missingNodes.join(', ')}` : ''),
			);
			if (cpuProf && probe) {
				const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
				const recs = run.measured
					.map((name) => probe.executions.find((e) => e.node === name))
					.filter(Boolean);
				if (file && recs.length) {
					const summary = summariseProfile(readProfile(path.join(profDir, file)), {
						fromUs: recs[0].startUs,
						toUs: recs[recs.length - 1].endUs,
						top: 30,
					});
					summary.perItemUs = {
						total: round((summary.totalMs * 1000) / run.items, 1),
						areas: Object.fromEntries(
							summary.areas.map((a) => [a.area, round((a.ms * 1000) / run.items, 2)]),
						),
					};
					profiles[run.key] = summary;
					fs.writeFileSync(
						path.join(runDir, `${run.key}.profile-summary.json`),
						JSON.stringify(summary, null, 2),
					);
					log(
						`${run.key}: profile ${summary.totalMs} ms in the node window; top self: ${summary.self
							.slice(0, 8)
							.map((e) => `${e.fn} ${e.ms} ms`)
							.join('; ')}`,
					);
				}
			}
		}
		withNet(figures);
		const loadAfter = os.loadavg();
		const lines = table(figures);
		const verdict = verdicts(figures);
		const cpuModel = os.cpus()[0]?.model ?? 'unknown';
		const machine = {
			cpuModel,
			cpus: os.cpus().length,
			loadavgBefore: loadBefore.map((l) => round(l, 2)),
			loadavgAfter: loadAfter.map((l) => round(l, 2)),
		};
		const report = {
			generatedAt: new Date().toISOString(),
			package: value('--package') ? path.basename(value('--package')) : 'this worktree (npm pack)',
			how: `n8n ${n8n.version} \`n8n execute --id\`, one process per run, bench/lib/probe.cjs preloaded (NODE_OPTIONS --expose-gc --require); sandbox ${LIMIT_RPS} req/s, +${LATENCY_MS} ms`,
			definitions: {
				wallSeconds:
					"from the measured node's execute() call to its settling (pair: Sign Ban's start to Ban's end)",
				cpuMsPerItem:
					"user + system CPU of the n8n process while the measured nodes ran (process.cpuUsage around execute()), plus the JS task runner's CPU over the same span (/proc, for the pair's Code node), ÷ items. Raw; `net` subtracts the NoOp run's figure at the same size, `netOfSet` Edit Fields' with the same expression",
				heldBytesPerItem:
					"used heap + external memory after a full GC right after the node settled, minus the same right before it started, ÷ items: what the node leaves held (its output items, and anything it keeps). `net` subtracts the NoOp run (whose output is its input, so it holds about nothing new); `netOfSet` subtracts Edit Fields (Set) evaluating the same {{ $json.streamName }}: n8n 2.41 evaluates expressions in isolated-vm and keeps each evaluation's data proxy reachable from a global handle until the isolate collects it (kilobytes per item at 1,000 items, a few hundred bytes at 100,000)",
				jsonBytesPerItem: "average size of one output item's json as JSON text",
				peakRssAboveStartMb:
					'largest RSS sampled every 20 ms while the node ran, minus the RSS right before it started (after the GC)',
				processPeakRssMb:
					"VmHWM of the whole n8n execute process: boot, the Code node's items, the node, and n8n saving and printing the run",
				firstRequestMs: "the sandbox's arrival time of the first request minus the node's start",
				stallMs:
					'largest event-loop stall while the measured nodes ran: the longest gap between the ticks of a 10 ms timer in the n8n process, less 10 ms, the gap still open when the node settles included',
			},
			machine,
			runs: figures,
			verdicts: verdict,
			profiles: cpuProf ? profiles : undefined,
		};
		const runFile = path.join(TMP, `scale-${stamp}.json`);

		// Chart: CPU ms per item against items (log scale), one line per kind (median over repeats).
		const OUT = SAVE ? RESULTS : runDir;
		const charts = [];
		if (!flag('--no-chart')) {
			const kinds = [
				['ours-ban', 'Agora node, Ban (50 req/s)', '#0b7a3e'],
				['pair-ban', 'Code + HTTP Request, Ban (50 req/s)', '#c0392b'],
				['ours-urls', 'Agora node, Generate URLs (no request)', '#2e6bd6'],
				['set', 'Edit Fields (Set), the same expression', '#d68910'],
				['noop', 'NoOp in place of ours', '#777777'],
			];
			const allSizes = [...new Set(figures.map((f) => f.items))].sort((a, b) => a - b);
			/** One line per kind: the median over repeats of pick(figure) at each size, x on a log scale. */
			const chart = async ({ name, title, yLabel, pick, skip = [] }) => {
				const series = kinds
					.filter(([kind]) => !skip.includes(kind))
					.map(([kind, label, color]) => {
						const points = allSizes
							.map((items) => {
								const v = figures
									.filter((f) => f.kind === kind && f.items === items)
									.map(pick)
									.filter(Number.isFinite)
									.sort((a, b) => a - b);
								return v.length ? [Math.log10(items), v[Math.floor((v.length - 1) / 2)]] : null;
							})
							.filter(Boolean);
						return { name: label, color, points, dashed: kind === 'noop' || kind === 'set' };
					})
					.filter((line) => line.points.length);
				if (!series.length) return;
				const maxY = Math.max(...series.flatMap((line) => line.points.map((p) => p[1])));
				const step = 10 ** Math.floor(Math.log10(Math.max(maxY, 1e-6) / 4));
				const svg = renderSvg({
					title,
					subtitle: `n8n ${n8n.version} (n8n execute, one process per run), ${machine.cpuModel}, ${machine.cpus} cores shared; Ban on the sandbox at ${LIMIT_RPS} req/s, +${LATENCY_MS} ms; median of ${repeat} run(s)`,
					series,
					yLabel,
					xLabel: 'items in the run (log scale)',
					xTicks: allSizes.map((items) => ({
						at: Math.log10(items),
						label: items.toLocaleString('en-US'),
					})),
					yStep: maxY / step > 10 ? step * 2 : step,
				});
				fs.writeFileSync(path.join(OUT, `${name}.svg`), svg);
				try {
					await svgToPng(svg, path.join(OUT, `${name}.png`), { width: 1100, height: 560 });
					charts.push(path.relative(ROOT, path.join(OUT, `${name}.png`)));
				} catch (e) {
					log(`PNG not drawn (${e.message})`);
					charts.push(path.relative(ROOT, path.join(OUT, `${name}.svg`)));
				}
			};
			await chart({
				name: 'scale-cpu-per-item',
				title: 'CPU per item against the size of the run',
				yLabel: 'CPU ms per item (n8n process + task runner)',
				pick: (f) => f.cpuMsPerItem,
			});
			await chart({
				name: 'scale-held-per-item',
				title: 'Memory held per item after the node, above NoOp (after a full GC)',
				yLabel: 'bytes held per item above NoOp',
				pick: (f) => f.net?.heldBytesPerItem,
				skip: ['noop'],
			});
		}
		report.charts = charts;
		fs.writeFileSync(runFile, JSON.stringify(report, null, 2) + '\n');
		if (SAVE && !only) {
			fs.writeFileSync(path.join(RESULTS, 'scale.json'), JSON.stringify(report, null, 2) + '\n');
		}

		console.log('');
		console.log(
			`Scale: one n8n execute per run; Ban on the sandbox (${LIMIT_RPS} req/s, +${LATENCY_MS} ms), Generate URLs without requests. CPU = n8n process + task runner while the measured nodes ran; net = minus the NoOp run of the same size.`,
		);
		console.log(lines.join('\n'));
		console.log('');
		for (const [kind, v] of Object.entries(verdict)) {
			if (kind === 'oursVsPair') continue;
			console.log(
				`${kind}: CPU per item at ${v.largest.toLocaleString('en-US')} ÷ at ${v.smallest.toLocaleString('en-US')} = ${v.cpuGrowth} (net ${v.netCpuGrowth}); held above NoOp at ${v.largest.toLocaleString('en-US')}: ${v.heldNetBytesPerItemAtLargest} B/item (above Edit Fields with the same expression: ${v.heldNetOfSetBytesPerItemAtLargest ?? 'n/a'}) for ${v.jsonBytesPerItem} B of JSON`,
			);
		}
		for (const p of verdict.oursVsPair ?? [])
			console.log(
				`ours ÷ pair at ${p.items.toLocaleString('en-US')} items: ${p.ours} ÷ ${p.pair} CPU ms/item = ${p.ratio}`,
			);
		console.log(
			`machine: ${machine.cpuModel}, ${machine.cpus} cores, load ${machine.loadavgBefore.join('/')} before, ${machine.loadavgAfter.join('/')} after`,
		);
		console.log(
			`wrote ${path.relative(ROOT, runFile)}${SAVE && !only ? ', bench/results/scale.json' : ''}${charts.length ? `, ${charts.join(', ')}` : ''}; raw material in ${path.relative(ROOT, runDir)}`,
		);
	} finally {
		await cleanup();
	}
}
