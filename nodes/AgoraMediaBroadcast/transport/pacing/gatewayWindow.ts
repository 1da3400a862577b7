// The guaranteed slot: what one process knows of its own requests (when each started and was answered,
// round trips, the last answers) and, from that, which of them the gateway may still count in its
// one-second window and how long until one more may surely start (docs/rate-limiting.md, "One process").

/** One request this process let go, as the gateway's window sees it. */
export interface StartedRequest {
	startedAt: number;
	answeredAt?: number;
	/** Answered 429: the gateway did not count it (nor does windowWaitMs; the cuts still see it). */
	rejected?: boolean;
}

/** One second: Agora's window. */
export const WINDOW_MS = 1000;
/** Round trips kept for the fastest one (and the optimistic start's spread of delays). */
const ROUND_TRIPS = 100;
/** Answers kept for the overload rule (congestion.ts). */
export const RECENT_ANSWERS = 10;

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
 * the gateway counted each answered one. Answered 429: the gateway did not count it, so neither do we.
 */
export function inFlightAndCounted(
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

/** One process's requests on one account, as the pacing needs them. */
export class RequestLog {
	/** Requests that may still be counted in a window, oldest first. */
	readonly started: StartedRequest[] = [];

	/** Recent round trips (start to answer), oldest first. */
	readonly roundTrips: number[] = [];

	/** Whether each of the last RECENT_ANSWERS answers was a 429, oldest first. */
	readonly recentAnswers: boolean[] = [];

	/** The fastest recent round trip: how long after its start a request is counted, at the latest. */
	get fastest(): number {
		return fastestRoundTrip(this.roundTrips);
	}

	/** Whether the last answer was a 429. */
	get refusedLast(): boolean {
		return this.recentAnswers[this.recentAnswers.length - 1] === true;
	}

	start(at: number): StartedRequest {
		const request: StartedRequest = { startedAt: at };
		this.started.push(request);
		return request;
	}

	/** Records the answer to a request (`statusCode` undefined: the connection failed). */
	answer(request: StartedRequest, statusCode: number | undefined, now: number): void {
		request.answeredAt = now;
		this.roundTrips.push(now - request.startedAt);
		if (this.roundTrips.length > ROUND_TRIPS) this.roundTrips.shift();
		if (statusCode !== undefined) {
			this.recentAnswers.push(statusCode === 429);
			if (this.recentAnswers.length > RECENT_ANSWERS) this.recentAnswers.shift();
		}
		if (statusCode === 429) request.rejected = true;
	}
}
