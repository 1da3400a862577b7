'use strict';

const path = require('node:path');
const { RateLimiter, getRateLimiter, backoffDelayMs } = require(
	path.join(__dirname, '../../dist/nodes/AgoraMediaBroadcast/transport/rateLimiter.js'),
);

/** Largest number of starts inside any window of `windowMs`. */
function maxInWindow(times, windowMs) {
	let max = 0;
	let lo = 0;
	for (let hi = 0; hi < times.length; hi++) {
		while (times[hi] - times[lo] >= windowMs) lo++;
		max = Math.max(max, hi - lo + 1);
	}
	return max;
}

describe('RateLimiter', () => {
	test('300 concurrent callers: never more than 50 starts in any second (plus guard), ≥ 95% of 50/s', async () => {
		const limiter = new RateLimiter(50);
		const starts = [];
		const t0 = Date.now();
		await Promise.all(
			Array.from({ length: 300 }, async () => {
				const ticket = await limiter.acquire();
				starts.push(ticket.startedAt);
			}),
		);
		starts.sort((a, b) => a - b);
		// The limiter's rule on the moments it lets requests go: never more than 50 in any window of
		// one second plus the guard (so the gateway's one-second window holds with margin).
		expect(maxInWindow(starts, 1000 + limiter.windowGuardMs)).toBeLessThanOrEqual(50);
		const elapsed = (starts[starts.length - 1] - t0) / 1000;
		// 5 windows of 1.02 s then 49 gaps of 10 ms ≈ 5.6 s.
		expect(300 / elapsed).toBeGreaterThanOrEqual(47.5);
		expect(elapsed).toBeGreaterThanOrEqual(5.2);
	}, 20000);

	test('a 429 with Retry-After pauses every caller for that long and lowers the rate; successes restore it', async () => {
		const limiter = new RateLimiter(50);
		await limiter.acquire();
		limiter.onRateLimited(300);
		expect(limiter.rate).toBe(50); // one 429 is jitter: retried, no slow-down
		for (let i = 0; i < 6; i++) limiter.onRateLimited(300); // a crowded second: one decrease only
		expect(limiter.rate).toBeCloseTo(40);
		const t0 = Date.now();
		await limiter.acquire();
		expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
		for (let i = 0; i < 10; i++) limiter.onSuccess();
		expect(limiter.rate).toBe(50);
	});

	test('limiters are shared per account and rate within the process', () => {
		expect(getRateLimiter('cust@api.agora.io', 50)).toBe(getRateLimiter('cust@api.agora.io', 50));
		expect(getRateLimiter('cust@api.agora.io', 50)).not.toBe(
			getRateLimiter('other@api.agora.io', 50),
		);
		expect(getRateLimiter('cust@api.agora.io', 10).requestsPerSecond).toBe(10);
	});
});

describe('backoffDelayMs (full jitter)', () => {
	test('stays within [floor, min(cap, base·2^attempt)]', () => {
		for (let attempt = 1; attempt <= 8; attempt++) {
			for (let i = 0; i < 200; i++) {
				const delay = backoffDelayMs(attempt, 0, 100, 8000);
				expect(delay).toBeGreaterThanOrEqual(0);
				expect(delay).toBeLessThanOrEqual(Math.min(8000, 100 * 2 ** attempt));
			}
		}
	});
	test('Retry-After is a floor', () => {
		for (let i = 0; i < 100; i++) expect(backoffDelayMs(1, 1000)).toBeGreaterThanOrEqual(1000);
	});
});
