import { RECENT_ANSWERS, type RequestLog, WINDOW_MS, answeredInLastWindow } from './gatewayWindow';

// Congestion control: the rate one process allows itself on a shared account, cut on 429 and climbing
// back when they stop, the way TCP senders share a link (docs/rate-limiting.md, "Several processes").

/** Overload: more than this share of our requests in the last window refused (or half the last 10). */
const OVERLOAD_REFUSED_SHARE = 0.15;
/** An overload cut leaves this much of what the gateway took from us. */
const OVERLOAD_KEEP = 0.9;
/** An overload cut does not go below this share of the ceiling (a late joiner is not starved). */
const MIN_SHARE_OF_CEILING = 0.05;
/** A mild cut is this × our share of the account (shares even out; 0.3 and 0.4 were slower). */
const SHARE_CUT = 0.2;
/** No two mild cuts closer than this. */
const CUT_HOLD_MS = 500;
/** A 429 at the full rate is a window edge only when no other came within this long. */
const ISOLATED_429_MS = 5000;
/** Each window edge widens the window margin by this much, up to MAX_GUARD_MS… */
const GUARD_STEP_MS = 10;
const MAX_GUARD_MS = 100;
/** …and the margin returns to its base after this long without a 429. */
const GUARD_RESET_MS = 30000;
/** Growth in requests/s per second once a window passed without 429. */
const CLIMB_STEP = 2;
/** After this long without a 429 the growth doubles every further second. */
const CLIMB_FAST_AFTER_MS = 2000;

/** The rate of one process on one account, and the margin it adds to every window. */
export class CongestionControl {
	/** Requests per second this process allows itself now (≤ the ceiling). */
	rate: number;

	/**
	 * Margin added to every window, in ms: it learns how much later than estimated requests reach the
	 * gateway (a busy event loop, the network). Each ms of margin costs about 0.1 % of the limit.
	 */
	windowGuardMs: number;

	private last429At = -Infinity;

	private lastDecreaseAt = -Infinity;

	private lastIncreaseAt = -Infinity;

	constructor(
		rate: number,
		private readonly baseWindowGuardMs: number,
	) {
		this.rate = rate;
		this.windowGuardMs = baseWindowGuardMs;
	}

	/** Below the ceiling: the process knows it shares the account with others. */
	sharing(ceiling: number): boolean {
		return this.rate < ceiling;
	}

	/**
	 * The ceiling moved (ceiling.ts): a rate at the old ceiling follows it up or down; a rate below it,
	 * cut by 429s, stays where it is unless the new ceiling is lower still.
	 */
	ceilingMoved(from: number, to: number): void {
		if (this.rate >= from || this.rate > to) this.rate = to;
	}

	/**
	 * A 429 that may mean someone else takes places (not one drawn while betting). A lone one at the
	 * full rate is a window edge: widen the margin, nothing more. Otherwise cut: at once towards what the
	 * gateway took from us when overloaded, else in proportion to our share, at most once per 500 ms.
	 */
	refused(now: number, ceiling: number, log: RequestLog): void {
		const isolated = now - this.last429At > ISOLATED_429_MS;
		this.last429At = now;
		if (this.rate >= ceiling && isolated) {
			this.windowGuardMs = Math.min(MAX_GUARD_MS, this.windowGuardMs + GUARD_STEP_MS);
			return;
		}
		const refusedRecently = log.recentAnswers.filter(Boolean).length;
		const overloadNow =
			log.recentAnswers.length >= RECENT_ANSWERS && refusedRecently * 2 >= RECENT_ANSWERS;
		if (overloadNow || now - this.lastDecreaseAt >= CUT_HOLD_MS) {
			this.cut(now, ceiling, overloadNow, log);
		}
	}

	private cut(now: number, ceiling: number, overloadNow: boolean, log: RequestLog): void {
		const { accepted, refused } = answeredInLastWindow(log.started, now, log.fastest);
		const refusedShare = refused / Math.max(1, accepted + refused);
		let next: number;
		if (overloadNow || refusedShare > OVERLOAD_REFUSED_SHARE) {
			// What the gateway took from us, at most halving per step (a process that started a moment
			// ago has not filled a window yet), not below 5 % of the ceiling while above it.
			const took = Math.max(this.rate * 0.5, accepted);
			next = Math.max(took * OVERLOAD_KEEP, Math.min(this.rate, ceiling * MIN_SHARE_OF_CEILING));
		} else {
			next = this.rate * (1 - (SHARE_CUT * accepted) / ceiling);
		}
		this.rate = Math.min(ceiling, Math.max(1, Math.min(this.rate, next)));
		this.lastDecreaseAt = now;
		this.lastIncreaseAt = now;
	}

	/** A request got through: climb back towards the ceiling. */
	accepted(now: number, ceiling: number): void {
		if (now - this.last429At > GUARD_RESET_MS) this.windowGuardMs = this.baseWindowGuardMs;
		if (this.rate >= ceiling) {
			this.rate = ceiling;
			this.lastIncreaseAt = now;
			return;
		}
		const quietMs = now - this.last429At;
		if (quietMs < WINDOW_MS) {
			this.lastIncreaseAt = now;
			return;
		}
		// 2 requests/s per second while 429s are recent (gentle probing near the shared limit); after
		// 2 s without a 429 the others are probably gone, and the step doubles every further second.
		const growthPerSecond =
			CLIMB_STEP * 2 ** Math.max(0, (quietMs - CLIMB_FAST_AFTER_MS) / WINDOW_MS);
		const elapsed = Math.max(0, now - Math.max(this.lastIncreaseAt, this.last429At + WINDOW_MS));
		// No time, no growth (an unbounded growth times 0 would make the rate NaN).
		if (elapsed > 0) {
			this.rate = Math.min(ceiling, this.rate + (growthPerSecond * elapsed) / WINDOW_MS);
		}
		this.lastIncreaseAt = now;
	}
}
