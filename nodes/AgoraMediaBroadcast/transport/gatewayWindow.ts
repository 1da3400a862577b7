// The pacing rule of the DESIGN note in rateLimiter.ts, as pure functions of the requests one process
// started: which of them the gateway may still count in its one-second window, and how long until one
// more may start.

/** One request this process let go, as the gateway's window sees it. */
export interface StartedRequest {
	startedAt: number;
	answeredAt?: number;
	/** Answered 429: the gateway did not count it (nor does windowWaitMs; the cuts still see it). */
	rejected?: boolean;
}

/** One second: Agora's window. */
export const WINDOW_MS = 1000;

/** The fastest recent round trip (start to answer): 0 before the first answer. */
export function fastestRoundTrip(roundTrips: number[]): number {
	return roundTrips.length ? Math.min(...roundTrips) : 0;
}

/** Estimated moment the gateway counted an answered request. */
function countedAt(request: StartedRequest, fastest: number): number {
	return Math.max(request.startedAt, (request.answeredAt as number) - fastest);
}

/**
 * Our requests as the window sees them: how many are in flight (each may count anywhere), and when
 * the gateway counted each answered one. Answered 429: the gateway did not count it, so neither do we
 * ("Accepted, not offered" in the DESIGN note of rateLimiter.ts).
 */
function inFlightAndCounted(
	started: StartedRequest[],
	fastest: number,
): { inFlight: number; counted: number[] } {
	let inFlight = 0;
	const counted: number[] = [];
	for (const request of started) {
		if (request.answeredAt === undefined) inFlight++;
		else if (!request.rejected) counted.push(countedAt(request, fastest));
	}
	return { inFlight, counted };
}

/** Drops, in place, the answered requests the gateway counted at or before `horizon`. */
export function pruneCounted(started: StartedRequest[], horizon: number, fastest: number): void {
	let keep = 0;
	for (const request of started) {
		const gone = request.answeredAt !== undefined && countedAt(request, fastest) <= horizon;
		if (!gone) started[keep++] = request;
	}
	started.length = keep;
}

/**
 * ms until one more request may start at `now`: 0 when it may, Infinity when only an answer to a
 * request in flight can open the window.
 */
export function windowWaitMs(
	started: StartedRequest[],
	rate: number,
	now: number,
	guardMs: number,
	fastest: number,
): number {
	const limit = Math.max(1, Math.floor(rate));
	const horizon = now - WINDOW_MS - guardMs;
	const split = inFlightAndCounted(started, fastest);
	const inFlight = split.inFlight;
	const counted = split.counted.filter((at) => at > horizon);
	const excess = inFlight + counted.length + 1 - limit;
	if (excess <= 0) return 0;
	if (excess > counted.length) return Infinity;
	counted.sort((a, b) => a - b);
	return Math.max(1, counted[excess - 1] - horizon);
}

/**
 * What the gateway did with this process's requests answered in the last window: how many it
 * accepted (our current share of the account) and how many it refused with 429.
 */
export function answeredInLastWindow(
	started: StartedRequest[],
	now: number,
	fastest: number,
): { accepted: number; refused: number } {
	let accepted = 0;
	let refused = 0;
	for (const request of started) {
		if (request.answeredAt === undefined) continue;
		if (countedAt(request, fastest) <= now - WINDOW_MS) continue;
		if (request.rejected) refused++;
		else accepted++;
	}
	return { accepted, refused };
}

/** How much later than the fastest one each recent round trip came back, in ascending order. */
export function latenessOf(roundTrips: number[]): number[] {
	const fastest = fastestRoundTrip(roundTrips);
	return roundTrips.map((roundTrip) => roundTrip - fastest).sort((a, b) => a - b);
}

/** Share of recent requests that came back less than `ms` later than the fastest (0 when ms ≤ 0). */
function shareEarlierThan(lateness: number[], ms: number): number {
	if (ms <= 0) return 0;
	if (lateness.length === 0) return 1;
	let low = 0;
	let high = lateness.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (lateness[middle] < ms) low = middle + 1;
		else high = middle;
	}
	return low / lateness.length;
}

/**
 * ms until one more request may start at `now` when its own delay to the gateway is taken as recent
 * requests had it, not as the shortest (windowWaitMs): an answered request counts with the chance that
 * it is still in the window when the new one arrives (the share of recent requests that came back
 * less late than the time it has left there), a request in flight counts in full, and the expected
 * count must leave `marginRequests` free. With a steady delay (every lateness 0) this is
 * windowWaitMs's answer; with arrival jitter it lets a request go before the window surely has room,
 * betting on its own delay. `conservativeWaitMs` (windowWaitMs's answer) bounds it.
 */
export function expectedWindowWaitMs(
	started: StartedRequest[],
	rate: number,
	now: number,
	guardMs: number,
	fastest: number,
	lateness: number[],
	marginRequests: number,
	conservativeWaitMs: number,
): number {
	if (conservativeWaitMs <= 0 || conservativeWaitMs === Infinity) return conservativeWaitMs;
	const limit = Math.max(1, Math.floor(rate));
	const { inFlight, counted } = inFlightAndCounted(started, fastest);
	const fits = (at: number): boolean => {
		let expected = inFlight + 1 + marginRequests;
		for (const countedTime of counted) {
			expected += shareEarlierThan(lateness, countedTime - at + WINDOW_MS + guardMs);
		}
		return expected <= limit;
	};
	if (fits(now)) return 0;
	// The expected count only falls with time: the first whole ms at which the request fits.
	let low = 1;
	let high = Math.ceil(conservativeWaitMs);
	while (low < high) {
		const middle = (low + high) >> 1;
		if (fits(now + middle)) high = middle;
		else low = middle + 1;
	}
	return high;
}

/** How many of our requests the gateway counted in the window that `request` reached (estimated). */
export function countedInWindowOf(
	started: StartedRequest[],
	request: StartedRequest,
	fastest: number,
): number {
	const at = countedAt(request, fastest);
	let counted = 0;
	for (const other of started) {
		if (other.answeredAt === undefined || other.rejected) continue;
		const countedTime = countedAt(other, fastest);
		if (countedTime > at - WINDOW_MS && countedTime <= at) counted++;
	}
	return counted;
}
