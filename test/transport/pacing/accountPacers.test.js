// The pacers of one process (pacing/accountPacers.ts): one per account key, the lower rate of a key's
// credentials wins, idle ones are dropped and the map stays bounded.
'use strict';

const path = require('node:path');
const PACING = path.join(__dirname, '../../../dist/nodes/AgoraMediaBroadcast/transport/pacing');
const { AccountPacers } = require(`${PACING}/accountPacers.js`);
const { createAccountPacer, pacerFor } = require(`${PACING}/index.js`);

/** Pacers on a hand-driven clock: `clock.t` is "now". */
function pacersOnClock() {
	const clock = { t: 1_000_000 };
	const now = () => clock.t;
	return { clock, pacers: new AccountPacers((rate) => createAccountPacer(rate, { now }), now) };
}

test('two credentials on one account share one pacer; the lower Requests per Second wins', () => {
	const a = pacerFor('shared-cust@api.agora.io', 50);
	const b = pacerFor('shared-cust@api.agora.io', 49);
	expect(b).toBe(a);
	expect(a.requestsPerSecond).toBe(49);
	expect(a.rate).toBeLessThanOrEqual(49);
	// Used again at 50: 49 still bounds it while the 49 credential was seen recently.
	expect(pacerFor('shared-cust@api.agora.io', 50).requestsPerSecond).toBe(49);
	expect(pacerFor('other-cust@api.agora.io', 50)).not.toBe(a);
	expect(pacerFor('shared-cust@proxy.example.com', 50)).not.toBe(a);
});

test('a pacer unused for 10 minutes is dropped (a new one starts afresh), one used within them is kept', () => {
	const { clock, pacers } = pacersOnClock();
	const kept = pacers.pacerFor('kept@api.agora.io', 50);
	const idle = pacers.pacerFor('idle@api.agora.io', 20);
	clock.t += 5 * 60 * 1000;
	expect(pacers.pacerFor('kept@api.agora.io', 50)).toBe(kept);
	clock.t += 6 * 60 * 1000;
	expect(pacers.pacerFor('kept@api.agora.io', 50)).toBe(kept);
	const again = pacers.pacerFor('idle@api.agora.io', 50);
	expect(again).not.toBe(idle);
	expect(again.requestsPerSecond).toBe(50);
});

test('at most 1,000 pacers: the least recently used go first', () => {
	const { pacers } = pacersOnClock();
	const first = pacers.pacerFor('many-0@api.agora.io', 50);
	const early = pacers.pacerFor('many-1@api.agora.io', 50);
	for (let i = 2; i < 1100; i++) {
		pacers.pacerFor(`many-${i}@api.agora.io`, 50);
		// many-0 is used all along: it stays.
		if (i % 100 === 0) pacers.pacerFor('many-0@api.agora.io', 50);
	}
	const last = pacers.pacerFor('many-1099@api.agora.io', 50);
	expect(pacers.pacerFor('many-1099@api.agora.io', 50)).toBe(last);
	expect(pacers.pacerFor('many-0@api.agora.io', 50)).toBe(first);
	expect(pacers.pacerFor('many-1@api.agora.io', 50)).not.toBe(early);
});
