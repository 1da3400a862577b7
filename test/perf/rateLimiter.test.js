// The limiter alone under 300 concurrent callers: the moments it lets requests go never put more than
// 50 in any window of one second plus its guard. No speed is asserted (that is the bench's job).
'use strict';

const path = require('node:path');
const { maxInWindow } = require('./windows');
const { RateLimiter } = require(
	path.join(__dirname, '../../dist/nodes/AgoraMediaBroadcast/transport/rateLimiter.js'),
);

test('300 concurrent callers answered at once: never more than 50 starts in any second plus guard', async () => {
	const limiter = new RateLimiter(50);
	const starts = [];
	await Promise.all(
		Array.from({ length: 300 }, async () => {
			const ticket = await limiter.acquire();
			starts.push(ticket.startedAt);
			ticket.answered(200);
		}),
	);
	starts.sort((a, b) => a - b);
	expect(starts).toHaveLength(300);
	expect(maxInWindow(starts, 1000 + limiter.windowGuardMs)).toBeLessThanOrEqual(50);
}, 30000);
