// One account's pacer alone under 300 concurrent callers, on the real clock: the moments it lets
// requests go never put more than 50 in any window of one second plus its margin. No speed is asserted
// (that is the bench's job).
'use strict';

const path = require('node:path');
const { maxInWindow } = require('../../bench/lib/windows');
const { createAccountPacer } = require(
	path.join(__dirname, '../../dist/nodes/AgoraMediaBroadcast/transport/pacing/index.js'),
);

test('300 concurrent callers answered at once: never more than 50 starts in any second plus guard', async () => {
	const pacer = createAccountPacer(50);
	const starts = [];
	await Promise.all(
		Array.from({ length: 300 }, async () => {
			const ticket = await pacer.acquire();
			starts.push(ticket.startedAt);
			ticket.answered(200);
		}),
	);
	starts.sort((a, b) => a - b);
	expect(starts).toHaveLength(300);
	// The base margin is 2 ms; only a 429 widens it, and none is drawn here.
	expect(maxInWindow(starts, 1000 + 2)).toBeLessThanOrEqual(50);
}, 30000);
