// Writes the operations tables from the built node's own description, so the docs list exactly what
// the node offers: a compact one in README.md (one row per resource) and the full one, with the
// action shown in n8n's nodes panel and what each operation does, in docs/operations.md. Both go
// between <!-- operations-table --> markers. `node scripts/operations-table.mjs --check` exits 1 when
// either file is out of date (the unit tests run it).
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

export const START = '<!-- operations-table -->';
export const END = '<!-- /operations-table -->';

/** Every resource of the node with its operations, in the order the node lists them. */
export function nodeOperations() {
	const { properties } = new AgoraMediaBroadcast().description;
	const resources = properties.find((p) => p.name === 'resource').options;
	return resources.map((resource) => ({
		name: resource.name,
		operations: properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource.value),
		).options,
	}));
}

/** The generated blocks (markers included), by file relative to the repository root. */
export function operationsBlocks() {
	const resources = nodeOperations();
	const count = resources.reduce((n, r) => n + r.operations.length, 0);
	const summary = `${resources.length} resources, ${count} operations.`;
	const compact = [
		'| Resource | Operations |',
		'|---|---|',
		...resources.map((r) => `| ${r.name} | ${r.operations.map((o) => o.name).join(', ')} |`),
	];
	const full = [
		'| Resource | Operation | Action in the nodes panel | What it does |',
		'|---|---|---|---|',
		...resources.flatMap((r) =>
			r.operations.map((o) => `| ${r.name} | ${o.name} | ${o.action} | ${o.description} |`),
		),
	];
	// README's table stays unpadded (prettier would pad every row to the longest, doubling its size).
	const block = (intro, rows, keepCompact = false) =>
		`${START}\n\n${intro}\n\n${keepCompact ? '<!-- prettier-ignore -->\n' : ''}${rows.join('\n')}\n\n${END}`;
	return {
		count,
		resources: resources.length,
		blocks: {
			'README.md': block(
				`${summary} What each one does: [docs/operations.md](docs/operations.md).`,
				compact,
				true,
			),
			'docs/operations.md': block(summary, full),
		},
	};
}

/** `text` with the block between the markers replaced; throws when the markers are missing. */
function withBlock(text, block, file) {
	const a = text.indexOf(START);
	const b = text.indexOf(END);
	if (a < 0 || b < a) throw new Error(`${file} lacks the ${START} … ${END} markers`);
	return text.slice(0, a) + block + text.slice(b + END.length);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const check = process.argv.includes('--check');
	const { blocks, count, resources } = operationsBlocks();
	const stale = [];
	for (const [file, block] of Object.entries(blocks)) {
		const filePath = path.join(root, file);
		const text = readFileSync(filePath, 'utf8');
		const next = await formatLikeRepo(withBlock(text, block, file), filePath);
		if (next === text) continue;
		stale.push(file);
		if (!check) writeFileSync(filePath, next);
	}
	const files = Object.keys(blocks).join(' and ');
	if (check && stale.length) {
		console.error(
			`operations table out of date in ${stale.join(' and ')}: run node scripts/operations-table.mjs`,
		);
		process.exit(1);
	}
	console.log(
		`operations tables ${check ? 'up to date' : stale.length ? 'written' : 'already up to date'} in ${files} (${resources} resources, ${count} operations)`,
	);
}
