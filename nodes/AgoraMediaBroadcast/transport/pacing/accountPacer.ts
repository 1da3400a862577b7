import { RateCeiling } from './ceiling';
import { CongestionControl } from './congestion';
import { monotonicNow } from './delays';
import {
	RequestLog,
	type StartedRequest,
	WINDOW_MS,
	pruneCounted,
	windowWaitMs,
} from './gatewayWindow';
import { type NextStep, ReleaseQueue } from './releaseQueue';

// One account's pacer in this process: every request to the account waits here for its turn
// (docs/rate-limiting.md). It puts the parts together: the ceiling, the release queue, the guaranteed
// slot (gatewayWindow.ts), congestion control and, when given, a start rule that may go earlier.

/** What the transport tells the pacer about one request once Agora has answered. */
export interface PacerTicket {
	/** When the request was let go, on the pacer's clock (monotonicNow by default). */
	readonly startedAt: number;
	/**
	 * Call when an answer arrived, with its status (`undefined` when the connection failed): the
	 * answer bounds when the gateway counted the request, and 429 / success steer the rate.
	 */
	answered(statusCode?: number, retryAfterMs?: number): void;
}

/** A way to start before the window surely has room, used only alone at the full rate. */
export interface StartRule {
	/** ms until a request may go at `now` (≤ sureWaitMs, the guaranteed slot's answer, > 0). */
	waitMs(
		log: RequestLog,
		rate: number,
		now: number,
		guardMs: number,
		fastest: number,
		sureWaitMs: number,
	): number;
	/** A request went at `at` on this rule's word. */
	betMade(at: number): void;
	/** A 429 alone at the full rate: true when this rule takes it (then it is no congestion signal). */
	refusedWhileBetting(log: RequestLog, request: StartedRequest, rate: number, now: number): boolean;
}

export interface PacerOptions {
	/** The clock, in ms (monotonicNow: the wall clock can be stepped). */
	now?: () => number;
	/** For the random phase after a 429 while sharing. */
	random?: () => number;
	/** Starting margin added to every window, in ms (each ms costs about 0.1 % of the limit). */
	baseWindowGuardMs?: number;
	/** Starts before the window surely has room (optimisticStart.ts); none: sure places only. */
	startRule?: StartRule;
}

/** The longest Retry-After that pauses the account; longer asks fail the item (transport). */
export const MAX_RETRY_AFTER_MS = 60000;
/** Starts while sharing are this many average gaps apart: a steady stream collides less. */
const SHARED_SPACING = 0.9;
/** Starts at the full rate are this many average gaps apart (0.5 lost 1.5 % of the limit, 0 drew 429). */
const FULL_RATE_SPACING = 0.25;
/** Just refused while sharing, a start waits a random part of this many gaps (phases do not lock). */
const SHARED_PHASE_SPREAD = 0.5;
/** The longest single wait while paused or waiting for an answer: no long timer is left behind. */
const RECHECK_MS = 250;

export class AccountPacer {
	/** Last acquire or answer, on the pacer's clock: idle pacers are dropped (accountPacers.ts). */
	lastUsedAt: number;

	private readonly now: () => number;

	private readonly random: () => number;

	private readonly startRule?: StartRule;

	private readonly ceiling: RateCeiling;

	private readonly congestion: CongestionControl;

	private readonly log = new RequestLog();

	private readonly queue = new ReleaseQueue<PacerTicket>(() => this.nextStep());

	/** When the last request was let go. */
	private lastStartAt = -Infinity;

	/** Until when every caller is held back by a Retry-After. */
	private pausedUntil = 0;

	/** Whether the next caller has been spaced / given its random phase (once per caller). */
	private spaced = false;

	private phased = false;

	constructor(requestsPerSecond: number, options: PacerOptions = {}) {
		this.now = options.now ?? monotonicNow;
		this.random = options.random ?? Math.random;
		this.startRule = options.startRule;
		this.congestion = new CongestionControl(requestsPerSecond, options.baseWindowGuardMs ?? 2);
		this.lastUsedAt = this.now();
		this.ceiling = new RateCeiling(requestsPerSecond, this.now);
	}

	/** The ceiling: the highest Requests per Second of the credentials using the account (ceiling.ts). */
	get requestsPerSecond(): number {
		return this.ceiling.value;
	}

	/** Requests per second this process currently allows itself (≤ the ceiling). */
	get rate(): number {
		return this.congestion.rate;
	}

	/** A credential with this Requests per Second is about to use the pacer. */
	useRate(requestsPerSecond: number): void {
		const before = this.requestsPerSecond;
		this.ceiling.use(requestsPerSecond);
		this.congestion.ceilingMoved(before, this.requestsPerSecond);
	}

	/**
	 * Resolves when the caller may send its request. A credential whose Requests per Second is below
	 * the ceiling also waits for its own share (ceiling.ts): it slows its own requests, not the account.
	 */
	acquire(requestsPerSecond?: number): Promise<PacerTicket> {
		this.lastUsedAt = this.now();
		const share =
			requestsPerSecond === undefined ? undefined : this.ceiling.shareOf(requestsPerSecond);
		return this.queue.take(share);
	}

	/** Below the ceiling: the process knows it shares the account with others. */
	private get sharing(): boolean {
		return this.congestion.sharing(this.requestsPerSecond);
	}

	/** What the caller at the head of the queue does next, at this moment. */
	private nextStep(): NextStep<PacerTicket> {
		const startAt = this.now();
		if (this.pausedUntil > startAt) {
			// Lifted early by a success (onAccepted), hence waiting for the next answer too.
			return { answerOrMs: Math.min(RECHECK_MS, this.pausedUntil - startAt) };
		}
		// Concurrent callers are spread out, once per caller.
		const spacing = this.sharing ? SHARED_SPACING : FULL_RATE_SPACING;
		const spacingMs = this.lastStartAt + (1000 * spacing) / this.congestion.rate - startAt;
		if (!this.spaced && spacingMs > 0) {
			this.spaced = true;
			return { sleepMs: spacingMs };
		}
		// Checked on real start times and the latest estimates: timers fire late on a busy event loop,
		// and answers that arrived meanwhile may have moved the window back.
		const rate = this.congestion.rate;
		const guardMs = this.congestion.windowGuardMs;
		const fastest = this.log.fastest;
		// Kept for two windows: a 429 is judged against the window it reached (optimisticStart.ts).
		pruneCounted(this.log.started, startAt - 2 * WINDOW_MS - guardMs, fastest);
		let wait = windowWaitMs(this.log.started, rate, startAt, guardMs, fastest);
		let bet = false;
		if (wait > 0 && this.startRule && !this.sharing) {
			wait = this.startRule.waitMs(this.log, rate, startAt, guardMs, fastest, wait);
			bet = wait <= 0;
		}
		// Only an answer can open the window when every request counted is in flight.
		if (wait === Infinity) return { answerOrMs: RECHECK_MS };
		if (wait > 0) return { sleepMs: wait };
		if (!this.phased && this.log.refusedLast && this.sharing) {
			this.phased = true;
			const phaseMs = (this.random() * SHARED_PHASE_SPREAD * 1000) / rate;
			if (phaseMs >= 1) return { sleepMs: phaseMs };
		}
		const request = this.log.start(startAt);
		if (bet) this.startRule?.betMade(startAt);
		this.lastStartAt = startAt;
		this.spaced = false;
		this.phased = false;
		return {
			go: {
				startedAt: startAt,
				answered: (statusCode?: number, retryAfterMs?: number) =>
					this.onAnswer(request, statusCode, retryAfterMs),
			},
		};
	}

	private onAnswer(request: StartedRequest, statusCode?: number, retryAfterMs = 0): void {
		if (request.answeredAt !== undefined) return;
		const now = this.now();
		this.lastUsedAt = now;
		this.log.answer(request, statusCode, now);
		if (statusCode === 429) {
			const whileBetting =
				this.startRule !== undefined &&
				!this.sharing &&
				this.startRule.refusedWhileBetting(this.log, request, this.congestion.rate, now);
			this.onRefused(now, retryAfterMs, whileBetting);
		} else if (statusCode !== undefined && statusCode < 500) {
			this.onAccepted(now);
		}
		this.queue.answered();
	}

	/** A 429: congestion unless drawn while betting; a Retry-After of up to 60 s pauses every caller. */
	private onRefused(now: number, retryAfterMs: number, whileBetting: boolean): void {
		if (!whileBetting) this.congestion.refused(now, this.requestsPerSecond, this.log);
		if (retryAfterMs > 0) {
			const until = now + Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
			if (until > this.pausedUntil) this.pausedUntil = until;
		}
	}

	/** A request got through: lift any pause (one item's long Retry-After never freezes the others). */
	private onAccepted(now: number): void {
		this.pausedUntil = 0;
		this.congestion.accepted(now, this.requestsPerSecond);
	}
}
