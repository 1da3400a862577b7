// The ceiling (pacing/ceiling.ts): the most requests per second one account may get from this process.
'use strict';

const path = require('node:path');
const { RateCeiling } = require(
	path.join(__dirname, '../../../dist/nodes/AgoraMediaBroadcast/transport/pacing/ceiling.js'),
);

const T = 1_000_000;

test('two credentials on one account: the lower Requests per Second wins while both are in use', () => {
	const ceiling = new RateCeiling(50, T);
	ceiling.use(49, T + 10);
	expect(ceiling.value(T + 20)).toBe(49);
	ceiling.use(50, T + 30);
	expect(ceiling.value(T + 40)).toBe(49);
});

test('a credential that stopped using the account no longer bounds it after a minute', () => {
	const ceiling = new RateCeiling(50, T);
	ceiling.use(10, T);
	expect(ceiling.value(T + 60000)).toBe(10);
	ceiling.use(50, T + 61000);
	expect(ceiling.value(T + 61000)).toBe(50);
});

test('the last credential seen keeps its rate however long the account is idle', () => {
	const ceiling = new RateCeiling(20, T);
	expect(ceiling.value(T + 3600000)).toBe(20);
});
