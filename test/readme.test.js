// The README lists every resource and operation the node offers (generated from the node's own
// description by scripts/operations-table.mjs); this fails when they drift apart.
'use strict';

const { execFileSync } = require('node:child_process');
const path = require('node:path');

test('README operations table matches the node', () => {
	const out = execFileSync('node', [path.join(__dirname, '../scripts/operations-table.mjs'), '--check'], {
		encoding: 'utf8',
	});
	expect(out).toMatch(/up to date \(13 resources, 49 operations\)/);
});
