#!/usr/bin/env node
// `npm test`: build, then every test stage in turn: lint, verify, unit, perf, reliability, e2e, compat (the e2e
// smoke subset on n8n 1.123.81, installed on first use like 2.41.1). A failing stage does not stop the
// later ones (a newcomer sees every problem of the first run at once); only a failed build does, since
// every stage tests dist/. At the end: one line per stage, then the total of the test counts the
// stages printed, and exit code 1 when any stage failed.
//
//   npm test                 everything
//   npm test -- --bail       stop at the first failing stage
//   AGORA_E2E_BROWSER=0 npm test   without the Chromium editor tests
import { spawn } from 'node:child_process';

import { forEachLine } from './lib/lines.mjs';
import { ROOT } from './lib/n8n.mjs';

const BAIL = process.argv.slice(2).includes('--bail');
const STAGES = [
	{ name: 'build', script: 'build', required: true },
	{ name: 'lint', script: 'lint' },
	// n8n's scanner rules on the packed tarball (about 10 s, offline): docs/publishing.md
	{ name: 'verify', script: 'verify' },
	{ name: 'unit', script: 'test:unit' },
	{ name: 'perf', script: 'test:perf' },
	{ name: 'reliability', script: 'test:reliability' },
	{ name: 'e2e', script: 'test:e2e' },
	{ name: 'compat', script: 'test:compat' },
];

/** Test counts a stage printed: jest's "Tests: 1 failed, 391 passed, 392 total", the e2e runner's "N passed, N failed". */
function countsIn(line) {
	const jest = /^Tests:\s+(.*\d+ total)\s*$/.exec(line);
	if (jest) {
		const n = (word) => Number((new RegExp(`(\\d+) ${word}`).exec(jest[1]) || [0, 0])[1]);
		return { passed: n('passed'), failed: n('failed'), skipped: n('skipped') + n('todo') };
	}
	const e2e = /^(\d+) passed, (\d+) failed$/.exec(line.trim());
	if (e2e) return { passed: Number(e2e[1]), failed: Number(e2e[2]), skipped: 0 };
	return null;
}

function runStage(stage) {
	return new Promise((resolve) => {
		const started = Date.now();
		let counts = null;
		console.log(`\n[test] ── ${stage.name}: npm run ${stage.script}`);
		const child = spawn('npm', ['run', stage.script], {
			cwd: ROOT,
			stdio: ['inherit', 'pipe', 'pipe'],
		});
		const watch = (out) => (line) => {
			out.write(`${line}\n`);
			const c = countsIn(line);
			if (c) counts = c; // the last count line of the stage is its total
		};
		forEachLine(child.stdout, watch(process.stdout));
		forEachLine(child.stderr, watch(process.stderr));
		child.on('error', (e) =>
			resolve({ ...stage, code: 1, error: e, counts, ms: Date.now() - started }),
		);
		child.on('close', (code, signal) =>
			resolve({ ...stage, code: code ?? 1, signal, counts, ms: Date.now() - started }),
		);
	});
}

const seconds = (ms) => `${Math.round(ms / 1000)} s`;
let interrupted = false;
process.on('SIGINT', () => (interrupted = true)); // the stage gets it too; stop after it

const results = [];
for (const stage of STAGES) {
	const r = await runStage(stage);
	results.push(r);
	if (interrupted) break;
	if (r.code !== 0 && (stage.required || BAIL)) break;
}

const ran = new Set(results.map((r) => r.name));
console.log('\n[test] ── summary');
for (const r of results) {
	const c = r.counts;
	const tests = c
		? `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`
		: '';
	console.log(
		`[test] ${r.name.padEnd(12)} ${r.code === 0 ? 'ok    ' : 'FAILED'} ${tests.padEnd(34)} ${seconds(r.ms)}`,
	);
}
for (const stage of STAGES.filter((s) => !ran.has(s.name)))
	console.log(
		`[test] ${stage.name.padEnd(12)} not run (${interrupted ? 'interrupted' : 'an earlier stage failed'})`,
	);

// A stage that failed without a failing test (build, lint, a crash) counts as one failure.
const passed = results.reduce((n, r) => n + (r.counts?.passed ?? 0), 0);
const failed = results.reduce(
	(n, r) => n + (r.counts?.failed ?? 0) + (r.code !== 0 && !r.counts?.failed ? 1 : 0),
	0,
);
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || interrupted ? 1 : 0);
