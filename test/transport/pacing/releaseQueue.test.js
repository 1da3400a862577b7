// The release queue (pacing/releaseQueue.ts): first come first served, only the head waits, and what
// it waits for is asked again after every wait.
'use strict';

const path = require('node:path');
const { ReleaseQueue } = require(
	path.join(__dirname, '../../../dist/nodes/AgoraMediaBroadcast/transport/pacing/releaseQueue.js'),
);

afterEach(() => jest.useRealTimers());

test('callers go in the order they came, each handed what the step decided at its turn', async () => {
	let next = 0;
	const queue = new ReleaseQueue(() => ({ go: next++ }));
	const order = await Promise.all([queue.take(), queue.take(), queue.take()]);
	expect(order).toEqual([0, 1, 2]);
});

test('a wait on the clock is followed by a new decision (the rate of that moment)', async () => {
	jest.useFakeTimers({ now: 0 });
	const asked = [];
	const queue = new ReleaseQueue(() => {
		asked.push(Date.now());
		return Date.now() < 300 ? { sleepMs: 300 - Date.now() } : { go: Date.now() };
	});
	const first = queue.take();
	const second = queue.take();
	await jest.advanceTimersByTimeAsync(299);
	expect(asked).toEqual([0]);
	await jest.advanceTimersByTimeAsync(1);
	expect(await first).toBe(300);
	expect(await second).toBe(300);
	// Asked once at 0 for the head, then at 300 for each caller: no timer per caller.
	expect(asked).toEqual([0, 300, 300]);
});

test('a head that waits for an answer goes as soon as one arrives, not when its timer fires', async () => {
	jest.useFakeTimers({ now: 0 });
	let open = false;
	const queue = new ReleaseQueue(() => (open ? { go: Date.now() } : { answerOrMs: 10000 }));
	const waiting = queue.take();
	await jest.advanceTimersByTimeAsync(40);
	open = true;
	queue.answered();
	await jest.advanceTimersByTimeAsync(0);
	expect(await waiting).toBe(40);
});

describe('gates: a limit of some callers of their own', () => {
	/** A gate that is open while `open.value`, and counts the callers that went through it. */
	const gate = (open) => ({
		passed: 0,
		waitMs: () => (open.value ? 0 : Infinity),
		opened(value) {
			this.passed++;
			return `${value} (gated)`;
		},
	});

	test('a closed gate does not hold up the callers behind it; the gated caller goes once it opens', async () => {
		jest.useFakeTimers({ now: 0 });
		const open = { value: false };
		const limited = gate(open);
		let next = 0;
		const queue = new ReleaseQueue(() => ({ go: next++ }));
		const order = [];
		const gated = queue.take(limited).then((v) => order.push(v));
		const free = [queue.take(), queue.take()].map((p) => p.then((v) => order.push(v)));
		await jest.advanceTimersByTimeAsync(0);
		await Promise.all(free);
		expect(order).toEqual([0, 1]);
		open.value = true;
		queue.answered();
		await jest.advanceTimersByTimeAsync(0);
		await gated;
		expect(order).toEqual([0, 1, '2 (gated)']);
		expect(limited.passed).toBe(1);
	});

	test('every gate closed: a caller without one that arrives meanwhile goes at once', async () => {
		jest.useFakeTimers({ now: 0 });
		const limited = gate({ value: false });
		const queue = new ReleaseQueue(() => ({ go: Date.now() }));
		void queue.take(limited);
		await jest.advanceTimersByTimeAsync(40);
		const free = queue.take();
		await jest.advanceTimersByTimeAsync(0);
		expect(await free).toBe(40);
	});
});
