// The pacers of one process (pacing/accountPacers.ts): one per account, where an account is what a
// credential proves (Customer ID, Customer Secret, host); idle ones are dropped, the map stays bounded.
'use strict';

const crypto = require('node:crypto');
const path = require('node:path');
const util = require('node:util');
const PACING = path.join(__dirname, '../../../dist/nodes/AgoraMediaBroadcast/transport/pacing');
const { AccountPacers } = require(`${PACING}/accountPacers.js`);
const { createAccountPacer, pacerFor } = require(`${PACING}/index.js`);

const HOST = 'api.agora.io';
const account = (customerId, customerSecret = `${customerId}-secret`, host = HOST) => ({
	customerId,
	customerSecret,
	host,
});

/** Pacers on a hand-driven clock: `clock.t` is "now". */
function pacersOnClock() {
	const clock = { t: 1_000_000 };
	const now = () => clock.t;
	return { clock, pacers: new AccountPacers((rate) => createAccountPacer(rate, { now }), now) };
}

describe('who shares a pacer', () => {
	test('credentials with the same Customer ID, secret and host share one; the highest Requests per Second bounds it', () => {
		const a = pacerFor(account('shared-cust'), 50);
		const b = pacerFor(account('shared-cust'), 5);
		expect(b).toBe(a);
		expect(a.requestsPerSecond).toBe(50);
		expect(a.rate).toBe(50);
		expect(pacerFor(account('other-cust'), 50)).not.toBe(a);
		expect(
			pacerFor(account('shared-cust', 'shared-cust-secret', 'proxy.example.com'), 50),
		).not.toBe(a);
	});

	test('the same Customer ID with another secret (a wrong one) gets a pacer of its own: its rate of 1 slows nobody else', () => {
		const right = pacerFor(account('victim-cust', 'the-right-secret'), 50);
		const wrong = pacerFor(account('victim-cust', 'a-wrong-secret'), 1);
		expect(wrong).not.toBe(right);
		expect(pacerFor(account('victim-cust', 'the-right-secret'), 50)).toBe(right);
		expect(right.requestsPerSecond).toBe(50);
		expect(right.rate).toBe(50);
	});

	test('what the process keeps proves the secret without holding it: no secret, and no plain hash of it', () => {
		const { pacers } = pacersOnClock();
		const secret = 'a-customer-secret-1234';
		const pacer = pacers.pacerFor(account('key-cust', secret), 50);
		expect(pacers.pacerFor(account('key-cust', secret), 50)).toBe(pacer);
		expect(pacers.pacerFor(account('key-cust', `${secret}x`), 50)).not.toBe(pacer);
		expect(pacers.pacerFor(account('key-cus', `t${secret}`), 50)).not.toBe(pacer);
		const kept = util.inspect(pacers, { depth: Infinity, showHidden: true, maxArrayLength: null });
		const forms = [secret, Buffer.from(secret).toString('base64')];
		for (const input of [
			secret,
			`key-cust:${secret}`,
			JSON.stringify(['key-cust', secret, HOST]),
		]) {
			for (const encoding of ['hex', 'base64', 'base64url']) {
				forms.push(crypto.createHash('sha256').update(input).digest(encoding));
			}
		}
		for (const form of forms) expect(kept).not.toContain(form);
	});
});

describe('a bounded map', () => {
	test('a pacer unused for 10 minutes is dropped (a new one starts afresh), one used within them is kept', () => {
		const { clock, pacers } = pacersOnClock();
		const kept = pacers.pacerFor(account('kept'), 50);
		const idle = pacers.pacerFor(account('idle'), 20);
		clock.t += 5 * 60 * 1000;
		expect(pacers.pacerFor(account('kept'), 50)).toBe(kept);
		clock.t += 6 * 60 * 1000;
		expect(pacers.pacerFor(account('kept'), 50)).toBe(kept);
		const again = pacers.pacerFor(account('idle'), 50);
		expect(again).not.toBe(idle);
		expect(again.requestsPerSecond).toBe(50);
	});

	test('at most 1,000 pacers: the least recently used go first', () => {
		const { pacers } = pacersOnClock();
		const first = pacers.pacerFor(account('many-0'), 50);
		const early = pacers.pacerFor(account('many-1'), 50);
		for (let i = 2; i < 1100; i++) {
			pacers.pacerFor(account(`many-${i}`), 50);
			// many-0 is used all along: it stays.
			if (i % 100 === 0) pacers.pacerFor(account('many-0'), 50);
		}
		const last = pacers.pacerFor(account('many-1099'), 50);
		expect(pacers.pacerFor(account('many-1099'), 50)).toBe(last);
		expect(pacers.pacerFor(account('many-0'), 50)).toBe(first);
		expect(pacers.pacerFor(account('many-1'), 50)).not.toBe(early);
	});
});
