import { sleep } from 'n8n-workflow';

// Timers and backoff shared by the pacing and the transport's retries.

/**
 * Milliseconds on a clock that only moves forward, for pacing and time budgets: the wall clock can be
 * stepped (NTP, a resumed virtual machine; docs/rate-limiting.md, "Clock").
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
export function backoffDelayMs(
	attempt: number,
	floorMs = 0,
	baseMs = 100,
	capMs = 8000,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
	return Math.max(floorMs, random() * ceiling);
}
