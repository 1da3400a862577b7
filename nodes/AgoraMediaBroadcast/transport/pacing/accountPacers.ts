import { createHmac, randomBytes } from 'crypto';

import type { AccountPacer } from './accountPacer';
import { monotonicNow } from './delays';

// The pacers of this process, one per account, dropped when idle so that a process that served many
// accounts does not grow without bound (docs/rate-limiting.md, "Ceiling, shares and keys").

/** An Agora account as a credential proves it: only credentials with the same secret share a pacer. */
export interface AccountCredentials {
	customerId: string;
	customerSecret: string;
	/** The API host (a proxy is another account's gateway as far as pacing goes). */
	host: string;
}

/** The key of the HMACs that name accounts: random per process, so no key can be matched elsewhere. */
const KEY_SECRET = randomBytes(32);

/** An account's name in this process: an HMAC of Customer ID, Customer Secret and host. */
function accountKey({ customerId, customerSecret, host }: AccountCredentials): string {
	return createHmac('sha256', KEY_SECRET)
		.update(JSON.stringify([customerId, customerSecret, host]))
		.digest('base64url');
}

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
	 * Requests per Second on one account share it: the highest bounds the account (ceiling.ts).
	 */
	pacerFor(account: AccountCredentials, requestsPerSecond: number): AccountPacer {
		const key = accountKey(account);
		let pacer = this.pacers.get(key);
		if (pacer) {
			this.pacers.delete(key);
			pacer.useRate(requestsPerSecond);
		} else {
			pacer = this.create(requestsPerSecond);
		}
		this.pacers.set(key, pacer);
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
