import { monotonicNow } from './delays';
import { RateLimiter } from './rateLimiter';

// One rate limiter per Agora account in this process, dropped when idle (see the DESIGN note in
// rateLimiter.ts, "Keys").

const IDLE_EVICT_MS = 10 * 60 * 1000;
const MAX_LIMITERS = 1000;
const limiters = new Map<string, RateLimiter>();
let lastSweepAt = 0;

/**
 * Drops limiters idle for 10 minutes and keeps at most 1,000. The idle sweep runs at most once a
 * minute unless `force` (tests pass a future `now`). `now` is on the limiters' clock, `monotonicNow()`.
 */
export function dropIdleRateLimiters(now: number, force = false): void {
	if (force || now - lastSweepAt >= 60000) {
		lastSweepAt = now;
		for (const [key, limiter] of limiters) {
			if (now - limiter.lastUsedAt > IDLE_EVICT_MS) limiters.delete(key);
		}
	}
	while (limiters.size > MAX_LIMITERS) {
		// Map order is insertion order and getRateLimiter re-inserts on use: the first is least recent.
		const oldest = limiters.keys().next().value as string;
		limiters.delete(oldest);
	}
}

/**
 * One limiter per Agora account (Customer ID + API host), shared by every execution in this
 * process. Credentials with different Requests per Second on one account share it: the lower wins.
 */
export function getRateLimiter(accountKey: string, requestsPerSecond: number): RateLimiter {
	let limiter = limiters.get(accountKey);
	if (limiter) {
		limiters.delete(accountKey);
		limiter.useRate(requestsPerSecond);
	} else {
		limiter = new RateLimiter(requestsPerSecond);
	}
	limiters.set(accountKey, limiter);
	dropIdleRateLimiters(monotonicNow());
	return limiter;
}

/** Whether the process holds a limiter for this account (for tests of the eviction). */
export function hasRateLimiter(accountKey: string): boolean {
	return limiters.has(accountKey);
}

/** How many limiters the process holds. */
export function rateLimiterCount(): number {
	return limiters.size;
}
