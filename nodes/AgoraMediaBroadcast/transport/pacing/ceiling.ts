import type { PacerTicket } from './accountPacer';
import { RequestLog, WINDOW_MS, pruneCounted, windowWaitMs } from './gatewayWindow';
import type { Gate } from './releaseQueue';

// The ceiling: the most requests per second one account may get from this process, and the share of
// each credential whose Requests per Second is below it. The highest rate in use wins, so a
// credential's lower rate slows only its own requests (docs/rate-limiting.md, "Ceiling, shares and
// keys").

/** A credential's Requests per Second keeps bounding the account this long after its last use. */
const RATE_MEMORY_MS = 60000;
/** Margin added to a share's window, in ms (the pacer's base margin). */
const SHARE_GUARD_MS = 2;

/**
 * The requests of the credentials at one Requests per Second below the ceiling, a gate in the account's
 * release queue: the guaranteed slot at that rate (gatewayWindow.ts), checked at the moment the account
 * would let one go, so the gateway never counts more of them in one second.
 */
export class CredentialShare implements Gate<PacerTicket> {
	private readonly log = new RequestLog();

	constructor(
		readonly requestsPerSecond: number,
		private readonly now: () => number,
	) {}

	waitMs(): number {
		const now = this.now();
		const fastest = this.log.fastest;
		pruneCounted(this.log.started, now - WINDOW_MS - SHARE_GUARD_MS, fastest);
		return windowWaitMs(this.log.started, this.requestsPerSecond, now, SHARE_GUARD_MS, fastest);
	}

	opened(ticket: PacerTicket): PacerTicket {
		const request = this.log.start(ticket.startedAt);
		return {
			startedAt: ticket.startedAt,
			answered: (statusCode?: number, retryAfterMs?: number) => {
				if (request.answeredAt === undefined) this.log.answer(request, statusCode, this.now());
				ticket.answered(statusCode, retryAfterMs);
			},
		};
	}
}

/** The Requests per Second of the credentials that used one account recently. */
export class RateCeiling {
	/** Requests per Second → when a credential with it last used the account, least recent first. */
	private readonly seen = new Map<number, number>();

	/** The shares of the rates below the ceiling, made on first use. */
	private readonly shares = new Map<number, CredentialShare>();

	constructor(
		requestsPerSecond: number,
		private readonly now: () => number,
	) {
		this.seen.set(requestsPerSecond, now());
	}

	/** A credential with this Requests per Second is about to use the account. */
	use(requestsPerSecond: number): void {
		this.seen.delete(requestsPerSecond);
		this.seen.set(requestsPerSecond, this.now());
	}

	/** The highest Requests per Second among credentials seen recently (else the last one seen). */
	get value(): number {
		const now = this.now();
		let highest = 0;
		for (const [rate, seenAt] of this.seen) {
			if (now - seenAt > RATE_MEMORY_MS && this.seen.size > 1) {
				this.seen.delete(rate);
				this.shares.delete(rate);
			} else {
				highest = Math.max(highest, rate);
			}
		}
		return highest;
	}

	/** The share a credential at this rate goes through first; none when it may use the whole ceiling. */
	shareOf(requestsPerSecond: number): CredentialShare | undefined {
		if (requestsPerSecond >= this.value) return undefined;
		let share = this.shares.get(requestsPerSecond);
		if (!share) {
			share = new CredentialShare(requestsPerSecond, this.now);
			this.shares.set(requestsPerSecond, share);
		}
		return share;
	}
}
