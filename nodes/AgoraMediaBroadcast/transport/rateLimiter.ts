import { sleep } from 'n8n-workflow';

/**
 * Paces request starts for one Agora account (Customer ID + host) across every execution in this
 * n8n process. Agora counts at most 50 requests in any one-second window per Customer ID, so starts
 * are spread evenly at (window + guard) / limit apart: a steady rate just under the limit, never a
 * burst that a sliding window on the server would reject. The guard absorbs the jitter between the
 * moment we send and the moment the gateway counts.
 *
 * When the server still answers 429 (another worker or system shares the account) the limiter
 * backs off for every caller at once: it pauses until the retry delay has passed and lowers its rate,
 * then climbs back to the configured rate as requests succeed (additive increase, multiplicative
 * decrease). Several n8n workers in queue mode converge under the account limit this way without a
 * shared store.
 */
export class RateLimiter {
	private nextStartAt = 0;

	private pausedUntil = 0;

	private currentRate: number;

	constructor(
		readonly requestsPerSecond: number,
		private readonly now: () => number = () => Date.now(),
		private readonly windowGuardMs = 15,
	) {
		this.currentRate = requestsPerSecond;
	}

	/** Milliseconds between two request starts at the current rate. */
	get spacingMs(): number {
		return (1000 + this.windowGuardMs) / this.currentRate;
	}

	get rate(): number {
		return this.currentRate;
	}

	/**
	 * Reserves the next start slot synchronously (so concurrent callers never share one), then waits
	 * for it. Resolves when the caller may send.
	 */
	async acquire(): Promise<void> {
		const now = this.now();
		const slot = Math.max(now, this.nextStartAt, this.pausedUntil);
		this.nextStartAt = slot + this.spacingMs;
		const wait = slot - now;
		if (wait > 0) await sleep(wait);
	}

	/** The server said 429: hold every caller back for `delayMs` and slow down. */
	onRateLimited(delayMs: number): void {
		const until = this.now() + delayMs;
		if (until > this.pausedUntil) this.pausedUntil = until;
		this.currentRate = Math.max(1, this.currentRate * 0.7);
		this.nextStartAt = Math.max(this.nextStartAt, this.pausedUntil);
	}

	/** A request got through: recover towards the configured rate. */
	onSuccess(): void {
		if (this.currentRate < this.requestsPerSecond) {
			this.currentRate = Math.min(this.requestsPerSecond, this.currentRate + 0.5);
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
export function backoffDelayMs(attempt: number, floorMs = 0, baseMs = 250, capMs = 8000): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
	return Math.max(floorMs, Math.random() * ceiling);
}
