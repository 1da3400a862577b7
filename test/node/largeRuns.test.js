// Runs with many items, through n8n's engine: the node hands the event loop back while it works
// (other executions, webhooks and the editor of the same n8n process keep running), and what is
// the same for every item is read from n8n once per run, while expressions are still read per item.
'use strict';

const { ExecuteContext } = require('n8n-core');

const { useSandbox, byName, jsonOf } = require('../helpers/sandboxContext');

const ctx = useSandbox({ appId: 'largeRuns0123456789abcdef012345', resource: 'stream' });

const generateUrls = {
	operation: 'generateUrls',
	pushDomain: 'push.example.com',
	playDomain: 'play.example.com',
	entryPoint: byName('live'),
	streamName: '={{ $json.streamName }}',
	signUrls: true,
	pushAuthKey: 'push-auth-key',
	playAuthKey: 'play-auth-key',
};
const streams = (count) =>
	Array.from({ length: count }, (_, index) => ({ json: { streamName: `cam_${index}` } }));

/** Date.now() of every turn of the event loop while `work` runs (a setImmediate chain). */
async function loopTurnsDuring(work) {
	const turns = [];
	let running = true;
	const spin = () => {
		turns.push(Date.now());
		if (running) setImmediate(spin);
	};
	setImmediate(spin);
	try {
		return { result: await work(), turns };
	} finally {
		running = false;
	}
}

test('3,000 items: the event loop turns many times while the node validates and builds them', async () => {
	// Before, the whole run was one synchronous stretch: other work in the process waited for all of it.
	const { result, turns } = await loopTurnsDuring(() =>
		ctx.run(generateUrls, { items: streams(3000) }),
	);
	const out = jsonOf(result);
	expect(out).toHaveLength(3000);
	expect(out[2999].streamName).toBe('cam_2999');
	expect(result.items[2999].pairedItem).toEqual({ item: 2999 });
	const { startTime, executionTime } = result.runData.Agora[0];
	const during = turns.filter((at) => at >= startTime && at <= startTime + executionTime);
	expect(during.length).toBeGreaterThanOrEqual(8);
});

test('3,000 bans: the event loop turns while the items are validated, before the first request', async () => {
	// Every item is validated before any is sent (a bad item anywhere stops the run before a request),
	// so the turns before the first request are the validation's. The entry point does not exist: the
	// first answer (404) ends the run, which is all this test needs.
	const { result, turns } = await loopTurnsDuring(() =>
		ctx.run(
			{ operation: 'ban', entryPoint: byName('nowhere'), streamName: '={{ $json.streamName }}' },
			{ items: streams(3000) },
		),
	);
	expect(result.error.message).toMatch(/nowhere/);
	const firstRequestAt = Math.min(...ctx.sandbox.requestLog.map((entry) => entry.at));
	const { startTime } = result.runData.Agora[0];
	const validating = turns.filter((at) => at >= startTime && at < firstRequestAt);
	expect(validating.length).toBeGreaterThanOrEqual(8);
});

describe('what every item shares is read from n8n once per run', () => {
	let spy;
	beforeEach(() => {
		// n8n's getNodeParameter(name, itemIndex, …) of every execute context ends up here.
		spy = jest.spyOn(Object.getPrototypeOf(ExecuteContext.prototype), '_getNodeParameter');
	});
	afterEach(() => spy.mockRestore());
	const readsOf = (name) => spy.mock.calls.filter(([parameter]) => parameter === name).length;

	test('a parameter without an expression is resolved once; one with an expression once per item', async () => {
		const result = await ctx.run(generateUrls, { items: streams(100) });
		expect(jsonOf(result)).toHaveLength(100);
		expect(readsOf('streamName')).toBe(100);
		// Read as text and as a resource-locator value: at most two different reads.
		expect(readsOf('pushDomain')).toBeLessThanOrEqual(2);
		expect(readsOf('pushAuthKey')).toBeLessThanOrEqual(2);
		expect(readsOf('expiresInMinutes')).toBe(1);
		expect(readsOf('pushProtocols')).toBe(1);
		expect(readsOf('options.https')).toBe(1);
		expect(readsOf('entryPoint')).toBe(1);
	});

	test('an expression anywhere in a parameter keeps it per item: each item gets its own domain and protocols', async () => {
		const items = [
			{ json: { streamName: 'a', domain: 'one.example.com', protocols: 'rtmp' } },
			{ json: { streamName: 'b', domain: 'two.example.com', protocols: 'rtmps' } },
		];
		const result = await ctx.run(
			{
				...generateUrls,
				pushDomain: '={{ $json.domain }}',
				pushProtocols: '={{ $json.protocols }}',
				playDomain: '',
				entryPoint: {
					__rl: true,
					mode: 'name',
					value: '={{ $json.streamName === "a" ? "live" : "sports" }}',
				},
				signUrls: false,
			},
			{ items },
		);
		const [a, b] = jsonOf(result);
		expect(a.push).toEqual({
			domain: 'one.example.com',
			rtmp: 'rtmp://one.example.com/live/a',
			obsServer: 'rtmp://one.example.com/live',
			obsStreamKey: 'a',
		});
		expect(b.push).toEqual({
			domain: 'two.example.com',
			rtmps: 'rtmps://two.example.com/sports/b',
			obsServer: 'rtmps://two.example.com/sports',
			obsStreamKey: 'b',
		});
		expect(readsOf('entryPoint')).toBe(2);
	});
});
