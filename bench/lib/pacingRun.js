// One pacing run in a plain Node process (jest's module sandbox slows the engine down, which is
// jest's cost, not the node's): N items of Domain → Get through n8n-core's engine against the sandbox
// at 50 req/s. Prints one JSON line with what the sandbox saw.
//
//   node bench/lib/pacingRun.js [items=300] [latencyMs=150] [arrivalJitterMs=0]
'use strict';

require('./n8nEnv');
const { startDomainSandbox } = require('./domainSandbox');
const { runNode } = require('./engine');
const { maxInWindow } = require('./windows');

const ITEMS = Number(process.argv[2] ?? 300);
const LATENCY_MS = Number(process.argv[3] ?? 150);
const JITTER_MS = Number(process.argv[4] ?? 0);
const LIMIT = 50;

async function main() {
	const { sandbox, credentials } = await startDomainSandbox({
		sandboxOptions: { rateLimit: LIMIT, latencyMs: LATENCY_MS },
		credentials: { appId: 'pacing0123456789abcdef0123456789', requestsPerSecond: LIMIT },
	});
	try {
		sandbox.setConfig({ arrivalJitterMs: JITTER_MS });
		// Let the add request leave the rate window before measuring.
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const since = sandbox.requestLog.length;
		const items = Array.from({ length: ITEMS }, (_, i) => ({ json: { i } }));
		const started = Date.now();
		const result = await runNode({
			parameters: {
				resource: 'domain',
				operation: 'get',
				domain: { __rl: true, mode: 'name', value: 'push.example.com' },
			},
			items,
			credentials,
		});
		const wallSeconds = (Date.now() - started) / 1000;
		const log = sandbox.requestLog.slice(since);
		const arrivals = log.map((entry) => entry.arrivedAt).sort((a, b) => a - b);
		const accepted = log.filter((entry) => entry.status === 200);
		process.stdout.write(
			`${JSON.stringify({
				items: ITEMS,
				latencyMs: LATENCY_MS,
				arrivalJitterMs: JITTER_MS,
				wallSeconds,
				rate: accepted.length / wallSeconds,
				error: result.error ? result.error.message : null,
				outputs: result.items.length,
				pairedInOrder: result.items.every((item, i) => item.pairedItem.item === i),
				allNamed: result.items.every((item) => item.json.name === 'push.example.com'),
				requests: log.length,
				accepted: accepted.length,
				http429: log.filter((entry) => entry.status === 429).length,
				// Every request the node sent, 429s included, as the gateway's window saw them.
				maxArrivalsInAnySecond: maxInWindow(arrivals, 1000),
				// What the gateway counted (429s are not counted).
				maxAcceptedInAnySecond: maxInWindow(
					accepted.map((entry) => entry.arrivedAt).sort((a, b) => a - b),
					1000,
				),
				// Accepted requests per second between the first and the last arrival (no start-up, no tail).
				arrivalRate: (accepted.length - 1) / ((arrivals[arrivals.length - 1] - arrivals[0]) / 1000),
			})}\n`,
		);
	} finally {
		await sandbox.close();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
