import { sleepMs } from './delays';
import {
	acceptedInLastWindow,
	fastestRoundTrip,
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
 *    - React within one window: at the second 429 within one second (a single one is a window edge
 *      on a busy machine, and is only retried) the process measures what the gateway accepted
 *      from it during the last second (its current share) and drops to 90 % of that (never below
 *      half its rate per step, never above 90 % of it). Then it holds for one window (1 s) so the
 *      effect can show before it decides again. N processes that all send too much converge on
 *      ~90 % of the limit between them after one or two windows, not after many 0.8 steps.
 *    - Fair share: a process that sends more gets more 429s and so cuts more often (additive
 *      increase, multiplicative decrease converges on equal shares).
 *    - Climb back: after a window without 429 the rate grows by 1 request/s per second; after 3 s
 *      without a 429 that growth doubles every further second, so a worker gets the whole account
 *      back within a few seconds once the others are done, while near the limit the probing stays
 *      gentle (a few 429s per probe).
 *    - Measured with test/transport/accountSimulation.js (fake clock, gateway at 50/s, 150 ms,
 *      1,000 requests per process): 2 processes ≈ 91 % of the limit with ≈ 4 % of requests
 *      answered 429, 3 ≈ 89–90 % with ≈ 6 %, 5 ≈ 91 % with ≈ 9 % (most 429s come in the first
 *      two seconds, when every process starts at the full rate). Variants tried and dropped:
 *      scaling the cut by the share of 429s (more 429s in steady state), a step proportional to
 *      the rate (no better), doubling after 2 s (more 429s).
 *    - 429 is safe to retry for every method (Agora did nothing), so the transport retries it under
 *      a time budget (120 s per item by default) instead of an attempt count: no item fails while
 *      the processes settle.
 *
 * Pacing inside one process: a request may start only when fewer than `rate` requests can still be
 * counted by the gateway in the window it may land in. For a request that has been answered, the
 * moment the gateway counted it is estimated as `answer − fastest recent round trip` (a request that
 * was slow to arrive, because of the network or a busy event loop, moves its own window later); a
 * request still in flight counts in every window. This rule never lets the gateway see more than
 * `rate` requests in one second from this process, whatever the arrival jitter, and with jitter
 * uniform in 0–200 ms it still uses about 91 % of the limit (the bound for a pacer that draws no 429).
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
	/** When the request was let go (ms since the epoch). */
	readonly startedAt: number;
	/**
	 * Call when an answer arrived, with its status (`undefined` when the connection failed): the
	 * answer bounds when the gateway counted the request, and 429 / success steer the rate.
	 */
	answered(statusCode?: number, retryAfterMs?: number): void;
}

/** The longest Retry-After that pauses the account; longer asks fail the item (transport). */
export const MAX_RETRY_AFTER_MS = 60000;
/** A credential's Requests per Second keeps bounding the shared limiter this long after its last use. */
const RATE_MEMORY_MS = 60000;

export class RateLimiter {
	/** Requests that may still be counted in a window, oldest first. */
	private readonly started: StartedRequest[] = [];

	/** Recent round trips (start to answer), for the fastest one. */
	private readonly roundTrips: number[] = [];

	private nextSlot = -Infinity;

	private pausedUntil = 0;

	private currentRate: number;

	private last429At = -Infinity;

	private lastDecreaseAt = -Infinity;

	private lastIncreaseAt = -Infinity;

	/** Requests per Second of each credential that used this limiter recently, and when. */
	private readonly ceilings = new Map<number, number>();

	private readonly answerWaiters: Array<() => void> = [];

	/** Last acquire or answer (ms since the epoch): idle limiters are dropped. */
	lastUsedAt: number;

	/**
	 * Margin added to every window. It grows by 10 ms with each isolated 429 at the full rate (up to
	 * 100 ms) and returns to its base after 30 s without a 429: it learns how much later than
	 * estimated requests reach the gateway (a busy event loop, the network's one-way delay).
	 */
	windowGuardMs: number;

	constructor(
		requestsPerSecond: number,
		private readonly now: () => number = () => Date.now(),
		readonly baseWindowGuardMs = 10,
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

	/** The smallest gap between two starts: half the average gap at the current rate. */
	get minSpacingMs(): number {
		return 500 / this.currentRate;
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

	/** Resolves when the caller may send its request. */
	async acquire(): Promise<RateLimitTicket> {
		// A provisional slot, reserved synchronously, spreads concurrent callers out in call order.
		const now = this.now();
		this.lastUsedAt = now;
		const slot = Math.max(now, this.nextSlot);
		this.nextSlot = slot + this.minSpacingMs;
		if (slot > now) await sleepMs(slot - now);
		// The window is checked on real start times and the latest estimates: timers fire late on a
		// busy event loop, and answers that arrived meanwhile may have moved the window back.
		for (;;) {
			const startAt = this.now();
			if (this.pausedUntil > startAt) {
				// Lifted early by a success (see onSuccess), hence the race with the next answer; short
				// timers, so no long one is left behind when the race is won by an answer.
				await Promise.race([sleepMs(Math.min(250, this.pausedUntil - startAt)), this.nextAnswer()]);
				continue;
			}
			const fastest = fastestRoundTrip(this.roundTrips);
			pruneCounted(this.started, startAt - WINDOW_MS - this.windowGuardMs, fastest);
			const wait = windowWaitMs(
				this.started,
				this.currentRate,
				startAt,
				this.windowGuardMs,
				fastest,
			);
			if (wait <= 0) {
				const request: StartedRequest = { startedAt: startAt };
				this.started.push(request);
				return {
					startedAt: startAt,
					answered: (statusCode?: number, retryAfterMs?: number) =>
						this.onAnswer(request, statusCode, retryAfterMs),
				};
			}
			// Only an answer can open the window: wait for one (checking again every 250 ms).
			await (wait === Infinity ? Promise.race([this.nextAnswer(), sleepMs(250)]) : sleepMs(wait));
		}
	}

	private onAnswer(request: StartedRequest, statusCode?: number, retryAfterMs = 0): void {
		if (request.answeredAt !== undefined) return;
		const now = this.now();
		request.answeredAt = now;
		this.lastUsedAt = now;
		this.roundTrips.push(now - request.startedAt);
		if (this.roundTrips.length > 100) this.roundTrips.shift();
		if (statusCode === 429) {
			request.rejected = true;
			this.onRateLimited(retryAfterMs);
		} else if (statusCode !== undefined && statusCode < 500) {
			this.onSuccess();
		}
		const waiters = this.answerWaiters.splice(0);
		for (const wake of waiters) wake();
	}

	/**
	 * The gateway said 429: another process or system shares the account. Drop to 90 % of what the
	 * gateway accepted from us in the last window (at most halving per step), at most once per window;
	 * honour a Retry-After of up to 60 s as a pause for every caller.
	 */
	onRateLimited(retryAfterMs = 0): void {
		const now = this.now();
		// One 429 alone is a window edge (a request that reached the gateway later than estimated, on a
		// busy machine): it is retried, not a sign that someone else shares the account.
		const isolated = now - this.last429At > WINDOW_MS;
		this.last429At = now;
		// An isolated 429 at the full rate (nobody else seems to share the account) says our estimate of
		// when requests reach the gateway was early: widen the margin.
		if (isolated && this.currentRate >= this.requestsPerSecond)
			this.windowGuardMs = Math.min(100, this.windowGuardMs + 10);
		if (!isolated && now - this.lastDecreaseAt >= WINDOW_MS) {
			// What the gateway let through from us in the last second, but at most halving per step: a
			// process that started a moment ago has not filled a window yet.
			const share = Math.max(
				this.currentRate * 0.5,
				acceptedInLastWindow(this.started, now, fastestRoundTrip(this.roundTrips)),
			);
			this.currentRate = Math.min(
				this.requestsPerSecond,
				Math.max(1, Math.min(this.currentRate, share) * 0.9),
			);
			this.lastDecreaseAt = now;
			this.lastIncreaseAt = now;
		}
		if (retryAfterMs > 0) {
			const until = now + Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
			if (until > this.pausedUntil) this.pausedUntil = until;
		}
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
		// 1 request/s per second in the first quiet second, then doubling every further quiet second.
		// 1 request/s per second while 429s are recent (gentle probing near the shared limit); after
		// 3 s without a 429 the others are probably gone, and the step doubles every further second.
		const growthPerSecond = 2 ** Math.max(0, (quietMs - 3 * WINDOW_MS) / WINDOW_MS);
		const elapsed = Math.max(0, now - Math.max(this.lastIncreaseAt, this.last429At + WINDOW_MS));
		this.currentRate = Math.min(
			ceiling,
			this.currentRate + (growthPerSecond * elapsed) / WINDOW_MS,
		);
		this.lastIncreaseAt = now;
	}
}
