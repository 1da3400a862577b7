// The node's own memory over many runs, without n8n's server around it: Stream → Ban, Unban and Get
// Many Banned, one item per run, through n8n-core's WorkflowExecute (bench/lib/engine.js) on a local
// sandbox, a full GC and the heap every 1,000 runs. Tells the node's part of the soak (`npm run bench
// -- --soak`, a whole n8n answering MCP calls) from n8n's.
//
//   node --expose-gc bench/soak-engine.js [runs, default 6000]
'use strict';

const { createSandbox } = require('../sandbox/server');
const { runNode } = require('./lib/engine');

async function main() {
	if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');
	const runs = Number(process.argv[2] ?? 6000);
	const sb = await createSandbox({ port: 0, rateLimit: 0 });
	const credentials = {
		customerId: sb.customerId,
		customerSecret: sb.customerSecret,
		appId: 'soakengine',
		baseUrl: sb.url,
		requestsPerSecond: 50,
	};
	const entryPoint = { __rl: true, mode: 'name', value: 'live' };
	const cycle = ['ban', 'unban', 'getManyBanned'].map((operation) => ({
		resource: 'stream',
		operation,
		entryPoint,
		...(operation === 'getManyBanned' ? { returnAll: true } : { streamName: 'soak_1' }),
	}));
	const samples = [];
	let failed = 0;
	for (let run = 0; run <= runs; run++) {
		if (run % 1000 === 0) {
			sb.reset(); // the sandbox lives in this process: its request log is not the node's
			global.gc();
			global.gc();
			const m = process.memoryUsage();
			samples.push({ runs: run, heapUsedMb: +(m.heapUsed / 2 ** 20).toFixed(1) });
			console.log(`${String(run).padStart(6)} runs: heap used ${samples.at(-1).heapUsedMb} MB`);
		}
		if (run === runs) break;
		const result = await runNode({ parameters: cycle[run % cycle.length], credentials });
		// After a reset the first Unban or list may find no ban (404): counted, not a failure of the node.
		if (result.error) failed++;
	}
	await sb.close();
	const warm = samples.filter((s) => s.runs >= 1000);
	console.log(
		`heap after warm-up: ${Math.min(...warm.map((s) => s.heapUsedMb))}–${Math.max(...warm.map((s) => s.heapUsedMb))} MB over ${runs} runs (${failed} runs answered with an error)`,
	);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
