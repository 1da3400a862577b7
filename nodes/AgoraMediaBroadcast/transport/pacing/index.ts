import { AccountPacer, type PacerOptions } from './accountPacer';
import { type AccountCredentials, AccountPacers } from './accountPacers';
import { optimisticStarts } from './optimisticStart';

// Pacing: how every request to Agora waits for its turn so that an account's 50 requests per second
// are shared without 429s where possible (docs/rate-limiting.md). The transport imports only this.

export { type AccountPacer, MAX_RETRY_AFTER_MS, type PacerTicket } from './accountPacer';
export type { AccountCredentials } from './accountPacers';
export { backoffDelayMs, monotonicNow, sleepMs } from './delays';

export interface AccountPacerOptions extends Omit<PacerOptions, 'startRule'> {
	/** Optimistic starts for this pacer (default: OPTIMISTIC_STARTS in optimisticStart.ts). */
	optimisticStarts?: boolean;
}

/** A new pacer for one account. */
export function createAccountPacer(
	requestsPerSecond: number,
	options: AccountPacerOptions = {},
): AccountPacer {
	return new AccountPacer(requestsPerSecond, {
		...options,
		startRule: optimisticStarts(options.optimisticStarts),
	});
}

const pacers = new AccountPacers((requestsPerSecond) => createAccountPacer(requestsPerSecond));

/**
 * The pacer of one account (Customer ID, Customer Secret and API host), shared by every execution in
 * this process; pass the credential's Requests per Second to its acquire() too.
 */
export function pacerFor(account: AccountCredentials, requestsPerSecond: number): AccountPacer {
	return pacers.pacerFor(account, requestsPerSecond);
}
