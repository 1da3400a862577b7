// Measures one pacing run in a plain Node process (jest's module sandbox slows the engine down by
// ~8%, which is jest's cost, not the node's): 300 items of Domain → Get through n8n-core's engine
// against the sandbox at 50 req/s with 150 ms latency. Prints one JSON line with what it measured.
'use strict';

const { createSandbox } = require('../sandbox/server');
const { runNode } = require('../helpers/engine');
require('../helpers/setup-env');

const ITEMS = Number(process.argv[2] ?? 300);

async function main() {
	const sandbox = await createSandbox({ port: 0, rateLimit: 50, latencyMs: 150 });
	try {
		const credentials = {
			customerId: sandbox.customerId,
			customerSecret: sandbox.customerSecret,
			appId: 'pacing0123456789abcdef0123456789',
			baseUrl: sandbox.url,
			requestsPerSecond: 50,
		};
		const added = await runNode({
			parameters: {
				resource: 'domain',
				operation: 'add',
				domainName: 'push.example.com',
				type: 'publish',
				region: 'eu',
			},
			credentials,
		});
		if (added.error) throw added.error;
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
		process.stdout.write(
			`${JSON.stringify({
				items: ITEMS,
				wallSeconds,
				rate: ITEMS / wallSeconds,
				error: result.error ? result.error.message : null,
				outputs: result.items.length,
				pairedInOrder: result.items.every((item, i) => item.pairedItem.item === i),
				allNamed: result.items.every((item) => item.json.name === 'push.example.com'),
				accepted: log.filter((entry) => entry.status === 200).length,
				http429: log.filter((entry) => entry.status === 429).length,
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
