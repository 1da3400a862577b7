import type { StartRule } from './accountPacer';
import {
	countedInWindowOf,
	fastestRoundTrip,
	inFlightAndCounted,
	type RequestLog,
	type StartedRequest,
	WINDOW_MS,
} from './gatewayWindow';

// Optimistic starts: a process alone at the full rate lets a request go before the window surely has
// room, betting on its own delay to the gateway (docs/rate-limiting.md, "Optimistic starts"). To pace
// on sure places only, turn OPTIMISTIC_STARTS off; to remove them, delete this file and the two lines
// of pacing/index.ts that name optimisticStarts.

/** The switch: false paces on sure places only (no 429, about 3 % of the limit less with jitter). */
export const OPTIMISTIC_STARTS = true;

/** Places the expected count must leave free (docs/rate-limiting.md: margins 0–4 measured). */
const BET_MARGIN = 2;
/** A 429's window held our full rate minus at most this many of our requests: our own bet lost. */
const OWN_BET_TOLERANCE = 1;
/** This many 429s within SHORT_WINDOWS_MS whose window was short of our requests stop the bets… */
const SHORT_WINDOWS = 4;
const SHORT_WINDOWS_MS = 1000;
/** …for this long; then the 429s on sure places tell another process from a noisy network. */
const BET_PAUSE_MS = 10000;

/** How much later than the fastest one each recent round trip came back, in ascending order. */
function latenessOf(roundTrips: number[]): number[] {
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
 * windowWaitMs's answer; with arrival jitter it lets a request go before the window surely has room.
 * `conservativeWaitMs` (windowWaitMs's answer) bounds it.
 */
function expectedWindowWaitMs(
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

/** The start rule of a new pacer: bets when `enabled` (by default the switch), none otherwise. */
export function optimisticStarts(enabled = OPTIMISTIC_STARTS): StartRule | undefined {
	return enabled ? new OptimisticStarts() : undefined;
}

/** The bets of one process on one account: when it may bet, and how it reads a 429 drawn meanwhile. */
export class OptimisticStarts implements StartRule {
	/** When the last request was let go on a bet rather than a sure place. */
	private lastBetAt = -Infinity;

	/** No bets until then. */
	private betsPausedUntil = -Infinity;

	/** When recent 429s drawn while betting reached a window short of our own requests. */
	private readonly shortWindowsAt: number[] = [];

	waitMs(
		log: RequestLog,
		rate: number,
		now: number,
		guardMs: number,
		fastest: number,
		sureWaitMs: number,
	): number {
		if (now < this.betsPausedUntil) return sureWaitMs;
		const lateness = latenessOf(log.roundTrips);
		return expectedWindowWaitMs(
			log.started,
			rate,
			now,
			guardMs,
			fastest,
			lateness,
			BET_MARGIN,
			sureWaitMs,
		);
	}

	betMade(at: number): void {
		this.lastBetAt = at;
	}

	/**
	 * Any request may be the refused one (a later bet that arrived first took its place), so this asks
	 * whether bets were made around it, not whether it was one. If its window held our full rate, our
	 * own bet lost; if not, another process or uneven answer delays: enough of those stop the bets.
	 */
	refusedWhileBetting(
		log: RequestLog,
		request: StartedRequest,
		rate: number,
		now: number,
	): boolean {
		if (this.lastBetAt < request.startedAt - WINDOW_MS) return false;
		const ours = countedInWindowOf(log.started, request, log.fastest);
		if (ours < Math.floor(rate) - OWN_BET_TOLERANCE) {
			this.shortWindowsAt.push(now);
			while (this.shortWindowsAt[0] <= now - SHORT_WINDOWS_MS) this.shortWindowsAt.shift();
			if (this.shortWindowsAt.length >= SHORT_WINDOWS) this.betsPausedUntil = now + BET_PAUSE_MS;
		}
		return true;
	}
}
