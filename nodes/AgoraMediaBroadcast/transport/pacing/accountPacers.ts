import type { AccountPacer } from './accountPacer';
import { monotonicNow } from './delays';

// The pacers of this process, one per account, dropped when idle so that a process that served many
// accounts does not grow without bound (docs/rate-limiting.md, "Keys").

/** A pacer unused this long is dropped… */
const IDLE_EVICT_MS = 10 * 60 * 1000;
/** …and at most this many are kept (the least recently used go first). */
const MAX_PACERS = 1000;
/** The idle sweep runs at most this often. */
const SWEEP_EVERY_MS = 60000;

export class AccountPacers {
	/** In insertion order, and pacerFor re-inserts on use: the first is the least recently used. */
	private readonly pacers = new Map<string, AccountPacer>();

	private lastSweepAt = 0;

	/** `create` makes a new account's pacer; `now` is its clock. */
	constructor(
		private readonly create: (requestsPerSecond: number) => AccountPacer,
		private readonly now: () => number = monotonicNow,
	) {}

	/**
	 * The pacer of one account, shared by every execution in this process. Credentials with different
	 * Requests per Second on one account share it: the lower wins.
	 */
	pacerFor(accountKey: string, requestsPerSecond: number): AccountPacer {
		let pacer = this.pacers.get(accountKey);
		if (pacer) {
			this.pacers.delete(accountKey);
			pacer.useRate(requestsPerSecond);
		} else {
			pacer = this.create(requestsPerSecond);
		}
		this.pacers.set(accountKey, pacer);
		this.dropIdle(this.now());
		return pacer;
	}

	private dropIdle(now: number): void {
		if (now - this.lastSweepAt >= SWEEP_EVERY_MS) {
			this.lastSweepAt = now;
			for (const [key, pacer] of this.pacers) {
				if (now - pacer.lastUsedAt > IDLE_EVICT_MS) this.pacers.delete(key);
			}
		}
		while (this.pacers.size > MAX_PACERS) {
			this.pacers.delete(this.pacers.keys().next().value as string);
		}
	}
}
