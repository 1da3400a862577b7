// `npm run bench -- --soak`: one long-running n8n (`n8n start`) with the example MCP server
// (examples/agora-tools-for-ai-agents.json: MCP Server Trigger + the node's tools) answering
// 20,000 tool calls from MCP clients (@modelcontextprotocol/sdk, Streamable HTTP), spread over time
// at a steady rate. Every N calls the n8n process runs a full GC (bench/lib/probe.cjs, SIGUSR2) and
// reports its memory, and n8n's REST API how many of the calls' executions it has saved; after
// warm-up the series must stay flat.
//
//   --soak-calls 20000  --soak-rate 4 (calls/s)  --soak-clients 4  --soak-sample-every 1000
//   --soak-session-calls 500 (calls per MCP session: clients reconnect, as agents do)
//   --soak-snapshots 5000,-1 (heap snapshots; compare two with bench/heap-holders.mjs)
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import {
	CREDENTIAL_TYPE,
	importCredentials,
	importWorkflows,
	ROOT,
	startN8n,
} from '../../scripts/lib/n8n.mjs';
import { N8nRest } from '../../scripts/lib/rest.mjs';
import { renderSvg, svgToPng } from './chart.mjs';
import { readCpuSeconds } from './exec.mjs';

const PROBE = path.join(ROOT, 'bench/lib/probe.cjs');
const EXAMPLE = path.join(ROOT, 'examples/agora-tools-for-ai-agents.json');
const TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.mcpTrigger';

const round = (n, d) => (Number.isFinite(n) ? Number(n.toFixed(d)) : null);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function vmRssMb(pid) {
	try {
		const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? round(Number(m[1]) / 1024, 1) : null;
	} catch {
		return null;
	}
}

/** Least-squares slope of y over x. */
function slope(points) {
	const n = points.length;
	if (n < 2) return NaN;
	const mx = points.reduce((s, p) => s + p[0], 0) / n;
	const my = points.reduce((s, p) => s + p[1], 0) / n;
	const num = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
	const den = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
	return den ? num / den : NaN;
}

const CYCLE = ['ban_stream', 'generate_stream_urls', 'unban_stream', 'list_banned_streams'];
/** The control (--soak-control): n8n's own Crypto tool on the same MCP server, hashing the name. */
const CONTROL_TOOL = 'hash_text';
const controlNode = {
	parameters: {
		action: 'hash',
		type: 'SHA256',
		value:
			"={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('text', `The text to hash.`, 'string') }}",
		dataPropertyName: 'hash',
		encoding: 'hex',
		toolDescription: 'Hashes a text with SHA-256. Needs: text. Returns {hash}.',
	},
	id: '6a4e0c1f-2b7d-4c3e-9f10-ab12cd3400c1',
	name: CONTROL_TOOL,
	type: 'n8n-nodes-base.cryptoTool',
	typeVersion: 2,
	position: [1400, 260],
};

/** The tool call `tool` for stream `stream` (the cycle of one stream: ban, URLs, unban, banned list). */
function toolCall(tool, stream) {
	switch (tool) {
		case 'ban_stream':
			return { name: tool, arguments: { entryPoint: 'live', streamName: stream, resumeTime: '' } };
		case 'list_banned_streams':
			return { name: tool, arguments: { entryPoint: 'live' } };
		case CONTROL_TOOL:
			return { name: tool, arguments: { text: stream } };
		default:
			return { name: tool, arguments: { entryPoint: 'live', streamName: stream } };
	}
}

/** Anonymous memory of a process (its heaps, native ones included) from /proc/<pid>/smaps_rollup. */
function anonymousMb(pid) {
	try {
		const m = /^Anonymous:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
		return m ? round(Number(m[1]) / 1024, 1) : null;
	} catch {
		return null;
	}
}

export async function runSoak({ argv, n8n, env, sandbox, sb, credential, log, runDir, SAVE }) {
	const value = (name, fallback) => {
		const i = argv.indexOf(name);
		return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : fallback;
	};
	const CALLS = value('--soak-calls', 20000);
	// 4 calls/s: a rate one n8n on SQLite keeps up with (it records each call as an execution; at
	// ~10/s its database write queue falls behind: see bench/README.md "Soak").
	const RATE = value('--soak-rate', 4);
	const CLIENTS = value('--soak-clients', 4);
	const SAMPLE_EVERY = value('--soak-sample-every', 1000);
	const SESSION_CALLS = value('--soak-session-calls', 500);
	const toolsAt = argv.indexOf('--soak-tools');
	const control = argv.includes('--soak-control');
	const tools = control
		? [CONTROL_TOOL]
		: toolsAt >= 0
			? argv[toolsAt + 1].split(',').filter((t) => CYCLE.includes(t))
			: CYCLE;
	if (!tools.length) throw new Error(`--soak-tools: choose from ${CYCLE.join(', ')}`);
	const probeDir = env.AGORA_BENCH_PROBE_DIR;
	// --soak-snapshots 5000,-1: a heap snapshot of the n8n process at those samples (-1: the last, once
	// every execution is saved), in bench/tmp/<run>/probe/soak-<pid>-<calls>.heapsnapshot.
	const snapshotsAt = argv.includes('--soak-snapshots')
		? argv[argv.indexOf('--soak-snapshots') + 1].split(',').map(Number)
		: [];

	// The example as a user imports it: our credential on every tool, a bearer token on the trigger.
	const token = randomBytes(24).toString('hex');
	const bearer = {
		id: 'benchsoakbearer1',
		name: 'MCP clients (bench soak)',
		type: 'httpBearerAuth',
		data: { token },
	};
	await importCredentials(n8n, env, [bearer]);
	const workflow = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
	workflow.id = 'benchsoakmcp0001';
	workflow.name = '[bench soak] Agora tools for AI agents';
	workflow.active = false;
	for (const node of workflow.nodes) {
		if (node.type === TRIGGER_TYPE)
			node.credentials = { httpBearerAuth: { id: bearer.id, name: bearer.name } };
		else if (node.credentials?.[CREDENTIAL_TYPE])
			node.credentials = { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } };
	}
	const trigger = workflow.nodes.find((n) => n.type === TRIGGER_TYPE);
	if (control) {
		workflow.nodes.push(controlNode);
		workflow.connections[CONTROL_TOOL] = {
			ai_tool: [[{ node: trigger.name, type: 'ai_tool', index: 0 }]],
		};
	}
	await importWorkflows(n8n, env, [workflow]);

	const server = await startN8n(n8n, {
		...env,
		NODE_OPTIONS: [
			process.env.NODE_OPTIONS,
			'--expose-gc',
			`--require=${PROBE}`,
			...(argv.includes('--cpu-prof')
				? ['--cpu-prof', `--cpu-prof-dir=${path.join(runDir, 'profiles', 'soak')}`]
				: []),
		]
			.filter(Boolean)
			.join(' '),
		AGORA_BENCH_PROBE_MODE: 'soak',
	});
	log(`n8n start on ${server.url} (pid ${server.pid}, ready in ${server.readyMs} ms)`);
	const samples = [];
	const errors = [];
	let done = 0;
	let drainSeconds = null;
	let lostExecutions = null;
	const started = Date.now();
	try {
		const rest = new N8nRest(server.url);
		await rest.ensureOwner();
		await rest.login();
		await rest.publishWorkflow(workflow.id);
		const mcpUrl = `${server.url}/mcp/${trigger.parameters.path}`;
		log(`published ${workflow.name}; MCP URL ${mcpUrl}`);
		await sb.reset();

		const soakFile = path.join(probeDir, `soak-${server.pid}.jsonl`);
		// Tool calls are answered before n8n saves their executions; calls answered minus executions
		// created is the backlog of executions still waiting for n8n's database.
		const firstExecutionId = await rest.lastExecutionId(workflow.id);
		const executionsCreated = async () =>
			(await rest.lastExecutionId(workflow.id)) - firstExecutionId;
		const sample = async (calls, { final = false } = {}) => {
			const createdNow = await executionsCreated();
			const before = fs.existsSync(soakFile)
				? fs.readFileSync(soakFile, 'utf8').split('\n').length
				: 1;
			const procRssMb = vmRssMb(server.pid);
			const procAnonymousMb = anonymousMb(server.pid);
			const procCpuSeconds = readCpuSeconds(server.pid);
			const snapshotFlag = path.join(probeDir, 'snapshot-next');
			const snapshot = snapshotsAt.includes(final ? -1 : calls);
			if (snapshot) fs.writeFileSync(snapshotFlag, final ? 'final' : String(calls));
			process.kill(server.pid, 'SIGUSR2');
			for (let i = 0; i < (snapshot ? 3000 : 200); i++) {
				await sleep(100);
				const lines = fs.existsSync(soakFile) ? fs.readFileSync(soakFile, 'utf8').split('\n') : [];
				if (lines.length > before) {
					const s = {
						calls,
						seconds: round((Date.now() - started) / 1000, 1),
						procRssMb,
						procAnonymousMb,
						procCpuSeconds,
						answered: done,
						unsavedExecutions: done - createdNow,
						...JSON.parse(lines[lines.length - 2]),
					};
					samples.push(s);
					if (snapshot) fs.rmSync(snapshotFlag, { force: true });
					log(
						`${calls} calls: after GC rss ${s.rssMb} MB, heap used ${s.heapUsedMb} MB, external ${s.externalMb} MB (rss before the GC ${procRssMb} MB); executions not yet saved ${s.unsavedExecutions}`,
					);
					return;
				}
			}
			log(`${calls} calls: no memory sample from the probe`);
		};
		await sample(0);

		const connect = async () => {
			const client = new Client({ name: 'agora-bench-soak', version: '1.0.0' });
			const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), {
				requestInit: { headers: { Authorization: `Bearer ${token}` } },
			});
			await client.connect(transport);
			return { client, transport };
		};
		const close = async ({ client, transport }) => {
			await transport.terminateSession().catch(() => {});
			await client.close().catch(() => {});
		};

		// One cycle (the chosen tools, in order, on one stream) at a time per client, so a stream's
		// unban never overtakes its ban; cycles start no earlier than their share of the rate allows.
		const cycles = Math.ceil(CALLS / tools.length);
		let nextCycle = 0;
		let nextSampleAt = SAMPLE_EVERY;
		let sampling = Promise.resolve();
		const worker = async () => {
			let session = await connect();
			let sessionCalls = 0;
			for (;;) {
				const cycle = nextCycle++;
				if (cycle >= cycles) break;
				const wait = started + (cycle * tools.length * 1000) / RATE - Date.now();
				if (wait > 0) await sleep(wait);
				const stream = `soak_${String(cycle % 500).padStart(3, '0')}`;
				for (const tool of tools) {
					if (done >= CALLS) break;
					if (sessionCalls >= SESSION_CALLS) {
						await close(session);
						session = await connect();
						sessionCalls = 0;
					}
					const call = toolCall(tool, stream);
					try {
						const result = await session.client.callTool(call, undefined, { timeout: 120000 });
						if (result.isError)
							errors.push({ cycle, tool, text: JSON.stringify(result.content).slice(0, 300) });
					} catch (e) {
						errors.push({ cycle, tool, text: String(e.message).slice(0, 300) });
					}
					sessionCalls++;
					done++;
					if (done >= nextSampleAt) {
						const at = nextSampleAt;
						nextSampleAt += SAMPLE_EVERY;
						sampling = sampling.then(() => sample(at));
					}
				}
			}
			await close(session);
		};
		await Promise.all(Array.from({ length: CLIENTS }, worker));
		await sampling;
		// Wait until n8n has created an execution for every call, or until their number has not moved
		// for 15 s (some calls may never get one: counted), at most 10 min; idle a while, then sample
		// once more: what stays once nothing runs.
		const drainStarted = Date.now();
		let created = -1;
		let movedAt = Date.now();
		for (;;) {
			const now = await executionsCreated();
			if (now !== created) [created, movedAt] = [now, Date.now()];
			if (created >= done || Date.now() - movedAt >= 15000 || Date.now() - drainStarted >= 600000)
				break;
			await sleep(2000);
		}
		drainSeconds = (Date.now() - drainStarted) / 1000;
		lostExecutions = done - created;
		log(
			`executions created ${round(drainSeconds, 1)} s after the last call; ${lostExecutions} calls without one`,
		);
		await sleep(15000);
		await sample(done, { final: true });
	} finally {
		await server.stop();
	}
	const seconds = (Date.now() - started) / 1000;
	const requests = (await sb.requests(0)).filter((e) => e.appId === credential.data.appId);
	const ok = requests.filter((e) => e.status >= 200 && e.status < 300).length;

	// Flat after warm-up: the slope over the samples from a quarter of the calls on.
	const warm = samples.filter((s) => s.calls >= CALLS / 4);
	const perThousand = (key) => round(slope(warm.map((s) => [s.calls / 1000, s[key]])), 3);
	const spread = (key) => {
		const v = warm.map((s) => s[key]).filter(Number.isFinite);
		return v.length ? { min: Math.min(...v), max: Math.max(...v) } : null;
	};
	const report = {
		generatedAt: new Date().toISOString(),
		how: `n8n ${n8n.version} \`n8n start\` (one process), ${path.basename(EXAMPLE)} published (MCP Server Trigger + the node's tools); ${CLIENTS} MCP clients (Streamable HTTP, @modelcontextprotocol/sdk), a new session every ${SESSION_CALLS} calls, calls started at up to ${RATE}/s; per stream name (500, reused) the cycle ${tools.join(', ')}, in order; sandbox 50 req/s, +150 ms; every ${SAMPLE_EVERY} calls a full GC in the n8n process, then its memory`,
		calls: CALLS,
		seconds: round(seconds, 1),
		callsPerSecond: round(done / seconds, 1),
		errors: errors.length,
		secondsToSaveAfterLastCall: round(drainSeconds, 1),
		callsWithoutExecution: lostExecutions,
		firstErrors: errors.slice(0, 5),
		agoraRequests: {
			total: requests.length,
			ok,
			http429: requests.filter((e) => e.status === 429).length,
		},
		warmUpCalls: Math.ceil(CALLS / 4),
		afterWarmUp: {
			heapUsedMbPer1000Calls: perThousand('heapUsedMb'),
			rssMbPer1000Calls: perThousand('rssMb'),
			heapUsedMb: spread('heapUsedMb'),
			rssMb: spread('rssMb'),
		},
		samples,
	};
	const file = path.join(path.dirname(runDir), `${path.basename(runDir)}-soak.json`);
	fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
	const OUT = SAVE ? path.join(ROOT, 'bench/results') : runDir;
	if (SAVE) fs.writeFileSync(path.join(OUT, 'soak.json'), JSON.stringify(report, null, 2) + '\n');
	if (samples.length > 1) await drawSoakChart(report, OUT, log);
	console.log('');
	console.log(
		`Soak: ${done} calls in ${round(seconds, 0)} s (${report.callsPerSecond}/s), ${errors.length} tool errors; Agora requests ${requests.length} (${ok} ok, ${report.agoraRequests.http429} × 429)`,
	);
	console.log(
		'calls      s   rss after GC   heap used   external   rss before GC   anonymous   not yet saved',
	);
	for (const s of samples)
		console.log(
			`${String(s.calls).padStart(6)} ${String(Math.round(s.seconds)).padStart(6)} ${String(s.rssMb).padStart(10)} MB ${String(s.heapUsedMb).padStart(8)} MB ${String(s.externalMb).padStart(7)} MB ${String(s.procRssMb).padStart(10)} MB ${String(s.procAnonymousMb).padStart(8)} MB ${String(s.unsavedExecutions).padStart(11)}`,
		);
	console.log(
		`after warm-up (${report.warmUpCalls} calls): heap used ${report.afterWarmUp.heapUsedMbPer1000Calls} MB per 1,000 calls (range ${JSON.stringify(report.afterWarmUp.heapUsedMb)}), rss ${report.afterWarmUp.rssMbPer1000Calls} MB per 1,000 calls (range ${JSON.stringify(report.afterWarmUp.rssMb)})`,
	);
	console.log(
		`wrote ${path.relative(ROOT, file)}${SAVE ? ', bench/results/soak.json, bench/results/soak-memory.png' : ''}`,
	);
}

/** The memory chart of a soak report (soak-memory.svg and .png in `outDir`). */
export async function drawSoakChart(report, outDir, log = console.log) {
	const { samples } = report;
	const top = Math.max(...samples.map((s) => s.rssMb ?? 0));
	const svg = renderSvg({
		title: 'Soak: memory of one n8n process answering MCP tool calls',
		subtitle: `${report.how.slice(0, 150)}…`,
		series: [
			{
				name: 'RSS after a full GC (MB)',
				points: samples.map((s) => [s.calls / 1000, s.rssMb]),
				color: '#0b7a3e',
			},
			{
				name: 'JS heap used after a full GC (MB)',
				points: samples.map((s) => [s.calls / 1000, s.heapUsedMb]),
				color: '#2e6bd6',
			},
		],
		yLabel: 'MB',
		xLabel: 'thousands of tool calls answered',
		xTicks: samples
			.map((s) => ({ at: s.calls / 1000, label: String(Math.round(s.calls / 100) / 10) }))
			.filter((t, i, a) => a.findIndex((u) => u.at === t.at) === i),
		// About ten lines on the y axis, whatever the size.
		yStep: top > 2000 ? 250 : top > 1000 ? 100 : 50,
	});
	fs.writeFileSync(path.join(outDir, 'soak-memory.svg'), svg);
	await svgToPng(svg, path.join(outDir, 'soak-memory.png'), { width: 1100, height: 560 }).catch(
		(e) => log(`PNG not drawn (${e.message})`),
	);
}
