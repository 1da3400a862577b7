#!/usr/bin/env node
// End-to-end tests against a real n8n (the pinned 2.41.1 on Node 24 unless told otherwise) with this
// package installed as a community package, and the local Agora sandbox. `npm run test:e2e` (called
// by .ci/run); `npm run test:compat` runs the smoke subset on n8n 1.123.81.
//
//   node test/e2e/run.mjs [--n8n VERSION] [--smoke] [--compat] [--only REGEX] [--no-browser] [--skip-build] [--keep]
//     --n8n VERSION  the n8n to run (default $N8N_VERSION, else 2.41.1); installed once into the cache
//     --smoke        only the smoke subset (tests registered with smoke: true) and the steps they need
//     --compat       `npm run test:compat`: --smoke --no-browser on $N8N_VERSION, else 1.123.81
//     --only REGEX   run only the tests whose name matches, plus the steps they need
//     --no-browser   skip the Playwright/Chromium editor test
//     --skip-build   use the existing dist/ (still packs and installs it)
//     --keep         keep the temporary n8n user folder (printed at the end)
//
// Stages: (1) n8n CLI: import:credentials, import:workflow, execute --id; (2) `n8n start`: REST owner
// setup and login, credential test, trigger webhooks fed by the sandbox; (3) the editor in Chromium.
// Artefacts (workflow JSON, execute output, n8n log, screenshots) go to test-results/e2e/.
// The last line is "N passed, N failed"; the exit code is 1 when anything failed.
import { COMPAT_N8N_VERSION, PINNED_N8N_VERSION } from '../../scripts/lib/n8n.mjs';
import { fmt, createRunner } from './lib/harness.mjs';
import { createContext, teardown } from './lib/context.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const value = (name) => {
	const i = argv.indexOf(name);
	return i >= 0 ? argv[i + 1] : undefined;
};
const compat = flag('--compat');
const options = {
	n8nVersion:
		value('--n8n') || process.env.N8N_VERSION || (compat ? COMPAT_N8N_VERSION : PINNED_N8N_VERSION),
	smoke: compat || flag('--smoke'),
	only: value('--only'),
	browser: !compat && !flag('--no-browser') && process.env.AGORA_E2E_BROWSER !== '0',
	skipBuild: flag('--skip-build'),
	keep: flag('--keep'),
};

const started = Date.now();
const ctx = createContext(options);
const onlyRe = options.only ? new RegExp(options.only, 'i') : null;
// --only and --smoke run the matching tests and the steps they need.
const runner = createRunner({
	filter:
		onlyRe || options.smoke
			? (t) => (!onlyRe || onlyRe.test(t.name)) && (!options.smoke || t.smoke)
			: undefined,
});
console.log(
	`# n8n ${options.n8nVersion}${options.smoke ? ', smoke subset' : ''}${options.only ? `, --only ${options.only}` : ''}`,
);

const stages = [
	await import('./cli.test.mjs'),
	await import('./server.test.mjs'),
	await import('./triggerDeliveries.test.mjs'), // 1,000 mixed deliveries → one execution per event
	await import('./pollTrigger.test.mjs'), // the polling trigger, published and polled by n8n
	await import('./mcp.test.mjs'), // AI agents: the example MCP server + a real MCP client
];
if (options.browser) stages.push(await import('./browser.test.mjs'));
if (options.browser) stages.push(await import('./editorTour.test.mjs')); // frames of docs/editor-tour.gif
if (options.browser) stages.push(await import('./agentEditor.test.mjs')); // the Tool under an AI Agent
// Last: scans what n8n saved and printed during the stages above.
stages.push(await import('./secrets.test.mjs'));
for (const stage of stages) stage.register({ test: runner.test, ctx });

let results = [];
let crashed = null;
const stop = async (signal) => {
	console.log(`# ${signal}: stopping n8n and the sandbox`);
	await teardown(ctx, { keep: true });
	process.exit(130);
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));

try {
	results = await runner.run();
} catch (e) {
	crashed = e;
	console.log(`# the runner crashed: ${e && e.stack ? e.stack : e}`);
} finally {
	const failedAny = crashed || results.some((r) => r.status !== 'passed');
	await teardown(ctx, { keep: options.keep || failedAny });
}

const passed = results.filter((r) => r.status === 'passed').length;
const failed = results.length - passed + (crashed ? 1 : 0);
const skipped = results.filter((r) => r.status === 'skipped').length;
console.log(
	`# e2e (n8n ${options.n8nVersion}${options.smoke ? ', smoke' : ''}) finished in ${fmt(Date.now() - started)}${skipped ? ` (${skipped} skipped because a step they need failed, counted as failed)` : ''}`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
