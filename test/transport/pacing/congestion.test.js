// Congestion control (pacing/congestion.ts): when a 429 cuts the rate of one process, by how much, and
// how the rate climbs back. Driven the way the pacer drives it: answers recorded in a RequestLog, then
// refused() for a 429 and accepted() for a success.
'use strict';

const path = require('node:path');
const PACING = path.join(__dirname, '../../../dist/nodes/AgoraMediaBroadcast/transport/pacing');
const { CongestionControl } = require(`${PACING}/congestion.js`);
const { RequestLog } = require(`${PACING}/gatewayWindow.js`);

/** A process at `ceiling` requests/s on a hand-driven clock (`clock.t` is now). */
function processAt(ceiling) {
	const clock = { t: 1_000_000 };
	const log = new RequestLog();
	const congestion = new CongestionControl(ceiling, 2);
	/** Starts `accepted + refused` requests now, then answers them 20 ms apart: 200s first, then 429s. */
	const answer = (accepted, refused) => {
		const requests = Array.from({ length: accepted + refused }, () => log.start(clock.t));
		requests.forEach((request, i) => {
			clock.t += 20;
			const status = i < accepted ? 200 : 429;
			log.answer(request, status, clock.t);
			if (status === 429) congestion.refused(clock.t, ceiling, log);
			else congestion.accepted(clock.t, ceiling);
		});
	};
	return { clock, log, congestion, answer };
}

describe('a 429 at the full rate', () => {
	test.each([
		// [ms between the two batches, 429s in the second batch, whether the second batch cuts]
		[6000, 1, false], // a lone 429 every 6 s: window edges, no cut
		[6000, 2, true], // a second 429 within the window
		// One 429 a second: a late joiner cut to the floor getting a request in now and then. Counted
		// as window edges, the process at the full rate never made room.
		[1500, 1, true],
	])(
		'is a window edge only when no other came within 5 s (%i ms later, %i × 429: cut %s)',
		(gapMs, refused, cuts) => {
			const p = processAt(50);
			p.answer(30, 1);
			expect(p.congestion.rate).toBe(50);
			p.clock.t += gapMs;
			p.answer(30, refused);
			expect(p.congestion.rate < 50).toBe(cuts);
		},
	);

	test('a window edge widens the window margin by 10 ms (up to 100 ms); 30 s without a 429 restore it', () => {
		const p = processAt(50);
		p.answer(5, 1);
		expect(p.congestion.windowGuardMs).toBe(12);
		for (let i = 0; i < 12; i++) {
			p.clock.t += 6000;
			p.answer(5, 1);
		}
		expect(p.congestion.windowGuardMs).toBe(100);
		p.clock.t += 31000;
		p.answer(1, 0);
		expect(p.congestion.windowGuardMs).toBe(2);
	});
});

describe('cuts below the full rate', () => {
	test('overload: the rate drops at once to 90 % of what the gateway accepted in the last second', () => {
		const p = processAt(50);
		// 20 accepted, then 10 refused: the 429s keep coming while their answers arrive, and the cuts
		// settle at 90 % of the 20 accepted instead of spiralling down.
		p.answer(20, 10);
		expect(p.congestion.rate).toBeCloseTo(18);
		expect(p.congestion.sharing(50)).toBe(true);
	});

	test('overload: at most halving per step, never below 5 % of the ceiling (a late joiner is not starved)', () => {
		const p = processAt(50);
		// A process whose every request meets a full window: nothing accepted.
		p.answer(0, 2);
		expect(p.congestion.rate).toBeCloseTo(22.5); // 50 × 0.5 × 0.9, not 0
		p.answer(0, 20);
		expect(p.congestion.rate).toBeCloseTo(2.5);
	});

	test('mild congestion: the cut is 20 % of our share of the account, at most once per 500 ms', () => {
		const big = processAt(100);
		const small = processAt(100);
		// Within the last second the gateway took 45 from one and 20 from the other, and refused 2 each.
		big.answer(45, 2);
		small.answer(20, 2);
		expect(1 - big.congestion.rate / 100).toBeCloseTo(0.2 * 0.45);
		expect(1 - small.congestion.rate / 100).toBeCloseTo(0.2 * 0.2);
		// Another 429 within 500 ms does not cut again; after 500 ms it does.
		const after = big.congestion.rate;
		big.congestion.refused(big.clock.t, 100, big.log);
		expect(big.congestion.rate).toBe(after);
		big.clock.t += 500;
		big.congestion.refused(big.clock.t, 100, big.log);
		expect(big.congestion.rate).toBeLessThan(after);
	});
});

test('the rate climbs back after a quiet window: 2 per second first, then doubling', () => {
	const p = processAt(50);
	p.answer(10, 10);
	const low = p.congestion.rate;
	expect(low).toBeLessThan(20);
	// Within the window after the last 429: no climb.
	p.congestion.accepted(p.clock.t, 50);
	expect(p.congestion.rate).toBe(low);
	const after = (seconds) => {
		for (let i = 0; i < seconds * 10; i++) {
			p.clock.t += 100;
			p.congestion.accepted(p.clock.t, 50);
		}
		return p.congestion.rate;
	};
	const at2s = after(2); // quiet from 1 s to 2 s: +2 per second
	expect(at2s).toBeGreaterThan(low + 1.5);
	expect(at2s).toBeLessThan(low + 2.5);
	expect(after(6)).toBe(50); // doubling steps bring it back to the ceiling within a few seconds
	expect(p.congestion.sharing(50)).toBe(false);
});

describe('the ceiling moves', () => {
	test('a rate at the ceiling follows it, up and down', () => {
		const p = processAt(5);
		p.congestion.ceilingMoved(5, 50);
		expect(p.congestion.rate).toBe(50);
		p.congestion.ceilingMoved(50, 20);
		expect(p.congestion.rate).toBe(20);
	});

	test('a rate cut by 429s stays where it is when the ceiling rises, and is capped when it falls below', () => {
		const p = processAt(50);
		p.answer(20, 10);
		const cut = p.congestion.rate;
		p.congestion.ceilingMoved(50, 50);
		expect(p.congestion.rate).toBe(cut);
		p.congestion.ceilingMoved(50, 10);
		expect(p.congestion.rate).toBe(10);
	});

	test('below a ceiling that rose, never refused: the rate climbs at the next success, and is never NaN', () => {
		// Without any 429 the doubling growth is unbounded; times 0 ms elapsed it made the rate NaN, and
		// a NaN rate never let another request go.
		const p = processAt(10);
		p.congestion.accepted(p.clock.t, 10);
		p.congestion.accepted(p.clock.t, 50);
		expect(p.congestion.rate).toBe(10);
		p.clock.t += 1;
		p.congestion.accepted(p.clock.t, 50);
		expect(p.congestion.rate).toBe(50);
	});
});
