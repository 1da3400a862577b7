// Writes the README's "Resources and operations" table from the built node's own description, so
// the README lists exactly what the node offers. `node scripts/operations-table.mjs --check` exits 1
// when the README is out of date (the unit tests run it).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { formatLikeRepo } from './lib/prettier.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { AgoraMediaBroadcast } = require(
	path.join(root, 'dist/nodes/AgoraMediaBroadcast/AgoraMediaBroadcast.node.js'),
);

export function operationsTable() {
	const { properties } = new AgoraMediaBroadcast().description;
	const resources = properties.find((p) => p.name === 'resource').options;
	const rows = ['| Resource | Operation | What it does |', '|---|---|---|'];
	let count = 0;
	for (const resource of resources) {
		const operationField = properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource.value),
		);
		for (const operation of operationField.options) {
			rows.push(`| ${resource.name} | ${operation.name} | ${operation.description} |`);
			count++;
		}
	}
	return { markdown: rows.join('\n'), count, resources: resources.length };
}

const START = '<!-- operations-table -->';
const END = '<!-- /operations-table -->';

if (import.meta.url === `file://${process.argv[1]}`) {
	const readmePath = path.join(root, 'README.md');
	const readme = readFileSync(readmePath, 'utf8');
	const { markdown, count, resources } = operationsTable();
	const block = `${START}\n${resources} resources, ${count} operations.\n\n${markdown}\n${END}`;

	const a = readme.indexOf(START);
	if (a < 0) throw new Error(`README.md has no ${START} marker`);
	const b = readme.indexOf(END);
	const next = await formatLikeRepo(
		readme.slice(0, a) +
			block +
			(b < 0 ? readme.slice(a + START.length) : readme.slice(b + END.length)),
		readmePath,
	);

	if (process.argv.includes('--check')) {
		if (next !== readme) {
			console.error(
				'README.md operations table is out of date: run node scripts/operations-table.mjs',
			);
			process.exit(1);
		}
		console.log(
			`README operations table is up to date (${resources} resources, ${count} operations)`,
		);
	} else {
		writeFileSync(readmePath, next);
		console.log(`README operations table written (${resources} resources, ${count} operations)`);
	}
}
