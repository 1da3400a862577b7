// The guaranteed slot (pacing/gatewayWindow.ts): which of our requests the gateway may still count in
// its one-second window, and when one more may surely start.
'use strict';

const path = require('node:path');
const {
	RequestLog,
	windowWaitMs,
	pruneCounted,
	answeredInLastWindow,
	countedInWindowOf,
	WINDOW_MS,
} = require(
	path.join(__dirname, '../../../dist/nodes/AgoraMediaBroadcast/transport/pacing/gatewayWindow.js'),
);

const T = 1_000_000;

/** A log with requests started at `starts` (ms after T); `answers[i]` = [ms after T, status] or none. */
function logOf(starts, answers = []) {
	const log = new RequestLog();
	const requests = starts.map((at) => log.start(T + at));
	answers.forEach((answer, i) => {
		if (answer) log.answer(requests[i], answer[1], T + answer[0]);
	});
	return { log, requests };
}

describe('windowWaitMs: when one more request may surely start', () => {
	test('requests in flight count in every window: at the rate, only an answer opens it', () => {
		const { log } = logOf([0, 10, 20]);
		expect(windowWaitMs(log.started, 3, T + 60000, 2, 0)).toBe(Infinity);
		expect(windowWaitMs(log.started, 4, T + 30, 2, 0)).toBe(0);
	});

	test('an answered request counts from its answer minus the fastest round trip, for a second plus the guard', () => {
		// Answered 150 ms after their start (the fastest round trip): counted at 0, 10 and 20 ms.
		const { log } = logOf(
			[0, 10, 20],
			[
				[150, 200],
				[160, 200],
				[170, 200],
			],
		);
		expect(log.fastest).toBe(150);
		// At 500 ms all three are still in the window: the first leaves it at 0 + 1000 + 2 ms.
		expect(windowWaitMs(log.started, 3, T + 500, 2, log.fastest)).toBe(502);
		expect(windowWaitMs(log.started, 3, T + WINDOW_MS + 2, 2, log.fastest)).toBe(0);
	});

	test('a request that was slow to arrive moves its own window later (the fastest round trip is the bound)', () => {
		// Same start, the last answered 400 ms later than the fastest: estimated counted at 400 ms, not 0,
		// so at 1,100 ms it still fills a window of 1 (until 400 + 1000 + 2 ms).
		const { log } = logOf(
			[0, 0, 0],
			[
				[150, 200],
				[150, 200],
				[550, 200],
			],
		);
		expect(windowWaitMs(log.started, 1, T + 1100, 2, log.fastest)).toBe(302);
	});

	test('a request answered 429 is not counted (the gateway did not count it)', () => {
		const { log } = logOf(
			[0, 10, 20],
			[
				[150, 200],
				[160, 200],
				[170, 429],
			],
		);
		expect(windowWaitMs(log.started, 3, T + 200, 2, log.fastest)).toBe(0);
	});
});

test('pruneCounted drops answered requests counted before the horizon, never one in flight', () => {
	const { log, requests } = logOf(
		[0, 100, 200],
		[
			[150, 200],
			[250, 200],
		],
	);
	pruneCounted(log.started, T + 50, log.fastest);
	expect(log.started).toEqual([requests[1], requests[2]]);
	pruneCounted(log.started, T + 100000, log.fastest);
	expect(log.started).toEqual([requests[2]]);
});

test('answeredInLastWindow: what the gateway accepted from us and refused in the last second', () => {
	const { log } = logOf(
		[0, 100, 900, 950, 1000],
		[
			[150, 200],
			[250, 429],
			[1050, 200],
			[1100, 429],
		],
	);
	// At 1,200 ms the window reaches back to 200 ms: the first two were counted before.
	expect(answeredInLastWindow(log.started, T + 1200, log.fastest)).toEqual({
		accepted: 1,
		refused: 1,
	});
});

test('countedInWindowOf: how many of ours the gateway counted in the window a request reached', () => {
	const { log, requests } = logOf(
		[0, 100, 200, 1500],
		[
			[150, 200],
			[250, 200],
			[350, 429],
			[1650, 429],
		],
	);
	expect(countedInWindowOf(log.started, requests[2], log.fastest)).toBe(2);
	expect(countedInWindowOf(log.started, requests[3], log.fastest)).toBe(0);
});

describe('RequestLog: the answers as the pacing needs them', () => {
	test('keeps the last 100 round trips (the fastest of them bounds when a request was counted)', () => {
		const log = new RequestLog();
		const fast = log.start(T);
		log.answer(fast, 200, T + 20);
		for (let i = 0; i < 100; i++) log.answer(log.start(T + 100), 200, T + 250);
		expect(log.roundTrips).toHaveLength(100);
		expect(log.fastest).toBe(150);
	});

	test('the last 10 answers: which were 429 (a failed connection is no answer of the gateway)', () => {
		const log = new RequestLog();
		for (let i = 0; i < 12; i++) log.answer(log.start(T), i % 2 ? 429 : 200, T + 100);
		expect(log.recentAnswers).toHaveLength(10);
		expect(log.refusedLast).toBe(true);
		log.answer(log.start(T), undefined, T + 100);
		expect(log.recentAnswers).toHaveLength(10);
		expect(log.refusedLast).toBe(true);
		log.answer(log.start(T), 200, T + 100);
		expect(log.refusedLast).toBe(false);
	});
});
