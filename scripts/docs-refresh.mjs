#!/usr/bin/env node
// `npm run docs:refresh`: updates the committed copies of what the tests generate. The tests write only
// to git-ignored test-results/ (so `npm test` leaves `git status` clean); this copies the last run's
//   test-results/reliability/{summary.json,SUMMARY.md} → test/reliability/   (npm run test:reliability)
//   test-results/e2e/docs/*.png                       → docs/               (npm run test:e2e)
// and rewrites README's reliability table (between <!-- reliability-summary --> markers) from
// test/reliability/SUMMARY.md.
//
//   node scripts/docs-refresh.mjs           copy what the last run generated, then regenerate README
//   node scripts/docs-refresh.mjs --check   exit 1 when README's table is not the committed summary's
//   --force                                 copy a summary that lacks test files the committed one has
//                                           (a partial run) or that counts failures
import fs from 'node:fs';
import path from 'node:path';

import { ROOT } from './lib/n8n.mjs';
import { formatLikeRepo } from './lib/prettier.mjs';

const argv = process.argv.slice(2);
const CHECK = argv.includes('--check');
const FORCE = argv.includes('--force');

const README = path.join(ROOT, 'README.md');
const COMMITTED = path.join(ROOT, 'test/reliability');
const GENERATED = path.join(ROOT, 'test-results/reliability');
const SHOTS = path.join(ROOT, 'test-results/e2e/docs');
const DOCS = path.join(ROOT, 'docs');
const BEGIN = '<!-- reliability-summary -->';
const END = '<!-- /reliability-summary -->';

const rel = (file) => path.relative(ROOT, file);
const say = (...a) => console.log('[docs:refresh]', ...a);
const fail = (msg) => {
	console.error(`[docs:refresh] ${msg}`);
	process.exit(1);
};

/** The category table of a SUMMARY.md (header row through the Total row). */
function summaryTable(markdown) {
	const lines = markdown.split('\n');
	const start = lines.findIndex((l) => l.startsWith('| Category |'));
	const end = lines.findIndex((l, i) => i > start && l.startsWith('| **Total**'));
	if (start < 0 || end < 0) throw new Error('no category table (| Category | … | **Total** |)');
	return lines.slice(start, end + 1).join('\n');
}

/** README with the block between the markers replaced by `table`. */
function withTable(readme, table) {
	const a = readme.indexOf(BEGIN);
	const b = readme.indexOf(END);
	if (a < 0 || b < a) throw new Error(`README.md lacks the ${BEGIN} … ${END} markers`);
	return `${readme.slice(0, a + BEGIN.length)}\n${table}\n${readme.slice(b)}`;
}

/**
 * A Markdown table's cells, trimmed, without the alignment row: two tables with the same content are
 * equal however they are padded (a formatter such as prettier pads README's tables).
 */
function cells(table) {
	return table
		.split('\n')
		.map((row) => row.trim())
		.filter((row) => row.startsWith('|') && !/^\|[\s:|-]+\|$/.test(row))
		.map((row) =>
			row
				.slice(1, -1)
				.split('|')
				.map((cell) => cell.trim()),
		);
}

function readmeTableMatches() {
	const table = summaryTable(fs.readFileSync(path.join(COMMITTED, 'SUMMARY.md'), 'utf8'));
	const readme = fs.readFileSync(README, 'utf8');
	const a = readme.indexOf(BEGIN);
	const b = readme.indexOf(END);
	if (a < 0 || b < a) throw new Error(`README.md lacks the ${BEGIN} … ${END} markers`);
	const current = readme.slice(a + BEGIN.length, b);
	return { ok: JSON.stringify(cells(current)) === JSON.stringify(cells(table)), readme, table };
}

function copyReliability() {
	const json = path.join(GENERATED, 'summary.json');
	if (!fs.existsSync(json)) {
		say(`no ${rel(json)} (run npm run test:reliability first): reliability summary left as it is`);
		return;
	}
	const fresh = JSON.parse(fs.readFileSync(json, 'utf8'));
	const committedFile = path.join(COMMITTED, 'summary.json');
	const committed = fs.existsSync(committedFile)
		? JSON.parse(fs.readFileSync(committedFile, 'utf8'))
		: { files: {} };
	const missing = Object.keys(committed.files || {}).filter((f) => !(f in (fresh.files || {})));
	if (missing.length && !FORCE)
		fail(
			`${rel(json)} lacks ${missing.join(', ')} (a partial run): run npm run test:reliability, or --force`,
		);
	if (fresh.totals.lost > 0 && !FORCE)
		fail(
			`${rel(json)} counts ${fresh.totals.lost} case(s) that did not hold: fix them, or --force to publish that`,
		);
	for (const name of ['summary.json', 'SUMMARY.md'])
		fs.copyFileSync(path.join(GENERATED, name), path.join(COMMITTED, name));
	say(
		`${rel(GENERATED)} → ${rel(COMMITTED)}: ${fresh.totals.tried} tried, ${fresh.totals.held} held, ${fresh.totals.lost} lost (generated ${fresh.generatedAt})`,
	);
}

function copyScreenshots() {
	const shots = fs.existsSync(SHOTS) ? fs.readdirSync(SHOTS).filter((f) => f.endsWith('.png')) : [];
	if (!shots.length) {
		say(`no screenshots in ${rel(SHOTS)} (run npm run test:e2e first): docs/ left as it is`);
		return;
	}
	fs.mkdirSync(DOCS, { recursive: true });
	for (const f of shots) fs.copyFileSync(path.join(SHOTS, f), path.join(DOCS, f));
	say(`${rel(SHOTS)} → docs/: ${shots.join(', ')}`);
}

if (CHECK) {
	const { ok } = readmeTableMatches();
	if (!ok)
		fail(
			`README.md's reliability table differs from ${rel(path.join(COMMITTED, 'SUMMARY.md'))}: run npm run docs:refresh`,
		);
	console.log('README reliability table matches test/reliability/SUMMARY.md');
} else {
	copyReliability();
	copyScreenshots();
	const { ok, readme, table } = readmeTableMatches();
	if (!ok) fs.writeFileSync(README, await formatLikeRepo(withTable(readme, table), README));
	say(ok ? 'README reliability table already up to date' : 'README reliability table rewritten');
}
