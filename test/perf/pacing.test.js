// Pacing at Agora's limit, through n8n's engine against the sandbox. Timing-sensitive: run on its own
// (npm run test:perf, jest --runInBand) so other suites do not compete for the CPU.
'use strict';

const { createSandbox } = require('../sandbox/server');
const { runNode } = require('../helpers/engine');

const SECRET = 'sandbox-customer-secret';
let sandbox;
let credentials;

const domainRl = (value) => ({ __rl: true, mode: 'name', value });

function requestsSince(seq) {
	return sandbox.requestLog.filter((entry) => entry.seq > seq && entry.path.startsWith('/v1/'));
}
function lastSeq() {
	return sandbox.requestLog.length ? sandbox.requestLog[sandbox.requestLog.length - 1].seq : 0;
}

beforeAll(async () => {
	sandbox = await createSandbox({ port: 0, rateLimit: 0 });
	credentials = {
		customerId: 'sandbox-customer-id',
		customerSecret: SECRET,
		appId: 'app0123456789abcdef0123456789abcd',
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
	expect(added.error).toBeUndefined();
});

afterAll(async () => {
	await sandbox.close();
});

afterEach(() => {
	sandbox.setConfig({
		rateLimit: 0,
		latencyMs: 0,
		faultPlan: [],
		faults: { rate: 0, dropRate: 0 },
	});
});

describe('pacing', () => {
	test('300 items at 50 req/s with 150 ms latency: 0 failed, no 429 surfaced, ≥ 95% of the limit', async () => {
		sandbox.setConfig({ rateLimit: 50, latencyMs: 150 });
		const since = lastSeq();
		const items = Array.from({ length: 300 }, (_, i) => ({ json: { i } }));
		const started = Date.now();
		const result = await runNode({
			parameters: { resource: 'domain', operation: 'get', domain: domainRl('push.example.com') },
			items,
			credentials,
		});
		const wallSeconds = (Date.now() - started) / 1000;
		const log = requestsSince(since);
		const rate = 300 / wallSeconds;
		const http429 = log.filter((entry) => entry.status === 429).length;
		// Reported in the issue note: the measured rate of this run.
		process.stdout.write(
			`[pacing] 300 items in ${wallSeconds.toFixed(2)} s = ${rate.toFixed(1)} req/s (${((rate / 50) * 100).toFixed(1)}% of 50), 429 seen: ${http429}\n`,
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(300);
		expect(result.items.map((item) => item.pairedItem.item)).toEqual(items.map((_, i) => i));
		expect(result.items.every((item) => item.json.name === 'push.example.com')).toBe(true);
		expect(log.filter((entry) => entry.status === 200)).toHaveLength(300);
		expect(wallSeconds).toBeLessThanOrEqual(300 / 47.5);
	}, 30000);
});
