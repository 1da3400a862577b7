// The trigger's memory of deliveries already turned into executions (dedupe.ts): bounded, per node,
// kept at least 24 h or the last 10,000 ids, whichever is more, never more than the stated cap.
'use strict';

const path = require('node:path');
const { DIST } = require('./harness');

const dedupe = require(path.join(DIST, 'nodes/AgoraMediaBroadcastTrigger/dedupe.js'));
const HOUR = 60 * 60 * 1000;

beforeEach(() => dedupe.forgetAll());

test('the stated bounds: 24 h, at least 10,000 ids, at most 100,000 ids per node', () => {
	expect(dedupe.DELIVERY_MEMORY).toEqual({
		retentionMs: 24 * HOUR,
		minKept: 10000,
		maxKept: 100000,
	});
});

test('first sighting true, every repeat false; scopes (workflow, node, mode) do not share ids', () => {
	expect(dedupe.firstSighting('wf1\nn1', 'a', 0)).toBe(true);
	expect(dedupe.firstSighting('wf1\nn1', 'a', 1)).toBe(false);
	expect(dedupe.firstSighting('wf1\nn1', 'a', 10 * 60 * 1000)).toBe(false);
	expect(dedupe.firstSighting('wf1\nn2', 'a', 2)).toBe(true);
	expect(dedupe.firstSighting('wf2\nn1', 'a', 3)).toBe(true);
});

test('an id is remembered for 24 h even when far more than 10,000 arrive in that time', () => {
	const scope = 'busy';
	for (let i = 0; i < 30000; i++) dedupe.firstSighting(scope, `id-${i}`, i * 1000); // 1 per second
	expect(dedupe.rememberedCount(scope)).toBe(30000);
	expect(dedupe.firstSighting(scope, 'id-0', 30000 * 1000)).toBe(false);
});

test('the last 10,000 ids are remembered however old they are', () => {
	const scope = 'quiet';
	for (let i = 0; i < 12000; i++) dedupe.firstSighting(scope, `id-${i}`, i * HOUR); // 1 per hour
	expect(dedupe.rememberedCount(scope)).toBe(10000);
	expect(dedupe.firstSighting(scope, 'id-2000', 12001 * HOUR)).toBe(false);
	expect(dedupe.firstSighting(scope, 'id-1999', 12001 * HOUR)).toBe(true);
});

test('never more than 100,000 ids per node: the oldest go first', () => {
	const scope = 'flood';
	for (let i = 0; i < 100005; i++) dedupe.firstSighting(scope, `id-${i}`, i);
	expect(dedupe.rememberedCount(scope)).toBe(100000);
	expect(dedupe.firstSighting(scope, 'id-5', 100006)).toBe(false);
	expect(dedupe.firstSighting(scope, 'id-4', 100007)).toBe(true);
});

test('a node idle for more than 24 h is forgotten when another node starts', () => {
	dedupe.firstSighting('old', 'a', 0);
	dedupe.firstSighting('new', 'b', 25 * HOUR);
	expect(dedupe.rememberedCount('old')).toBe(0);
	expect(dedupe.rememberedCount('new')).toBe(1);
});
