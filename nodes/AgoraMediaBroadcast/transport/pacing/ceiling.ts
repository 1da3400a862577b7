// The ceiling: the most requests per second one account may get from this process, from the Requests
// per Second of the credentials that used it recently (docs/rate-limiting.md, "Ceiling").

/** A credential's Requests per Second keeps bounding the account this long after its last use. */
const RATE_MEMORY_MS = 60000;

/** The Requests per Second of the credentials that used one account recently: the lowest wins. */
export class RateCeiling {
	/** Requests per Second → when a credential with it last used the account. */
	private readonly seen = new Map<number, number>();

	constructor(requestsPerSecond: number, now: number) {
		this.seen.set(requestsPerSecond, now);
	}

	/** A credential with this Requests per Second is about to use the account. */
	use(requestsPerSecond: number, now: number): void {
		this.seen.set(requestsPerSecond, now);
	}

	/** The ceiling at `now`: the lowest Requests per Second among credentials seen recently. */
	value(now: number): number {
		let lowest = Infinity;
		for (const [rate, seenAt] of this.seen) {
			if (now - seenAt > RATE_MEMORY_MS && this.seen.size > 1) this.seen.delete(rate);
			else lowest = Math.min(lowest, rate);
		}
		return lowest;
	}
}
