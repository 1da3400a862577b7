// The record of deliveries in the trigger node's static data (deliveryRecord.ts), driven the way
// n8n 2.41 drives it: each request works on its own copy of the stored static data (loaded when the
// request starts) and n8n stores that copy back, whole, when the node changed it. Two "processes"
// are two copies of the module (their own memory).
'use strict';

const path = require('node:path');
const { DIST } = require('./harness');

const FILE = path.join(DIST, 'nodes/AgoraMediaBroadcastTrigger/deliveryRecord.js');
const DEDUPE = path.join(DIST, 'nodes/AgoraMediaBroadcastTrigger/dedupe.js');
const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 28, 12);

/** A process: its own module copy; `request(db, ids, now)` loads, decides, saves like n8n. */
function aProcess() {
	let record;
	let dedupe;
	jest.isolateModules(() => {
		record = require(FILE);
		dedupe = require(DEDUPE);
	});
	const policy = { ...record.DELIVERY_RECORD, memory: dedupe.DELIVERY_MEMORY };
	const scope = 'wf\nnode\nevents\nwebhook';
	return {
		record,
		policy,
		scope,
		/** Loads a copy, runs the check; returns [isNew, the copy to save (or null: unchanged)]. */
		load(db, ids, now = T0) {
			const copy = JSON.parse(JSON.stringify(db.staticData));
			const before = JSON.stringify(copy);
			const isNew = record.firstDelivery(copy, scope, ids, this.policy, now);
			return [isNew, JSON.stringify(copy) === before ? null : copy];
		},
		request(db, ids, now = T0) {
			const [isNew, save] = this.load(db, ids, now);
			if (save) db.staticData = save;
			return isNew;
		},
	};
}

const stored = (db) => db.staticData.deliveryRecord;

test('the stated bounds: an id stays 1 h, at most 3,000 ids, stored as 16-character hashes', () => {
	const a = aProcess();
	expect(a.record.DELIVERY_RECORD).toEqual({ field: 'deliveryRecord', ttlMs: HOUR, cap: 3000 });
	const db = { staticData: {} };
	a.request(db, ['notice:5b7f0d3e-1111-4222-8333-944455556666']);
	expect(stored(db)).toEqual({
		v: 1,
		ids: [expect.stringMatching(/^[\w-]{16}$/)],
		at: [T0 / 1000],
	});
	expect(JSON.stringify(db)).not.toContain('5b7f0d3e');
});

test('a repeat reaching another process is a duplicate; so is one after every process restarted', () => {
	const db = { staticData: {} };
	expect(aProcess().request(db, ['notice:a'])).toBe(true);
	expect(aProcess().request(db, ['notice:a'], T0 + 60_000)).toBe(false);
	expect(aProcess().request(db, ['notice:a'], T0 + HOUR - 1000)).toBe(false);
});

test('after 1 h the record no longer holds an id (a process that never saw it accepts it)', () => {
	const db = { staticData: {} };
	aProcess().request(db, ['notice:a']);
	expect(aProcess().request(db, ['notice:a'], T0 + HOUR + 1000)).toBe(true);
});

test('at most `cap` ids, the newest (3,000 in use; 30 here): the record of a busy trigger stays bounded', () => {
	const small = (p) => Object.assign(p, { policy: { ...p.policy, cap: 30 } });
	const a = small(aProcess());
	const db = { staticData: {} };
	for (let i = 0; i < 40; i++) a.request(db, [`notice:${i}`], T0 + i * 100);
	expect(stored(db).ids).toHaveLength(30);
	const b = small(aProcess());
	expect(b.request(db, ['notice:39'], T0 + 5000)).toBe(false);
	expect(b.request(db, ['notice:10'], T0 + 5000)).toBe(false);
	expect(b.request(db, ['notice:9'], T0 + 5000)).toBe(true); // dropped by the cap
	// Process a still remembers notice:0..8 but does not put back what the cap dropped.
	a.request(db, ['notice:new'], T0 + 5000);
	expect(stored(db).ids).toHaveLength(30);
	expect(small(aProcess()).request(db, ['notice:5'], T0 + 5000)).toBe(true);
});

test('two processes saving at the same time: the id the later save dropped comes back with the next request of the process that saw it', () => {
	const a = aProcess();
	const b = aProcess();
	const db = { staticData: {} };
	// Both load before either saves (n8n loads when the request starts, saves after queueing the run).
	const [newX, saveA] = a.load(db, ['notice:x']);
	const [newY, saveB] = b.load(db, ['notice:y']);
	expect([newX, newY]).toEqual([true, true]);
	db.staticData = saveA;
	db.staticData = saveB; // last writer wins: x is gone from the record
	expect(aProcess().load(db, ['notice:x'])[0]).toBe(true); // what a third process would conclude now
	// a's next request, whatever it is (here a new event), writes back what a remembers.
	expect(a.request(db, ['notice:z'], T0 + 2000)).toBe(true);
	expect(b.request(db, ['notice:x'], T0 + 3000)).toBe(false);
	expect(aProcess().request(db, ['notice:y'], T0 + 3000)).toBe(false);
	expect(aProcess().request(db, ['notice:z'], T0 + 3000)).toBe(false);
});

test('a repeat that reaches the process which lost its write puts the id back at once', () => {
	const a = aProcess();
	const b = aProcess();
	const db = { staticData: {} };
	const [, saveA] = a.load(db, ['notice:x']);
	const [, saveB] = b.load(db, ['notice:y']);
	db.staticData = saveA;
	db.staticData = saveB;
	expect(a.request(db, ['notice:x'], T0 + 2000)).toBe(false); // in a's memory: duplicate, and written back
	expect(aProcess().request(db, ['notice:x'], T0 + 3000)).toBe(false);
});

test('a request that adds nothing does not write (n8n then saves nothing)', () => {
	const a = aProcess();
	const db = { staticData: {} };
	a.request(db, ['notice:x']);
	expect(a.load(db, ['notice:x'], T0 + 1000)[1]).toBeNull();
	expect(aProcess().load(db, ['notice:x'], T0 + 1000)[1]).toBeNull();
});
