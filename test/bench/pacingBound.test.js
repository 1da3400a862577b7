// The benchmark's bound for the jitter scenario: what a perfect 429-free pacer would reach on the same
// run. bench/README.md compares the measured figure with it, so it must replay the run as documented.
const { noRefusalBound } = require('../../bench/lib/pacingBound.cjs');

/** A sandbox log entry on one clock (at = arrivedAt: the wall clock did not step). */
const entry = (sentAt, delayMs, { ms = 150, status = 200 } = {}) => ({
	at: sentAt + delayMs,
	arrivedAt: sentAt + delayMs,
	sentAt,
	ms,
	status,
});

describe('noRefusalBound', () => {
	test("keeps n8n's time before the first request and after the last answer, and packs the rest", () => {
		// 100 requests, no delay: the run sent the second 50 late (at 1,100 ms instead of 1,010 ms).
		const log = [
			...Array.from({ length: 50 }, (_, i) => entry(10 + i, 0)),
			...Array.from({ length: 50 }, (_, i) => entry(1100 + i, 0)),
		];
		// Last answer at 1,149 + 150 = 1,299; the node ended 11 ms later.
		const bound = noRefusalBound([{ startMs: 0, endMs: 1310 }], log);
		// Ideal: 50 at 10 ms, 50 at 1,010 ms, last answer 1,160, node end 1,171.
		expect(bound.wallMs).toBe(1171);
		expect(bound.ratio).toBeCloseTo(100 / 1.171 / 50, 6);
	});

	test('a request may start a window after the limit-th latest arrival, whatever its own delay', () => {
		// Limit 2: the first request arrives 100 ms after it left, the second at once.
		const log = [entry(0, 100), entry(0, 0), entry(2000, 50)];
		const bound = noRefusalBound([{ startMs: 0, endMs: 2200 }], log, { limit: 2 });
		// Arrivals 100 and 0: the third may start at 0 + 1,000 and arrives at 1,050; answered at 1,200.
		// The run's last answer was at 2,050 + 150 = 2,200 = the node's end: nothing after it.
		expect(bound.wallMs).toBe(1200);
	});

	test("adds n8n's time between nodes and each node's own checks", () => {
		const log = [entry(100, 0), entry(700, 0)];
		const nodes = [
			{ startMs: 0, endMs: 260 }, // checks 100 ms, answer at 250, node end 10 ms later
			{ startMs: 300, endMs: 860 }, // 40 ms between nodes, checks 400 ms, answer at 850
		];
		const bound = noRefusalBound(nodes, log);
		expect(bound.wallMs).toBe(100 + 150 + 10 + 40 + 400 + 150 + 10);
	});

	test('counts only successful requests, and gives up without arrival delays in the log', () => {
		const refused = { ...entry(5, 0), status: 429 };
		// Limit 1: were the 429 counted, the other request could only start a second later.
		const bound = noRefusalBound([{ startMs: 0, endMs: 200 }], [refused, entry(5, 0)], {
			limit: 1,
		});
		expect(bound.wallMs).toBe(5 + 150 + 45);
		const noSentAt = { at: 5, arrivedAt: 5, ms: 150, status: 200 };
		expect(noRefusalBound([{ startMs: 0, endMs: 200 }], [noSentAt])).toBeNull();
	});
});
