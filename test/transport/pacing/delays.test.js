// Timers and backoff (pacing/delays.ts): clamped timers, full-jitter backoff.
'use strict';

const path = require('node:path');
const { backoffDelayMs, sleepMs, MAX_TIMER_MS } = require(
	path.join(__dirname, '../../../dist/nodes/AgoraMediaBroadcast/transport/pacing/delays.js'),
);

test('timer values are clamped below 2^31 ms (no TimeoutOverflowWarning)', () => {
	jest.useFakeTimers();
	try {
		const spy = jest.spyOn(global, 'setTimeout');
		void sleepMs(Number.MAX_SAFE_INTEGER);
		void sleepMs(-5);
		expect(spy.mock.calls.map((call) => call[1])).toEqual([MAX_TIMER_MS, 0]);
		expect(MAX_TIMER_MS).toBe(2 ** 31 - 1);
	} finally {
		jest.clearAllTimers();
		jest.useRealTimers();
	}
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

	test('draws from the random source it is given (a simulation repeats exactly)', () => {
		expect(backoffDelayMs(3, 0, 100, 1000, () => 0.5)).toBe(400);
		expect(backoffDelayMs(5, 0, 100, 1000, () => 0.5)).toBe(500);
	});
});
