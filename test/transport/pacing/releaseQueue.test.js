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
