import { monotonicNow, sleepMs } from './delays';
import {
	answeredInLastWindow,
	countedInWindowOf,
	expectedWindowWaitMs,
	fastestRoundTrip,
	latenessOf,
	pruneCounted,
	type StartedRequest,
	WINDOW_MS,
	windowWaitMs,
} from './gatewayWindow';

export { backoffDelayMs, MAX_TIMER_MS, sleepMs } from './delays';

/*
 * DESIGN: how n8n processes that share one Agora account share its 50 requests/second.
 *
 * Agora counts at most 50 requests per Customer ID in any sliding one-second window, at the moment
 * each request reaches its gateway, and answers 429 (nothing applied) to the rest. One n8n process
 * can pace itself exactly. Several processes (queue mode: one main + N workers, or two n8n
 * installations on one Customer ID) cannot see each other's requests.
 *
 * Options considered:
 * 1. A shared store. Queue mode already has Redis, but a community node may not have runtime
 *    dependencies (n8n's verification), n8n does not hand nodes its Redis connection, and the
 *    same account is often shared with systems outside n8n that no store would see.
 * 2. A static split (configure 50/N per worker). Wrong as soon as N changes or a worker is idle,
 *    and an idle worker's share is lost.
 * 3. Adaptive per-process rates (chosen). Every process starts at the credential's rate and
 *    treats 429 as the shared signal of congestion, the way TCP senders share a link:
 *    - Accepted, not offered: a process's window holds its requests in flight and those the gateway
 *      counted; a request answered 429 leaves it with its answer (the gateway did not count it). An
 *      earlier rule also counted refused requests for a second, to keep what a process offers within
 *      its rate: it cost each process one request/s for every 429 it drew (simulation of 2 workers
 *      that each run Ban then Unban of 500 items, `accountSimulation.js 2 300 0 1000 2 400 24`:
 *      89.4–89.9 % of the limit with it, 90.9–91.4 % without, the same 4.2–4.6 % of requests
 *      answered 429; real queue mode, 2 workers: 89.0–90.6 % before, 89.0–93.0 % in 5 runs after).
 *      A process refused often is cut by the overload rule.
 *    - One 429 at the full rate, with no other in the last 5 s, is a window edge (a request that
 *      reached the gateway later than estimated, on a busy machine): it is retried and widens the
 *      window margin, nothing more. A 429 every second or two at the full rate is another process
 *      getting a request in now and then, and counts. Below the full rate the process already knows
 *      it shares the account, and every 429 counts.
 *    - A late joiner is not starved: a process that starts when another has the window full is cut
 *      to the floor, and its few requests a second would land at the same phase every second, where
 *      the window is full, so the other never sees a 429. After a 429, while below the full rate, the
 *      next start waits a random part of half a gap: some requests land where a slot is free, the
 *      other draws 429s and gives back its share.
 *    - Overload (more than 15 % of our requests in the last second refused, or half of the last
 *      10 answers): drop at once to 90 % of what the gateway accepted from us in the last second,
 *      at most halving per step and not below 5 % of the ceiling while above it (repeated cuts
 *      while the answers to requests already sent come in settle there, they do not spiral down). N processes
 *      that start together at the full rate converge in about a second, and a late joiner, whose
 *      first requests meet a full window, is not starved.
 *    - Mild congestion (a few 429s): cut by 20 % × our share of the account (a process with 25 of
 *      the 50 requests/s cuts 10 %, one with 5 cuts 2 %), at most once per 500 ms. Processes that
 *      take more give back more, so shares even out and the executions sharing the account finish
 *      together instead of one running alone at the end (equal cuts kept unequal shares apart).
 *    - Climb back: after a second without 429 the rate grows by 2 requests/s per second; after
 *      2 s without a 429 that growth doubles every further second, so a worker gets the whole
 *      account back within a few seconds once the others are done, while near the limit the
 *      probing stays gentle.
 *    - While sharing, starts are spread over the whole second (90 % of the average gap, not a quarter):
 *      the gateway sees a steady stream from each process rather than bursts that collide.
 *    - Measured with test/transport/accountSimulation.js (fake clock, gateway at 50/s, 150 ms,
 *      1,000 requests per process, 50 in flight, starts up to 0.85 s apart, 16 runs each):
 *      2 processes ≈ 93 % of the limit with ≈ 3.5 % of requests answered 429, 3 ≈ 93 % with ≈ 6 %,
 *      5 ≈ 93.5 % with ≈ 9 % (the first rules: 88 % / 4 %, 90 % / 7 %, 91 % / 11 %). With each
 *      process running two nodes of 500 items and 0.4 s of Phase 1 before each (the benchmark's
 *      workflow; arguments `… 1000 2 400 24`): 91 %, 92 %, 93 %, within a point of the real
 *      queue-mode benchmark. A process that starts 0.6 s or 2 s after another filled the window:
 *      ≈ 92–93 % together (with the earlier rules, one starting 2 s late got nothing until the
 *      other had finished). Tried and dropped: a larger share cut (0.3, 0.4: slower overall),
 *      doubling the climb every 500 ms (5 processes near 10 % 429), CUBIC-style growth (as fast,
 *      less fair), a congestion price (rate += a − b·rate·429-share: fair but it overshot at the
 *      start), multiplicative growth (more 429s).
 *    - Where 2 workers still lose: the one left alone climbs from about 25 back to 50 in about 5 s.
 *      Given the full rate 1 s after the other finished (an oracle in the simulation), 2 workers reach
 *      93 % instead of 91 %. No process can see that moment: while two share the account, 17 % of the
 *      gaps between one's 429s exceed 2 s and 2 % exceed 4 s. Climbing faster after a quiet spell,
 *      or once past the rate of recent 429s, gained nothing beyond noise and pushed 5 workers over
 *      10 % of requests answered 429.
 *    - 429 is safe to retry for every method (Agora did nothing), so the transport retries it under
 *      a time budget (120 s per item by default) instead of an attempt count: no item fails while
 *      the processes settle.
 *
 * Pacing inside one process: a request may surely start when fewer than `rate` requests can still be
 * counted by the gateway in the window it may land in. For a request that has been answered, the
 * moment the gateway counted it is estimated as `answer − fastest recent round trip` (a request that
 * was slow to arrive, because of the network or a busy event loop, moves its own window later); a
 * request still in flight counts in every window. This sure rule never lets the gateway see more than
 * `rate` requests in one second from this process, whatever the arrival jitter, but with jitter
 * uniform in 0–200 ms it uses only about 91 % of the limit once running (the bound for a pacer that
 * draws no 429): each of the window's places is reused a second after its last request was counted
 * plus the new request's own delay, 100 ms on average. In n8n the benchmark replays each jitter run
 * with a perfect sure pacer: 89–91 % over the whole run, of which the sure rule reached 98–99 %.
 *
 * Arrival jitter: alone at the full rate, a process bets on its own delay (expectedWindowWaitMs): an
 * answered request counts with the chance, judged from the last 100 round trips, that it is still in
 * the window when the new one arrives, a request in flight counts in full, and the expected count must
 * leave BET_MARGIN places free. With a steady delay every chance is 1, so nothing changes (fixed 150
 * and 300 ms: still 0 × 429 in the benchmark). A lost bet is a 429 that Agora did not count, retried
 * like any 429. No 429 drawn while betting cuts the rate or widens the margin: it is judged by the
 * window the refused request reached. Held our full rate (OWN_BET_TOLERANCE): our own bet lost. Short
 * of our own requests: someone else may have taken places, or our estimates are off (answers that
 * come back at uneven delays); several such 429s within a second (SHORT_WINDOWS) stop the bets for
 * 10 s, and the 429s drawn on sure places from then on are judged by the rules above (another process
 * keeps drawing them; a noisy network does not). Any request may be the refused one (a later bet that
 * arrived first took its place), so the test is "bets were made around it", not "it was a bet".
 * Simulated (one process, 2 × 1,000 requests, 0.4 s of n8n time before each node), jitter 0–200 ms on
 * the way there: 92.8–93.3 % of the limit with 3.5–4.1 % of requests answered 429, against 89.8–90.1 %
 * with sure places only (47.3–47.5 accepted a second once running, against 45.3–45.6); with 0–50 or
 * 0–100 ms on the way back as well: 92.3–92.4 % and 91.0–91.5 %, against 88.5 % and 87.0 %. A process
 * joining at a few requests a second still gets its share (test/transport/rateLimiter.test.js).
 * Counting a lost bet as congestion (the overload rule's "half of the last 10 refused" happens in a
 * run of lost bets) cut the rate 2–3 times a run and gave back the gain; cutting at the first short
 * window did the same on a network with uneven answer delays (84.8–88 %).
 * While sharing, processes keep the sure rule: their 429s are the shared signal.
 *
 * Retry-After: honoured as a pause for every caller on the account, up to 60 s (a longer ask fails
 * the one item at once, see transport/index.ts), and lifted by the next success, so one item's
 * large Retry-After never freezes other workflows. Timer values are clamped below 2^31 ms.
 *
 * Keys: one limiter per Customer ID + API host (not per rate): two credentials on one account
 * share it and the lower Requests per Second wins. Limiters unused for 10 minutes are dropped and
 * at most 1,000 are kept, so a process that served many accounts does not grow without bound.
 */

/** What the transport tells the limiter about one request once Agora has answered. */
export interface RateLimitTicket {
	/** When the request was let go, on the limiter's clock (monotonicNow by default). */
	readonly startedAt: number;
	/**
	 * Call when an answer arrived, with its status (`undefined` when the connection failed): the
	 * answer bounds when the gateway counted the request, and 429 / success steer the rate.
	 */
	answered(statusCode?: number, retryAfterMs?: number): void;
}

/** Overload: more than this share of our requests in the last window refused. */
const OVERLOAD_REFUSED_SHARE = 0.15;
/** Overload too: at least half of the last RECENT_ANSWERS answers were 429. */
const RECENT_ANSWERS = 10;
/** An overload cut leaves this much of what the gateway took. */
const OVERLOAD_KEEP = 0.9;
/** An overload cut does not go below this share of the ceiling (a late joiner is not starved). */
const MIN_SHARE_OF_CEILING = 0.05;
/** A mild cut is this × our share of the account. */
const SHARE_CUT = 0.2;
/**
 * A 429 at the full rate is a window edge only when no other came within this long. A process left
 * with one accepted request per second (a late joiner its 429s had cut to the floor) makes the
 * process at the full rate draw about one 429 a second: counted as window edges, the incumbent never
 * gave back any share (simulation: the late joiner waited 20 s, until the other had finished).
 */
const ISOLATED_429_MS = 5000;
/**
 * Alone at the full rate, a request may go when the expected count in the window it lands in leaves
 * this many requests free (expectedWindowWaitMs). Simulated, one process, jitter 0–200 ms, 2 × 1,000
 * requests, 8 runs each: margin 0: 93.6 % of the limit, 10.2 % of requests answered 429; 1: 93.6 %,
 * 6.4 %; 2: 92.8–93.2 %, 3.6–4.1 %; 3: 92.3 %, 2.1 %; 4: 91.5 %, 1.1 %; never betting: 90.1 %, 0 %.
 */
const BET_MARGIN = 2;
/**
 * A 429 during bets is our own when the window the refused request reached held at least our rate
 * minus this many of our requests. 1 absorbs the estimate's error when answers come back at an even
 * delay (every lost bet showed 0 in the simulation); 3 hid a late joiner holding 2–3 places: the other
 * kept betting at the full rate, and the late one got 0.07–0.30 of its requests while both ran
 * (about 0.5 with 1).
 */
const OWN_BET_TOLERANCE = 1;
/**
 * Bets stop for BET_PAUSE_MS after SHORT_WINDOWS 429s within SHORT_WINDOWS_MS whose window was short of
 * our own requests. One such 429 proves little when answers come back at uneven delays (the estimate
 * of when the gateway counted each request is off by that much): simulated with 0–200 ms on the way
 * there and 0–100 ms on the way back, one process alone drew such 429s in bursts, and stopping bets at
 * the first of them gave 87.9 % of the limit, at the third within 2 s 88.7 %, at the fourth within 1 s
 * 91.0–91.5 % (never stopping: 92.2 %; waiting for certainty: 87.0 %). A process that joins at a few
 * requests a second shortens every window of the other, which stops betting within about a second.
 */
const SHORT_WINDOWS = 4;
const SHORT_WINDOWS_MS = 1000;
const BET_PAUSE_MS = 10000;
/** No two mild cuts closer than this. */
const CUT_HOLD_MS = 500;
/** Growth in requests/s per second once a window passed without 429. */
const CLIMB_STEP = 2;
/** After this long without a 429 the growth doubles every further second. */
const CLIMB_FAST_AFTER_MS = 2000;
/** Spacing of starts while sharing, in average gaps: a steady stream collides less. */
const SHARED_SPACING = 0.9;
/**
 * Spacing of starts at the full rate, in average gaps (5 ms at 50/s): a lone process fills its window
 * in a quarter second and has the rest of it free for the next node's first requests. Measured in the
 * benchmark at 300 ms: half a gap lost 1.5 % of the limit (also when used in the first second only:
 * the first window's spacing repeats in every later one); no spacing at all drew 429s (a burst reached
 * the gateway bunched up after a busy event loop).
 */
const FULL_RATE_SPACING = 0.25;
/**
 * While sharing and just refused, each start waits a further random part of this many average gaps.
 * Every process re-uses its window's slots a second after the last use, so a late joiner cut to a
 * few requests/s would send them at the same phase every second: the phase where the incumbent, at
 * the full rate, has the window full. It was refused every time and the incumbent, never refused,
 * never made room (a real 2-worker run: 0 accepted for 20 s). A random phase lands some requests in
 * the moments a slot is free; the incumbent's next request there is refused, and it gives back its
 * share.
 */
const SHARED_PHASE_SPREAD = 0.5;

/** The longest Retry-After that pauses the account; longer asks fail the item (transport). */
export const MAX_RETRY_AFTER_MS = 60000;
/** A credential's Requests per Second keeps bounding the shared limiter this long after its last use. */
const RATE_MEMORY_MS = 60000;

export class RateLimiter {
	/** Requests that may still be counted in a window, oldest first. */
	private readonly started: StartedRequest[] = [];

	/** Recent round trips (start to answer), for the fastest one. */
	private readonly roundTrips: number[] = [];

	/** Callers waiting for their turn, first come first served. */
	private readonly queue: Array<(ticket: RateLimitTicket) => void> = [];

	/** Whether releaseInTurn is running (one loop lets the queue go). */
	private releasing = false;

	/** When the last request was let go. */
	private lastStartAt = -Infinity;

	private pausedUntil = 0;

	private currentRate: number;

	private last429At = -Infinity;

	private lastDecreaseAt = -Infinity;

	private lastIncreaseAt = -Infinity;

	/** When the last request was let go on a bet (expectedWindowWaitMs) rather than a sure slot. */
	private lastBetAt = -Infinity;

	/** No bets until then (refusedWhileBetting). */
	private betsPausedUntil = -Infinity;

	/** When recent 429s while betting reached a window short of our own requests. */
	private readonly shortWindowsAt: number[] = [];

	/** Whether each of the last RECENT_ANSWERS answers was a 429. */
	private readonly recentAnswers: boolean[] = [];

	/** Whether the last answer was a 429. */
	private get refusedLast(): boolean {
		return this.recentAnswers[this.recentAnswers.length - 1] === true;
	}

	/** Requests per Second of each credential that used this limiter recently, and when. */
	private readonly ceilings = new Map<number, number>();

	private readonly answerWaiters: Array<() => void> = [];

	/** Last acquire or answer, on the limiter's clock (monotonicNow by default): idle ones are dropped. */
	lastUsedAt: number;

	/**
	 * Margin added to every window: 2 ms to start with (each ms of margin costs 0.1 % of the limit,
	 * 10 ms cost a single process 1 % in the benchmark). It grows by 10 ms with each isolated 429 at
	 * the full rate (up to 100 ms) and returns to its base after 30 s without a 429: it learns how
	 * much later than estimated requests reach the gateway (a busy event loop, the network's delay).
	 */
	windowGuardMs: number;

	constructor(
		requestsPerSecond: number,
		private readonly now: () => number = monotonicNow,
		readonly baseWindowGuardMs = 2,
		private readonly random: () => number = Math.random,
	) {
		this.windowGuardMs = baseWindowGuardMs;
		this.currentRate = requestsPerSecond;
		this.lastUsedAt = this.now();
		this.ceilings.set(requestsPerSecond, this.lastUsedAt);
	}

	/** The configured ceiling: the lowest Requests per Second among credentials seen recently. */
	get requestsPerSecond(): number {
		const now = this.now();
		let lowest = Infinity;
		for (const [rate, seenAt] of this.ceilings) {
			if (now - seenAt > RATE_MEMORY_MS && this.ceilings.size > 1) this.ceilings.delete(rate);
			else lowest = Math.min(lowest, rate);
		}
		return lowest;
	}

	/** A credential with this Requests per Second is about to use the limiter. */
	useRate(requestsPerSecond: number): void {
		this.ceilings.set(requestsPerSecond, this.now());
		const ceiling = this.requestsPerSecond;
		if (this.currentRate > ceiling) this.currentRate = ceiling;
	}

	/** Below the ceiling: the process knows it shares the account with others. */
	private get sharing(): boolean {
		return this.currentRate < this.requestsPerSecond;
	}

	/** The smallest gap between two starts (FULL_RATE_SPACING, SHARED_SPACING). */
	get minSpacingMs(): number {
		const gaps = this.sharing ? SHARED_SPACING : FULL_RATE_SPACING;
		return (1000 * gaps) / this.currentRate;
	}

	/** Requests per second this process currently allows itself (≤ the ceiling). */
	get rate(): number {
		return this.currentRate;
	}

	/** Until when every caller is held back by a Retry-After (0 when not paused). */
	get pausedUntilMs(): number {
		return this.pausedUntil;
	}

	private nextAnswer(): Promise<void> {
		return new Promise((resolve) => this.answerWaiters.push(resolve));
	}

	/**
	 * Resolves when the caller may send its request. Callers wait in one queue, first come first
	 * served, and only the first of them waits on the clock: spacing and window are worked out with
	 * the rate of the moment each one is let go. (Slots reserved in advance for every caller kept a
	 * process that had been cut to 2 requests/s at that pace for seconds after its rate had climbed
	 * back: 25 callers × 400 ms.)
	 */
	acquire(): Promise<RateLimitTicket> {
		this.lastUsedAt = this.now();
		return new Promise((resolve) => {
			this.queue.push(resolve);
			if (!this.releasing) void this.releaseInTurn();
		});
	}

	private async releaseInTurn(): Promise<void> {
		this.releasing = true;
		try {
			let spaced = false;
			let phased = false;
			while (this.queue.length > 0) {
				const startAt = this.now();
				if (this.pausedUntil > startAt) {
					// Lifted early by a success (see onSuccess), hence the race with the next answer; short
					// timers, so no long one is left behind when the race is won by an answer.
					await Promise.race([
						sleepMs(Math.min(250, this.pausedUntil - startAt)),
						this.nextAnswer(),
					]);
					continue;
				}
				// Concurrent callers are spread out (minSpacingMs apart), once per caller.
				const spacingMs = this.lastStartAt + this.minSpacingMs - startAt;
				if (!spaced && spacingMs > 0) {
					spaced = true;
					await sleepMs(spacingMs);
					continue;
				}
				// The window is checked on real start times and the latest estimates: timers fire late on
				// a busy event loop, and answers that arrived meanwhile may have moved the window back.
				const fastest = fastestRoundTrip(this.roundTrips);
				// Kept for two windows: a 429's answer is judged against the window it reached (refusedWhileBetting).
				pruneCounted(this.started, startAt - 2 * WINDOW_MS - this.windowGuardMs, fastest);
				let wait = windowWaitMs(
					this.started,
					this.currentRate,
					startAt,
					this.windowGuardMs,
					fastest,
				);
				// Alone at the full rate: bet on our own delay (see the DESIGN note, "Arrival jitter").
				let bet = false;
				if (wait > 0 && !this.sharing && startAt >= this.betsPausedUntil) {
					wait = expectedWindowWaitMs(
						this.started,
						this.currentRate,
						startAt,
						this.windowGuardMs,
						fastest,
						latenessOf(this.roundTrips),
						BET_MARGIN,
						wait,
					);
					bet = wait <= 0;
				}
				if (wait <= 0) {
					// Just refused while sharing: a random phase, once per caller (SHARED_PHASE_SPREAD).
					if (!phased && this.refusedLast && this.sharing) {
						phased = true;
						const phaseMs = (this.random() * SHARED_PHASE_SPREAD * 1000) / this.currentRate;
						if (phaseMs >= 1) {
							await sleepMs(phaseMs);
							continue;
						}
					}
					const request: StartedRequest = { startedAt: startAt };
					if (bet) this.lastBetAt = startAt;
					this.started.push(request);
					this.lastStartAt = startAt;
					spaced = false;
					phased = false;
					const release = this.queue.shift() as (ticket: RateLimitTicket) => void;
					release({
						startedAt: startAt,
						answered: (statusCode?: number, retryAfterMs?: number) =>
							this.onAnswer(request, statusCode, retryAfterMs),
					});
					continue;
				}
				// Only an answer can open the window: wait for one (checking again every 250 ms).
				await (wait === Infinity ? Promise.race([this.nextAnswer(), sleepMs(250)]) : sleepMs(wait));
			}
		} finally {
			this.releasing = false;
		}
	}

	private onAnswer(request: StartedRequest, statusCode?: number, retryAfterMs = 0): void {
		if (request.answeredAt !== undefined) return;
		const now = this.now();
		request.answeredAt = now;
		this.lastUsedAt = now;
		this.roundTrips.push(now - request.startedAt);
		if (this.roundTrips.length > 100) this.roundTrips.shift();
		if (statusCode !== undefined) {
			this.recentAnswers.push(statusCode === 429);
			if (this.recentAnswers.length > RECENT_ANSWERS) this.recentAnswers.shift();
		}
		if (statusCode === 429) {
			request.rejected = true;
			this.onRateLimited(retryAfterMs, this.refusedWhileBetting(request, now));
		} else if (statusCode !== undefined && statusCode < 500) {
			this.onSuccess();
		}
		const waiters = this.answerWaiters.splice(0);
		for (const wake of waiters) wake();
	}

	/**
	 * The gateway said 429: another process or system shares the account (see the DESIGN note).
	 * Overload: drop at once towards what the gateway took from us; mild: give back in proportion
	 * to our share. Honour a Retry-After of up to 60 s as a pause for every caller.
	 */
	onRateLimited(retryAfterMs = 0, whileBetting = false): void {
		const now = this.now();
		// Drawn while betting: judged by refusedWhileBetting, never a congestion signal.
		if (whileBetting) {
			this.pauseFor(now, retryAfterMs);
			return;
		}
		// No other 429 within ISOLATED_429_MS (so none in this window either).
		const isolated = now - this.last429At > ISOLATED_429_MS;
		this.last429At = now;
		const atCeiling = this.currentRate >= this.requestsPerSecond;
		// A lone 429 at the full rate says our estimate of when requests reach the gateway was early:
		// widen the margin, and that is all.
		const windowEdge = atCeiling && isolated;
		if (windowEdge) this.windowGuardMs = Math.min(100, this.windowGuardMs + 10);
		if (!windowEdge) {
			const refusedRecently = this.recentAnswers.filter(Boolean).length;
			const overloadNow =
				this.recentAnswers.length >= RECENT_ANSWERS && refusedRecently * 2 >= RECENT_ANSWERS;
			if (overloadNow || now - this.lastDecreaseAt >= CUT_HOLD_MS) this.cut(now, overloadNow);
		}
		this.pauseFor(now, retryAfterMs);
	}

	private pauseFor(now: number, retryAfterMs: number): void {
		if (retryAfterMs > 0) {
			const until = now + Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
			if (until > this.pausedUntil) this.pausedUntil = until;
		}
	}

	/**
	 * A 429 while we bet on our delay: it is not taken for congestion. Any request can be the one
	 * refused (a later bet that arrived first took its place), so this looks at the bets around it, not
	 * at whether it was one. If the window it reached held our full rate (OWN_BET_TOLERANCE), our own
	 * bet lost. If not, someone else may have taken places, or our estimates of that window are off (a
	 * network whose answers come back at uneven delays): bets stop for BET_PAUSE_MS, and the 429s drawn
	 * on sure places from then on tell which (another process draws them, the rules above apply).
	 */
	private refusedWhileBetting(request: StartedRequest, now: number): boolean {
		if (this.sharing || this.lastBetAt < request.startedAt - WINDOW_MS) return false;
		const ours = countedInWindowOf(this.started, request, fastestRoundTrip(this.roundTrips));
		if (ours < Math.floor(this.currentRate) - OWN_BET_TOLERANCE) {
			this.shortWindowsAt.push(now);
			while (this.shortWindowsAt[0] <= now - SHORT_WINDOWS_MS) this.shortWindowsAt.shift();
			if (this.shortWindowsAt.length >= SHORT_WINDOWS) this.betsPausedUntil = now + BET_PAUSE_MS;
		}
		return true;
	}

	private cut(now: number, overloadNow: boolean): void {
		const ceiling = this.requestsPerSecond;
		const fastest = fastestRoundTrip(this.roundTrips);
		const { accepted, refused } = answeredInLastWindow(this.started, now, fastest);
		const refusedShare = refused / Math.max(1, accepted + refused);
		let next: number;
		if (overloadNow || refusedShare > OVERLOAD_REFUSED_SHARE) {
			// What the gateway took from us (at most halving per step: a process that started a moment
			// ago has not filled a window yet), not below 5 % of the ceiling while above it.
			const took = Math.max(this.currentRate * 0.5, accepted);
			next = Math.max(
				took * OVERLOAD_KEEP,
				Math.min(this.currentRate, ceiling * MIN_SHARE_OF_CEILING),
			);
		} else {
			next = this.currentRate * (1 - (SHARE_CUT * accepted) / ceiling);
		}
		this.currentRate = Math.min(ceiling, Math.max(1, Math.min(this.currentRate, next)));
		this.lastDecreaseAt = now;
		this.lastIncreaseAt = now;
	}

	/** A request got through: lift any pause, and climb back towards the ceiling. */
	onSuccess(): void {
		const now = this.now();
		this.pausedUntil = 0;
		if (now - this.last429At > 30000) this.windowGuardMs = this.baseWindowGuardMs;
		const ceiling = this.requestsPerSecond;
		if (this.currentRate >= ceiling) {
			this.currentRate = ceiling;
			this.lastIncreaseAt = now;
			return;
		}
		const quietMs = now - this.last429At;
		if (quietMs < WINDOW_MS) {
			this.lastIncreaseAt = now;
			return;
		}
		// 2 requests/s per second while 429s are recent (gentle probing near the shared limit); after
		// 2 s without a 429 the others are probably gone, and the step doubles every further second.
		const growthPerSecond =
			CLIMB_STEP * 2 ** Math.max(0, (quietMs - CLIMB_FAST_AFTER_MS) / WINDOW_MS);
		const elapsed = Math.max(0, now - Math.max(this.lastIncreaseAt, this.last429At + WINDOW_MS));
		this.currentRate = Math.min(
			ceiling,
			this.currentRate + (growthPerSecond * elapsed) / WINDOW_MS,
		);
		this.lastIncreaseAt = now;
	}
}
