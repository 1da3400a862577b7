import { sleep } from 'n8n-workflow';

// Timers and backoff shared by the rate limiter and the transport's retries.

/**
 * Milliseconds on a clock that only moves forward (`performance.now()`), for pacing and time budgets.
 * The wall clock can be stepped (NTP, a virtual machine resumed): in a real 2-worker benchmark run
 * `Date.now()` jumped 3.9 s ahead, every window looked expired at once, and 28 requests drew 429; a
 * step back would have held every request until the wall clock caught up.
 */
export function monotonicNow(): number {
	return performance.now();
}

/** Node's timers overflow above this and then fire at once (TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** `sleep` with the delay clamped to what a timer can hold. */
export async function sleepMs(ms: number): Promise<void> {
	await sleep(Math.min(MAX_TIMER_MS, Math.max(0, Math.ceil(ms))));
}

/** Full-jitter exponential backoff: a random delay in [0, min(cap, base * 2^attempt)], never below `floorMs`. */
export function backoffDelayMs(attempt: number, floorMs = 0, baseMs = 100, capMs = 8000): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
	return Math.max(floorMs, Math.random() * ceiling);
}
