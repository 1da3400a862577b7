import { sleepMs } from './delays';

// The release queue: callers wait in one queue, first come first served, and only the first of them
// waits on the clock. What it waits for is asked again at every turn, with the rate and window of that
// moment: slots reserved in advance for every caller kept a process cut to 2 requests/s at that pace
// for seconds after its rate had climbed back (25 callers × 400 ms).

/** What the caller at the head of the queue does next. */
export type NextStep<T> =
	/** Goes now, handed `go`. */
	| { go: T }
	/** Waits this long, then asks again. */
	| { sleepMs: number }
	/** Waits for the next answer, at most this long, then asks again. */
	| { answerOrMs: number };

export class ReleaseQueue<T> {
	/** Callers waiting for their turn, first come first served. */
	private readonly waiting: Array<(value: T) => void> = [];

	private readonly answerWaiters: Array<() => void> = [];

	/** Whether releaseInTurn is running (one loop lets the queue go). */
	private releasing = false;

	/** `nextStep` decides for the caller at the head; it is asked again after every wait. */
	constructor(private readonly nextStep: () => NextStep<T>) {}

	/** Resolves when the caller may go. */
	take(): Promise<T> {
		return new Promise((resolve) => {
			this.waiting.push(resolve);
			if (!this.releasing) void this.releaseInTurn();
		});
	}

	/** An answer arrived: wakes a head that waits for one. */
	answered(): void {
		const waiters = this.answerWaiters.splice(0);
		for (const wake of waiters) wake();
	}

	private nextAnswer(): Promise<void> {
		return new Promise((resolve) => this.answerWaiters.push(resolve));
	}

	private async releaseInTurn(): Promise<void> {
		this.releasing = true;
		try {
			while (this.waiting.length > 0) {
				const step = this.nextStep();
				if ('go' in step) {
					const release = this.waiting.shift() as (value: T) => void;
					release(step.go);
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
