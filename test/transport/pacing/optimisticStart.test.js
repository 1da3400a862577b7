// Optimistic starts (pacing/optimisticStart.ts): alone at the full rate, a request may go before the
// window surely has room, betting on its own delay; how a 429 drawn meanwhile is read; the switch.
'use strict';

const path = require('node:path');
const PACING = path.join(__dirname, '../../../dist/nodes/AgoraMediaBroadcast/transport/pacing');
const {
	OptimisticStarts,
	optimisticStarts,
	OPTIMISTIC_STARTS,
	expectedWindowWaitMs,
	latenessOf,
} = require(`${PACING}/optimisticStart.js`);
const { RequestLog, windowWaitMs } = require(`${PACING}/gatewayWindow.js`);
const { onFakeClock } = require('../../../bench/lib/accountSimulation');
const { seededRandom } = require('../../../bench/lib/seededRandom');

const now = 1_000_000;

describe('when a request may go on a bet: the expected count in the window it lands in', () => {
	/**
	 * 50 requests the gateway counted 500 ms ago, answered `150 + lateness(i)` ms after their starts
	 * (the fastest round trip, 150 ms, bounds when each was counted): the sure rule waits until they
	 * have left the window, 502 ms with the 2 ms guard.
	 */
	function fullWindow(lateness) {
		const log = new RequestLog();
		for (let i = 0; i < 50; i++) {
			log.answer(log.start(now - 500 - lateness(i)), 200, now - 500 + 150);
		}
		const sure = windowWaitMs(log.started, 50, now, 2, log.fastest);
		return { log, sure, wait: new OptimisticStarts().waitMs(log, 50, now, 2, log.fastest, sure) };
	}

	test('with a steady delay it waits exactly as long as the sure rule', () => {
		const { sure, wait } = fullWindow(() => 0);
		expect(sure).toBe(502);
		expect(wait).toBe(sure);
	});

	test('with requests up to 200 ms late, one may go earlier, leaving 2 requests free in the expected count', () => {
		// Round trips 150–346 ms: lateness 0, 4, …, 196 ms.
		const { sure, wait } = fullWindow((i) => 4 * i);
		expect(sure).toBe(502);
		// The 50 leave the window before the new one arrives unless it is less late than the time they
		// have left: it fits once that chance is at most 47/50, i.e. they have at most 188 ms left.
		expect(wait).toBe(502 - 188);
	});
});

describe('reading a 429 drawn while betting', () => {
	/**
	 * `ours` accepted requests counted in the second before `at`, answered at uneven delays (round trips
	 * 150–346 ms), and one started at `at`, answered 429.
	 */
	function windowWith(ours, at) {
		const log = new RequestLog();
		for (let i = 0; i < ours; i++) {
			const startedAt = at - 950 + i;
			log.answer(log.start(startedAt), 200, startedAt + 150 + 4 * i);
		}
		const refused = log.start(at);
		log.answer(refused, 429, at + 150);
		return { log, refused };
	}
	/** What the rule answers at `at` when the sure rule would wait 400 ms. */
	const waitAt = (bets, log, at) => bets.waitMs(log, 50, at, 2, log.fastest, 400);

	test('no bet within a second before the refused request: not ours to judge (congestion decides)', () => {
		const bets = new OptimisticStarts();
		const { log, refused } = windowWith(49, now);
		expect(bets.refusedWhileBetting(log, refused, 50, now + 150)).toBe(false);
		bets.betMade(now - 1001);
		expect(bets.refusedWhileBetting(log, refused, 50, now + 150)).toBe(false);
	});

	test('its window held our full rate (less one): our own bet lost, and the bets go on', () => {
		const bets = new OptimisticStarts();
		const { log, refused } = windowWith(49, now);
		bets.betMade(now);
		for (let i = 0; i < 6; i++) {
			expect(bets.refusedWhileBetting(log, refused, 50, now + 150 + i)).toBe(true);
		}
		expect(waitAt(bets, log, now + 160)).toBeLessThan(400);
	});

	test('four windows short of our requests within a second stop the bets for 10 s', () => {
		const bets = new OptimisticStarts();
		// 40 of ours in the window: someone else took places, or our estimates are off.
		const { log, refused } = windowWith(40, now);
		bets.betMade(now);
		for (let i = 0; i < 3; i++) {
			expect(bets.refusedWhileBetting(log, refused, 50, now + 150 + 100 * i)).toBe(true);
		}
		expect(waitAt(bets, log, now + 360)).toBeLessThan(400);
		bets.refusedWhileBetting(log, refused, 50, now + 450);
		expect(waitAt(bets, log, now + 460)).toBe(400);
		expect(waitAt(bets, log, now + 450 + 9999)).toBe(400);
		expect(waitAt(bets, log, now + 450 + 10000)).toBeLessThan(400);
	});

	test('short windows spread over more than a second do not stop the bets', () => {
		const bets = new OptimisticStarts();
		const { log, refused } = windowWith(40, now);
		bets.betMade(now);
		for (let i = 0; i < 4; i++) bets.refusedWhileBetting(log, refused, 50, now + 150 + 400 * i);
		expect(waitAt(bets, log, now + 1400)).toBeLessThan(400);
	});
});

describe('the switch', () => {
	test('on by default; off, a new pacer gets no start rule', () => {
		expect(OPTIMISTIC_STARTS).toBe(true);
		expect(optimisticStarts()).toBeInstanceOf(OptimisticStarts);
		expect(optimisticStarts(false)).toBeUndefined();
	});

	/** One process alone, 2,000 requests at 150 ms plus arrival jitter 0–200 ms, seeded. */
	async function aloneOnJitteryNetwork(optimistic) {
		const r = await onFakeClock({
			processes: 1,
			itemsPerProcess: 2000,
			jitterMs: 200,
			seconds: 120,
			random: seededRandom(7),
			optimisticStarts: optimistic,
		});
		expect(r.settled).toBe(true);
		expect(r.perProcess[0].done).toBe(2000);
		const running = r.perSecond.slice(2, -1);
		return { rejected: r.rejected, perSecond: running.reduce((a, b) => a + b, 0) / running.length };
	}

	test('off: a lone process at arrival jitter 0–200 ms uses sure places only and draws no 429; on, it bets and gains', async () => {
		const off = await aloneOnJitteryNetwork(false);
		const on = await aloneOnJitteryNetwork(true);
		expect(off.rejected).toBe(0);
		expect(on.rejected).toBeGreaterThan(0);
		// Measured (seeds 1–3): 45.3–45.6 accepted a second with sure places only, 47.3–47.5 betting.
		expect(on.perSecond).toBeGreaterThan(off.perSecond + 1);
	}, 60000);
});
