import { sleep } from 'n8n-workflow';

/**
 * Paces request starts for one Agora account (Customer ID + host) across every execution in this
 * n8n process.
 *
 * Agora's gateway counts at most 50 requests in any sliding one-second window per Customer ID. The
 * limiter keeps the same rule on its side with a guard: no more than `rate` starts in any
 * (1000 ms + guard). The guard absorbs the jitter between our start and the gateway's count (network,
 * a busy event loop). Starts are also spaced at least `minSpacingMs` apart so a batch is never fired
 * as one burst. Each start slot is reserved synchronously, so concurrent callers never share one, and
 * corrected to the real start time when a timer fires late, so the window holds for what was sent.
 *
 * When the server keeps answering 429 (another worker or system shares the account) the rate drops
 * (multiplicative decrease) and, if the server said how long to wait (Retry-After), every caller
 * holds back that long; successes climb back to the configured rate (additive increase). Several
 * n8n workers in queue mode converge under the account limit this way without a shared store.
 */
export class RateLimiter {
	/** Reserved (then actual) start times of the most recent requests, oldest first. */
	private readonly starts: Array<{ at: number }> = [];

	/** Real start times of the most recent requests, oldest first. */
	private readonly actualStarts: number[] = [];

	private lastSlot = -Infinity;

	private pausedUntil = 0;

	private lastDecreaseAt = -Infinity;

	private readonly recent429s: number[] = [];

	private currentRate: number;

	constructor(
		readonly requestsPerSecond: number,
		private readonly now: () => number = () => Date.now(),
		readonly windowGuardMs = 50,
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

	/** Resolves when the caller may send its request. */
	async acquire(): Promise<void> {
		const now = this.now();
		const perWindow = Math.max(1, Math.floor(this.currentRate));
		const windowOpensAt =
			this.starts.length >= perWindow
				? this.starts[this.starts.length - perWindow].at + 1000 + this.windowGuardMs
				: -Infinity;
		const slot = Math.max(now, this.pausedUntil, this.lastSlot + this.minSpacingMs, windowOpensAt);
		const start = { at: slot };
		this.starts.push(start);
		if (this.starts.length > this.requestsPerSecond) this.starts.shift();
		this.lastSlot = slot;
		if (slot > now) await sleep(slot - now);
		// Timers fire late when the event loop is busy, and callers woken late would start in a bunch.
		// So the window is checked again on the real start times before going.
		for (;;) {
			const actual = this.now();
			const perWindowNow = Math.max(1, Math.floor(this.currentRate));
			const oldest = this.actualStarts[this.actualStarts.length - perWindowNow];
			const opensAt = oldest === undefined ? actual : oldest + 1000 + this.windowGuardMs;
			if (opensAt <= actual) {
				this.actualStarts.push(actual);
				if (this.actualStarts.length > this.requestsPerSecond) this.actualStarts.shift();
				// Later reservations count from the real start.
				if (actual > start.at) start.at = actual;
				return;
			}
			await sleep(opensAt - actual);
		}
	}

	/**
	 * The server said 429: slow down and, when the server said how long to wait (Retry-After), hold
	 * every caller back that long.
	 */
	onRateLimited(retryAfterMs = 0): void {
		const now = this.now();
		this.recent429s.push(now);
		while (this.recent429s.length && now - this.recent429s[0] > 1000) this.recent429s.shift();
		// An isolated 429 is jitter at a window's edge (e.g. the first request of a run reaching the
		// gateway late): retrying it costs one slot. Several in one second mean someone else shares the
		// account (more than a tenth of the rate): slow down, once per second.
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
