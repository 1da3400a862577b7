import { sleepMs } from './delays';

// The release queue: callers wait in one queue, first come first served, and only one loop waits on
// the clock for them. What it waits for is asked again at every turn, with the rate and window of that
// moment: slots reserved in advance for every caller kept a process cut to 2 requests/s at that pace
// for seconds after its rate had climbed back (25 callers × 400 ms). A caller may wait behind a gate
// of its own as well (a credential's share, ceiling.ts): the first caller whose gate is open goes next,
// so a closed gate never holds up the callers behind it.

/** What the next caller does, as the queue's owner decides it at this moment. */
export type NextStep<T> =
	/** Goes now, handed `go`. */
	| { go: T }
	/** Waits this long, then asks again. */
	| { sleepMs: number }
	/** Waits for the next answer, at most this long, then asks again. */
	| { answerOrMs: number };

/** A limit of some callers' own, checked before the queue's. */
export interface Gate<T> {
	/** ms until a caller behind this gate may go: 0 now, Infinity when only an answer can open it. */
	waitMs(): number;
	/** A caller behind this gate goes, handed `value`: what it is handed instead. */
	opened(value: T): T;
}

/** The longest single wait while every caller's gate is closed. */
const GATE_RECHECK_MS = 250;

export class ReleaseQueue<T> {
	/** Callers waiting for their turn, first come first served. */
	private readonly waiting: Array<{ resolve: (value: T) => void; gate?: Gate<T> }> = [];

	private readonly answerWaiters: Array<() => void> = [];

	private readonly arrivalWaiters: Array<() => void> = [];

	/** Whether releaseInTurn is running (one loop lets the queue go). */
	private releasing = false;

	/** `nextStep` decides for the next caller; it is asked again after every wait. */
	constructor(private readonly nextStep: () => NextStep<T>) {}

	/** Resolves when the caller may go (and, with a gate, its gate is open). */
	take(gate?: Gate<T>): Promise<T> {
		return new Promise((resolve) => {
			this.waiting.push({ resolve, gate });
			if (!this.releasing) void this.releaseInTurn();
			else for (const wake of this.arrivalWaiters.splice(0)) wake();
		});
	}

	/** An answer arrived: wakes a loop that waits for one. */
	answered(): void {
		const waiters = this.answerWaiters.splice(0);
		for (const wake of waiters) wake();
	}

	private nextAnswer(): Promise<void> {
		return new Promise((resolve) => this.answerWaiters.push(resolve));
	}

	private nextArrival(): Promise<void> {
		return new Promise((resolve) => this.arrivalWaiters.push(resolve));
	}

	/** The first caller whose gate is open (-1: none), or how long until one may open. */
	private firstThatMayGo(): { index: number; waitMs: number } {
		let waitMs = Infinity;
		let closed: Map<Gate<T>, number> | undefined;
		for (let index = 0; index < this.waiting.length; index++) {
			const { gate } = this.waiting[index];
			if (!gate) return { index, waitMs: 0 };
			const gateWaitMs = closed?.get(gate) ?? gate.waitMs();
			if (gateWaitMs <= 0) return { index, waitMs: 0 };
			(closed ??= new Map()).set(gate, gateWaitMs);
			waitMs = Math.min(waitMs, gateWaitMs);
		}
		return { index: -1, waitMs };
	}

	private async releaseInTurn(): Promise<void> {
		this.releasing = true;
		try {
			while (this.waiting.length > 0) {
				const next = this.firstThatMayGo();
				if (next.index < 0) {
					// Every gate closed: a gate opens with time or an answer, and a new caller may have none.
					await Promise.race([
						this.nextAnswer(),
						this.nextArrival(),
						sleepMs(Math.min(next.waitMs, GATE_RECHECK_MS)),
					]);
					continue;
				}
				const step = this.nextStep();
				if ('go' in step) {
					const [caller] = this.waiting.splice(next.index, 1);
					caller.resolve(caller.gate ? caller.gate.opened(step.go) : step.go);
				} else if ('sleepMs' in step) {
					await sleepMs(step.sleepMs);
				} else {
					// Short timers, so no long one is left behind when an answer wins the race.
					await Promise.race([this.nextAnswer(), sleepMs(step.answerOrMs)]);
				}
			}
		} finally {
			this.releasing = false;
		}
	}
}
