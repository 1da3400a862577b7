// A simulated Agora gateway shared by several n8n processes, each with its own account pacer (the
// pacing of transport/pacing/, docs/rate-limiting.md), run on fake timers: the same clock for everyone,
// so the figures depend on the algorithm only, not on how busy the machine is. `random` (Math.random by
// default; bench/lib/seededRandom.js for a repeatable run) draws the arrival delays, the pacer's random
// phase and the retries' backoff.
//
// Gateway: at most `limit` requests counted in any sliding 1 s window, counted on arrival
// (start + uniform 0..jitterMs), answered `latencyMs` (+ uniform 0..returnJitterMs: a network whose
// answers also come back at uneven delays) later; over the limit → 429, not counted.
// Each process keeps `concurrency` requests going, each item retrying its 429s after the
// transport's backoff (full jitter, at most 1 s), like agoraApiRequest does. With `nodes` > 1 each
// process runs its items as that many n8n nodes one after the other, each first spending about
// `prepareMs` checking its items (Phase 1 of the router: in n8n 2.41 about 0.4 s per 500 items, for
// its expressions), so the gaps a worker leaves between nodes are part of the figures.
'use strict';

const path = require('node:path');

/** The pacing entry point in dist/ (createAccountPacer, backoffDelayMs). */
const PACING = path.join(
	__dirname,
	'../../dist/nodes/AgoraMediaBroadcast/transport/pacing/index.js',
);

/**
 * @param {object} o
 * @param {(ms: number) => Promise<void>} o.advance  advances the fake clock (and runs due timers)
 * @param {() => number} o.now                       the fake clock
 * @param {object} [o.pacing]                         the pacing module (default: dist's entry point)
 * @param {boolean} [o.optimisticStarts]              overrides the pacing's switch (undefined: as built)
 * @returns {Promise<{accepted: number, rejected: number, perProcess: object[], perSecond: number[], settled: boolean}>}
 */
async function simulateSharedAccount({
	advance,
	now,
	processes = 3,
	limit = 50,
	latencyMs = 150,
	jitterMs = 0,
	returnJitterMs = 0,
	seconds = 30,
	concurrency = 50,
	itemsPerProcess = Infinity,
	startOffsetsMs = [],
	random = Math.random,
	nodes = 1,
	prepareMs = 0,
	pacing = require(PACING),
	optimisticStarts,
}) {
	const { createAccountPacer, backoffDelayMs } = pacing;
	const counted = []; // arrival times the gateway counted
	const allArrivals = [];
	const perSecond = [];
	const rejectedPerSecond = [];
	const t0 = now();
	const gatewayTake = (t) => {
		while (counted.length && t - counted[0] >= 1000) counted.shift();
		if (counted.length >= limit) return false;
		counted.push(t);
		return true;
	};
	const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
	const stats = [];
	let stop = false;
	const runProcess = async (index) => {
		const limiter = createAccountPacer(limit, { now, random, optimisticStarts });
		// acceptedPerSecond: what the gateway took from this process in each second of the run.
		const s = { accepted: 0, rejected: 0, done: 0, finishedAt: undefined, acceptedPerSecond: [] };
		stats.push(s);
		/** One n8n node's items, `concurrency` of them in flight. */
		const runNode = async (items) => {
			let next = 0;
			const worker = async () => {
				while (!stop && next < items) {
					next++;
					let rateLimited = 0;
					for (;;) {
						const ticket = await limiter.acquire();
						if (stop) return;
						await delay(random() * jitterMs);
						const arrival = now();
						allArrivals.push(arrival);
						const ok = gatewayTake(arrival);
						await delay(latencyMs + random() * returnJitterMs);
						ticket.answered(ok ? 200 : 429);
						if (ok) {
							s.accepted++;
							const second = Math.floor((arrival - t0) / 1000);
							perSecond[second] = (perSecond[second] ?? 0) + 1;
							s.acceptedPerSecond[second] = (s.acceptedPerSecond[second] ?? 0) + 1;
							break;
						}
						s.rejected++;
						const second = Math.floor((arrival - t0) / 1000);
						rejectedPerSecond[second] = (rejectedPerSecond[second] ?? 0) + 1;
						rateLimited++;
						await delay(backoffDelayMs(Math.min(rateLimited, 4), 0, 100, 1000, random));
					}
					s.done++;
				}
			};
			await Promise.all(Array.from({ length: concurrency }, worker));
		};
		await delay(startOffsetsMs[index] ?? 0);
		for (let node = 0; node < nodes && !stop; node++) {
			// An n8n node first checks every item (Phase 1, nothing sent), then sends its share of items.
			if (prepareMs) await delay(prepareMs * (0.8 + 0.4 * random()));
			await runNode(Math.ceil(itemsPerProcess / nodes));
		}
		s.finishedAt = now() - t0;
	};
	const all = Promise.all(Array.from({ length: processes }, (_, i) => runProcess(i)));
	const step = 50;
	for (let t = 0; t < seconds * 1000; t += step) {
		await advance(step);
		if (stats.length === processes && stats.every((s) => s.finishedAt !== undefined)) break;
	}
	stop = true;
	let settled = false;
	all.then(() => (settled = true));
	for (let i = 0; i < 200 && !settled; i++) await advance(100);
	allArrivals.sort((a, b) => a - b);
	return {
		accepted: stats.reduce((n, s) => n + s.accepted, 0),
		rejected: stats.reduce((n, s) => n + s.rejected, 0),
		perProcess: stats.map((s) => ({
			...s,
			acceptedPerSecond: Array.from(s.acceptedPerSecond, (n) => n ?? 0),
		})),
		perSecond: Array.from(perSecond, (n) => n ?? 0),
		rejectedPerSecond: Array.from(rejectedPerSecond, (n) => n ?? 0),
		settled,
	};
}

/**
 * Runs `simulate(options)` on @sinonjs/fake-timers (setTimeout and Date faked, starting at 1,000,000
 * ms) and uninstalls the clock afterwards.
 */
async function onFakeClock(options) {
	const FakeTimers = require('@sinonjs/fake-timers');
	const clock = FakeTimers.install({
		now: 1_000_000,
		toFake: ['setTimeout', 'clearTimeout', 'Date'],
	});
	try {
		return await simulateSharedAccount({
			advance: (ms) => clock.tickAsync(ms),
			now: () => Date.now(),
			...options,
		});
	} finally {
		clock.uninstall();
	}
}

/** The moment the last process finished (the run's length when one never did), in ms. */
const lastFinishOf = (result, seconds) =>
	Math.max(...result.perProcess.map((p) => p.finishedAt ?? seconds * 1000));

module.exports = { simulateSharedAccount, onFakeClock, lastFinishOf };
