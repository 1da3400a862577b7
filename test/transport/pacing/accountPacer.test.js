// One account's pacer (pacing/accountPacer.ts), the parts put together: the window counts requests in
// flight and leaves refused ones out, Retry-After pauses every caller, starts are spread out, a random
// phase after a 429 while sharing, and the clock it keeps is not the wall clock.
'use strict';

const path = require('node:path');
const { createAccountPacer, sleepMs } = require(
	path.join(__dirname, '../../../dist/nodes/AgoraMediaBroadcast/transport/pacing/index.js'),
);

/** A pacer on a hand-driven clock: `clock.t` is "now". */
function manualPacer(rate) {
	const clock = { t: 1_000_000 };
	return { clock, pacer: createAccountPacer(rate, { now: () => clock.t }) };
}

/** Asks for a start without waiting for it: `started()` says whether the pacer has let it go. */
function pendingStart(pacer) {
	let started = false;
	const next = pacer.acquire().then((ticket) => ((started = true), ticket));
	return { next, started: () => started };
}

/** The next caller's ticket, advancing jest's fake clock `stepMs` at a time until the pacer lets it go. */
async function nextStart(pacer, stepMs = 1) {
	let ticket;
	void pacer.acquire().then((t) => (ticket = t));
	while (!ticket) await jest.advanceTimersByTimeAsync(stepMs);
	return ticket;
}

afterEach(() => jest.useRealTimers());

describe('the window', () => {
	test('in-flight requests count in every window; answered ones by when the gateway counted them', async () => {
		const { clock, pacer } = manualPacer(3);
		const tickets = [];
		for (let i = 0; i < 3; i++) {
			tickets.push(await pacer.acquire());
			clock.t += 200;
		}
		// Three in flight: a fourth waits for an answer, however much time passes.
		const fourth = pendingStart(pacer);
		clock.t += 5000;
		await sleepMs(30);
		expect(fourth.started()).toBe(false);
		// The first answer: counted long ago, so the window opens.
		tickets[0].answered(200);
		await fourth.next;
		expect(fourth.started()).toBe(true);
	});

	test('a request answered 429 leaves our window with its answer (the gateway did not count it); in flight it counts', async () => {
		const { clock, pacer } = manualPacer(3);
		// One isolated 429 at the full rate: a window edge, so the rate stays 3 (no cut).
		const refused = await pacer.acquire();
		const accepted = [await pacer.acquire(), await pacer.acquire()];
		const fourth = pendingStart(pacer);
		await sleepMs(30);
		// Three in flight: the window is full.
		expect(fourth.started()).toBe(false);
		clock.t += 10;
		for (const ticket of accepted) ticket.answered(200);
		await sleepMs(30);
		expect(fourth.started()).toBe(false);
		refused.answered(429);
		expect(pacer.rate).toBe(3);
		// Two counted by the gateway in this second, one refused: one more may start now, not a second later.
		await Promise.race([fourth.next, sleepMs(300)]);
		expect(fourth.started()).toBe(true);
	});

	test('concurrent callers at the full rate start a quarter of the average gap apart (5 ms at 50/s)', async () => {
		jest.useFakeTimers({ now: 1_000_000 });
		const pacer = createAccountPacer(50, { now: () => Date.now() });
		const starts = [];
		for (let i = 0; i < 4; i++) starts.push((await nextStart(pacer)).startedAt);
		expect(starts.slice(1).map((at, i) => at - starts[i])).toEqual([5, 5, 5]);
	});
});

describe('Retry-After', () => {
	test('pauses every caller for the asked time, at most 60 s', async () => {
		jest.useFakeTimers({ now: 1_000_000 });
		for (const [retryAfterMs, pausedMs] of [
			[5000, 5000],
			[86400 * 1000, 60000],
		]) {
			const pacer = createAccountPacer(50, { now: () => Date.now() });
			const first = await nextStart(pacer);
			first.answered(429, retryAfterMs);
			const refusedAt = Date.now();
			const next = await nextStart(pacer, 100);
			expect(next.startedAt - refusedAt).toBeGreaterThanOrEqual(pausedMs);
			expect(next.startedAt - refusedAt).toBeLessThan(pausedMs + 10);
		}
	});

	test('a paused caller starts as soon as another request succeeds', async () => {
		const pacer = createAccountPacer(50);
		const [first, second] = [await pacer.acquire(), await pacer.acquire()];
		second.answered(429, 60000);
		let started = false;
		const waiting = pacer.acquire().then(() => (started = true));
		await sleepMs(30);
		expect(started).toBe(false);
		first.answered(200); // a success lifts the pause and wakes the waiters
		await waiting;
		expect(started).toBe(true);
	});
});

describe('two credentials of one account, at 50 and 5 requests per second', () => {
	/**
	 * Callers of each credential keep `callers` requests going for `seconds` on jest's fake clock, each
	 * answered 150 ms after its start: the start times of each.
	 */
	async function run(pacer, credentials, seconds) {
		const starts = credentials.map(() => []);
		let stop = false;
		const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
		const workers = credentials.flatMap(({ rate, callers }, c) =>
			Array.from({ length: callers }, async () => {
				while (!stop) {
					pacer.useRate(rate);
					const ticket = await pacer.acquire(rate);
					if (stop) return ticket.answered(200);
					starts[c].push(ticket.startedAt);
					await delay(150);
					ticket.answered(200);
				}
			}),
		);
		await jest.advanceTimersByTimeAsync(seconds * 1000);
		stop = true;
		let settled = false;
		void Promise.all(workers).then(() => (settled = true));
		while (!settled) await jest.advanceTimersByTimeAsync(100);
		return starts;
	}

	/** Most starts in any window of `ms`. */
	const mostIn = (times, ms) => {
		let most = 0;
		for (let lo = 0, hi = 0; hi < times.length; hi++) {
			while (times[hi] - times[lo] >= ms) lo++;
			most = Math.max(most, hi - lo + 1);
		}
		return most;
	};

	test('the 5 one stays at 5 a second; the 50 one is not dragged down, and the account stays within 50', async () => {
		jest.useFakeTimers({ now: 1_000_000 });
		const pacer = createAccountPacer(50, { now: () => Date.now() });
		const [fast, slow] = await run(
			pacer,
			[
				{ rate: 50, callers: 50 },
				{ rate: 5, callers: 20 },
			],
			10,
		);
		expect(mostIn(slow, 1000)).toBeLessThanOrEqual(5);
		expect(slow.length).toBeGreaterThanOrEqual(40);
		// The account: 50 in any second (plus the 2 ms margin), the 50 one taking what the 5 one leaves.
		const all = [...fast, ...slow].sort((a, b) => a - b);
		expect(mostIn(all, 1002)).toBeLessThanOrEqual(50);
		expect(fast.length).toBeGreaterThanOrEqual(10 * 40);
	});

	test('the 5 one alone first: when the 50 one comes, the account opens to 50 at once', async () => {
		jest.useFakeTimers({ now: 1_000_000 });
		const pacer = createAccountPacer(5, { now: () => Date.now() });
		const [slow] = await run(pacer, [{ rate: 5, callers: 10 }], 3);
		expect(mostIn(slow, 1000)).toBeLessThanOrEqual(5);
		pacer.useRate(50);
		expect(pacer.rate).toBe(50);
		const [fast] = await run(pacer, [{ rate: 50, callers: 50 }], 2);
		expect(fast.length).toBeGreaterThanOrEqual(2 * 45);
	});
});

test('just refused while sharing: the next start waits a random part of half a gap, so phases do not lock', async () => {
	jest.useFakeTimers({ now: 1_000_000 });
	const delays = [];
	for (const random of [0, 0.8]) {
		const pacer = createAccountPacer(50, { now: () => Date.now(), random: () => random });
		const a = await nextStart(pacer);
		const b = await nextStart(pacer);
		await jest.advanceTimersByTimeAsync(100);
		a.answered(429);
		b.answered(429); // a second 429 in the window: below the ceiling now
		const rate = pacer.rate;
		expect(rate).toBeLessThan(50);
		const refusedAt = Date.now();
		const c = await nextStart(pacer);
		delays.push({ delay: c.startedAt - refusedAt, gap: 1000 / rate });
		// After a success, no random wait: past the spacing, the next one starts at once.
		c.answered(200);
		await jest.advanceTimersByTimeAsync(100);
		const answeredAt = Date.now();
		const d = await nextStart(pacer);
		expect(d.startedAt - answeredAt).toBeLessThanOrEqual(1);
	}
	expect(delays[0].delay).toBeLessThanOrEqual(1);
	expect(delays[1].delay).toBeGreaterThanOrEqual(Math.floor(0.8 * 0.5 * delays[1].gap) - 1);
	expect(delays[1].delay).toBeLessThanOrEqual(Math.ceil(0.8 * 0.5 * delays[1].gap) + 1);
});

describe('wall-clock steps (NTP, a resumed virtual machine)', () => {
	// Only this spy is restored (restoreAllMocks would also put back a setTimeout spied on under fake
	// timers by an earlier test).
	let wallClock;
	afterEach(() => wallClock?.mockRestore());

	/** A pacer at 3/s on its default clock whose window is full: 3 requests answered just now. */
	async function fullWindow() {
		const pacer = createAccountPacer(3);
		for (let i = 0; i < 3; i++) (await pacer.acquire()).answered(200);
		return pacer;
	}

	test('the wall clock jumping 10 s ahead does not open the window early (a burst would draw 429s)', async () => {
		const pacer = await fullWindow();
		const wallNow = Date.now();
		wallClock = jest.spyOn(Date, 'now').mockImplementation(() => wallNow + 10000);
		const fourth = pendingStart(pacer);
		await sleepMs(100);
		expect(fourth.started()).toBe(false);
		wallClock.mockRestore();
		await fourth.next;
	});

	test('the wall clock jumping 10 s back does not hold requests until it catches up', async () => {
		const pacer = await fullWindow();
		const wallNow = Date.now();
		wallClock = jest.spyOn(Date, 'now').mockImplementation(() => wallNow - 10000);
		let timer;
		const started = await Promise.race([
			pacer.acquire().then(() => true),
			new Promise((resolve) => (timer = setTimeout(() => resolve(false), 4000))),
		]);
		clearTimeout(timer);
		// The window opens a second after the first three: not 11 s later.
		expect(started).toBe(true);
	});
});
