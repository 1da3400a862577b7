// The ceiling (pacing/ceiling.ts): the most requests per second one account may get from this process
// (the highest Requests per Second in use), and the share that holds a credential with a lower rate to
// its own rate.
'use strict';

const path = require('node:path');
const { RateCeiling, CredentialShare } = require(
	path.join(__dirname, '../../../dist/nodes/AgoraMediaBroadcast/transport/pacing/ceiling.js'),
);

/** A hand-driven clock: `clock.t` is now. */
function handClock() {
	const clock = { t: 1_000_000 };
	return { clock, now: () => clock.t };
}

describe('RateCeiling', () => {
	test('two credentials on one account: the higher Requests per Second bounds it; the lower one gets a share', () => {
		const { clock, now } = handClock();
		const ceiling = new RateCeiling(50, now);
		clock.t += 10;
		ceiling.use(5);
		expect(ceiling.value).toBe(50);
		expect(ceiling.shareOf(50)).toBeUndefined();
		const share = ceiling.shareOf(5);
		expect(share.requestsPerSecond).toBe(5);
		expect(ceiling.shareOf(5)).toBe(share);
	});

	test('a credential that stopped using the account no longer bounds it after a minute', () => {
		const { clock, now } = handClock();
		const ceiling = new RateCeiling(50, now);
		ceiling.use(10);
		clock.t += 60000;
		expect(ceiling.value).toBe(50);
		ceiling.use(10);
		clock.t += 1000;
		// The 50 credential was last seen 61 s ago: the 10 one is alone, and needs no share.
		expect(ceiling.value).toBe(10);
		expect(ceiling.shareOf(10)).toBeUndefined();
	});

	test('the last credential seen keeps its rate however long the account is idle', () => {
		const { clock, now } = handClock();
		const ceiling = new RateCeiling(20, now);
		clock.t += 3600000;
		expect(ceiling.value).toBe(20);
	});
});

describe("CredentialShare: a gate at the credential's rate", () => {
	/** What the account hands a caller that goes at `at`: records the answer it is told. */
	const ticketAt = (at) => ({
		startedAt: at,
		answers: [],
		answered(...a) {
			this.answers.push(a);
		},
	});

	test('at most its rate in any window: in flight a request holds its place, answered it is counted when it reached Agora', () => {
		const { clock, now } = handClock();
		const share = new CredentialShare(3, now);
		const handed = [];
		for (let i = 0; i < 3; i++) {
			expect(share.waitMs()).toBe(0);
			const account = ticketAt(clock.t);
			handed.push({ account, mine: share.opened(account) });
			clock.t += 10;
		}
		// Three in flight: only an answer opens the gate, however long it takes.
		expect(share.waitMs()).toBe(Infinity);
		clock.t += 5000;
		expect(share.waitMs()).toBe(Infinity);
		// Answered now, 5 s after they started (the fastest round trip): counted at their start, long gone.
		for (const { mine } of handed) mine.answered(200);
		expect(share.waitMs()).toBe(0);
	});

	test('answered quickly, the next place opens a second after the first was counted', () => {
		const { clock, now } = handClock();
		const share = new CredentialShare(2, now);
		const start = clock.t;
		const a = share.opened(ticketAt(clock.t));
		clock.t += 100;
		const b = share.opened(ticketAt(clock.t));
		clock.t += 150;
		a.answered(200);
		clock.t += 100;
		b.answered(200);
		// Counted at 0 and 100 ms (answers minus the fastest round trip, 150 ms): the next at 1,002 ms.
		expect(share.waitMs()).toBe(start + 1002 - clock.t);
	});

	test("the account's ticket still hears every answer (the account's pacing and 429 rules apply)", () => {
		const { clock, now } = handClock();
		const share = new CredentialShare(5, now);
		const account = ticketAt(clock.t);
		const mine = share.opened(account);
		expect(mine.startedAt).toBe(account.startedAt);
		mine.answered(429, 3000);
		expect(account.answers).toEqual([[429, 3000]]);
		// A 429 is not counted by Agora, so not in the share's window either.
		expect(share.waitMs()).toBe(0);
	});
});
