// The README lists every resource and operation the node offers (generated from the node's own
// description by scripts/operations-table.mjs); this fails when they drift apart. The counts come
// from the node itself, so adding an operation changes no number here.
'use strict';

const { execFileSync } = require('node:child_process');
const path = require('node:path');

const { AgoraMediaBroadcast } = require(
	path.join(__dirname, '../dist/nodes/AgoraMediaBroadcast/AgoraMediaBroadcast.node.js'),
);

test('README operations table matches the node', () => {
	const { properties } = new AgoraMediaBroadcast().description;
	const resources = properties.find((property) => property.name === 'resource').options;
	const operations = properties
		.filter((property) => property.name === 'operation')
		.reduce(
			(count, property) =>
				count + property.options.length * property.displayOptions.show.resource.length,
			0,
		);
	const out = execFileSync(
		'node',
		[path.join(__dirname, '../scripts/operations-table.mjs'), '--check'],
		{ encoding: 'utf8' },
	);
	expect(out).toContain(`up to date (${resources.length} resources, ${operations} operations)`);
});
