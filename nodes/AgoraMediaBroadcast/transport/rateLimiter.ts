import { sleep } from 'n8n-workflow';

/** What the transport tells the limiter about one request once Agora has answered. */
export interface RateLimitTicket {
	/** When the request was let go (ms since the epoch). */
	readonly startedAt: number;
	/** Call when the response arrived (any status): it bounds when the gateway counted the request. */
	answered(): void;
}

interface StartedRequest {
	startedAt: number;
	answeredAt?: number;
}

/**
 * Paces request starts for one Agora account (Customer ID + host) across every execution in this
 * n8n process.
 *
 * Agora's gateway counts at most 50 requests in any sliding one-second window per Customer ID, at the
 * moment each request reaches it. The limiter keeps the same rule on its side: a request starts only
 * when the request `rate` places before it was counted more than (1000 ms + guard) ago. When that
 * earlier request was counted is estimated from its answer: no later than `answeredAt − fastest round
 * trip seen`, and no earlier than its start. So a request that was slow to reach the gateway (the
 * first of a run opens a connection, a busy event loop delays a send) pushes the window back by its
 * delay instead of letting the next window start early and draw a 429. The guard absorbs the rest.
 * Starts are also spaced at least `minSpacingMs` apart so a batch is never fired as one burst.
 *
 * When the server keeps answering 429 (another worker or system shares the account) the rate drops
 * (multiplicative decrease) and, if the server said how long to wait (Retry-After), every caller holds
 * back that long; successes climb back to the configured rate (additive increase). Several n8n
 * workers in queue mode converge under the account limit this way without a shared store.
 */
export class RateLimiter {
	/** The most recent requests, oldest first. */
	private readonly started: StartedRequest[] = [];

	private nextSlot = -Infinity;

	private pausedUntil = 0;

	private currentRate: number;

	private lastDecreaseAt = -Infinity;

	private readonly recent429s: number[] = [];

	constructor(
		readonly requestsPerSecond: number,
		private readonly now: () => number = () => Date.now(),
		readonly windowGuardMs = 20,
	) {
		this.currentRate = requestsPerSecond;
	}

	/** The smallest gap between two starts: half the average gap at the current rate. */
	get minSpacingMs(): number {
		return 500 / this.currentRate;
	}

	get rate(): number {
		return this.currentRate;
	}

	/** The fastest answer among recent requests: start to answer, in ms. */
	private fastestRoundTrip(): number | undefined {
		let fastest: number | undefined;
		for (const request of this.started) {
			if (request.answeredAt === undefined) continue;
			const roundTrip = request.answeredAt - request.startedAt;
			if (fastest === undefined || roundTrip < fastest) fastest = roundTrip;
		}
		return fastest;
	}

	/** Latest moment the gateway can have counted this request (its start while unanswered). */
	private countedBy(request: StartedRequest, fastest: number | undefined): number {
		if (request.answeredAt === undefined || fastest === undefined) return request.startedAt;
		return Math.max(request.startedAt, request.answeredAt - fastest);
	}

	/** When the window lets one more request start: `undefined` when it already does. */
	private windowOpensAt(): number | undefined {
		const perWindow = Math.max(1, Math.floor(this.currentRate));
		const earlier = this.started[this.started.length - perWindow];
		if (!earlier) return undefined;
		return this.countedBy(earlier, this.fastestRoundTrip()) + 1000 + this.windowGuardMs;
	}

	/** Resolves when the caller may send its request. */
	async acquire(): Promise<RateLimitTicket> {
		// A provisional slot, reserved synchronously, spreads concurrent callers out in call order.
		const now = this.now();
		const slot = Math.max(now, this.nextSlot, this.pausedUntil);
		this.nextSlot = slot + this.minSpacingMs;
		if (slot > now) await sleep(slot - now);
		// The window is checked on real start times and the latest estimates: timers fire late on a
		// busy event loop, and answers that arrived meanwhile may have moved the window back.
		for (;;) {
			const startAt = this.now();
			const opensAt = Math.max(this.windowOpensAt() ?? startAt, this.pausedUntil);
			if (opensAt <= startAt) {
				const request: StartedRequest = { startedAt: startAt };
				this.started.push(request);
				if (this.started.length > this.requestsPerSecond) this.started.shift();
				return {
					startedAt: startAt,
					answered: () => {
						if (request.answeredAt === undefined) request.answeredAt = this.now();
					},
				};
			}
			await sleep(opensAt - startAt);
		}
	}

	/**
	 * The server said 429: when it keeps saying so, slow down; when it said how long to wait
	 * (Retry-After), hold every caller back that long.
	 */
	onRateLimited(retryAfterMs = 0): void {
		const now = this.now();
		this.recent429s.push(now);
		while (this.recent429s.length && now - this.recent429s[0] > 1000) this.recent429s.shift();
		// A few 429s are jitter at a window's edge: retrying costs a slot each. More than a tenth of the
		// rate in one second means someone else shares the account: slow down, once per second.
		if (
			this.recent429s.length >= Math.max(3, this.requestsPerSecond / 10) &&
			now - this.lastDecreaseAt >= 1000
		) {
			this.currentRate = Math.max(1, this.currentRate * 0.8);
			this.lastDecreaseAt = now;
		}
		if (retryAfterMs > 0) {
			const until = now + retryAfterMs;
			if (until > this.pausedUntil) this.pausedUntil = until;
		}
	}

	/** A request got through: climb back towards the configured rate. */
	onSuccess(): void {
		if (this.currentRate < this.requestsPerSecond) {
			this.currentRate = Math.min(this.requestsPerSecond, this.currentRate + 1);
		}
	}
}

const limiters = new Map<string, RateLimiter>();

/** One limiter per account and rate, shared by every execution in this process. */
export function getRateLimiter(accountKey: string, requestsPerSecond: number): RateLimiter {
	const key = `${accountKey}|${requestsPerSecond}`;
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new RateLimiter(requestsPerSecond);
		limiters.set(key, limiter);
	}
	return limiter;
}

/** Full-jitter exponential backoff: a random delay in [0, min(cap, base * 2^attempt)], never below `floorMs`. */
export function backoffDelayMs(attempt: number, floorMs = 0, baseMs = 100, capMs = 8000): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
	return Math.max(floorMs, Math.random() * ceiling);
}
