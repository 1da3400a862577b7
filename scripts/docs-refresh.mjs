#!/usr/bin/env node
// `npm run docs:refresh`: updates the committed copies of what the tests generate. The tests write only
// to git-ignored test-results/ (so `npm test` leaves `git status` clean); this copies the last run's
//   test-results/reliability/{summary.json,SUMMARY.md} → test/reliability/   (npm run test:reliability)
//   test-results/e2e/docs/*.png                       → docs/               (npm run test:e2e)
//   test-results/e2e/docs/frames/*.png                → docs/editor-tour.gif (the editor tour, with ffmpeg)
// and rewrites the reliability table of docs/testing.md (between <!-- reliability-summary --> markers)
// from test/reliability/SUMMARY.md.
//
//   node scripts/docs-refresh.mjs           copy what the last run generated, then regenerate the table
//   node scripts/docs-refresh.mjs --check   exit 1 when docs/testing.md's table is not the committed summary's
//   --force                                 copy a summary that lacks test files the committed one has
//                                           (a partial run) or that counts failures
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ROOT } from './lib/n8n.mjs';
import { formatLikeRepo } from './lib/prettier.mjs';

const argv = process.argv.slice(2);
const CHECK = argv.includes('--check');
const FORCE = argv.includes('--force');

const TESTING_DOC = path.join(ROOT, 'docs/testing.md');
const COMMITTED = path.join(ROOT, 'test/reliability');
const GENERATED = path.join(ROOT, 'test-results/reliability');
const SHOTS = path.join(ROOT, 'test-results/e2e/docs');
const DOCS = path.join(ROOT, 'docs');
const FRAMES = path.join(SHOTS, 'frames');
const TOUR = path.join(DOCS, 'editor-tour.gif');
/** The tour as it is read: ~1000 px wide, 2 s a frame (the last one 3.5 s before it loops). */
const TOUR_WIDTH = 1000;
const FRAME_SECONDS = 2;
const LAST_FRAME_SECONDS = 3.5;
const TOUR_MAX_BYTES = 2 * 1024 * 1024;
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

/** The document with the block between the markers replaced by `table`. */
function withTable(doc, table) {
	const a = doc.indexOf(BEGIN);
	const b = doc.indexOf(END);
	if (a < 0 || b < a) throw new Error(`${rel(TESTING_DOC)} lacks the ${BEGIN} … ${END} markers`);
	return `${doc.slice(0, a + BEGIN.length)}\n${table}\n${doc.slice(b)}`;
}

/**
 * A Markdown table's cells, trimmed, without the alignment row: two tables with the same content are
 * equal however they are padded (a formatter such as prettier pads the docs' tables).
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

function docTableMatches() {
	const table = summaryTable(fs.readFileSync(path.join(COMMITTED, 'SUMMARY.md'), 'utf8'));
	const doc = fs.readFileSync(TESTING_DOC, 'utf8');
	const a = doc.indexOf(BEGIN);
	const b = doc.indexOf(END);
	if (a < 0 || b < a) throw new Error(`${rel(TESTING_DOC)} lacks the ${BEGIN} … ${END} markers`);
	const current = doc.slice(a + BEGIN.length, b);
	return { ok: JSON.stringify(cells(current)) === JSON.stringify(cells(table)), doc, table };
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

/**
 * The editor tour's frames (the browser e2e test's screenshots, in name order) → docs/editor-tour.gif
 * with ffmpeg: one palette for all frames (UI colours, no dithering: flat areas compress), each frame
 * shown FRAME_SECONDS, the last LAST_FRAME_SECONDS.
 */
function assembleTour() {
	const frames = fs.existsSync(FRAMES)
		? fs
				.readdirSync(FRAMES)
				.filter((f) => f.endsWith('.png'))
				.sort()
		: [];
	if (!frames.length) {
		say(`no frames in ${rel(FRAMES)} (run npm run test:e2e first): ${rel(TOUR)} left as it is`);
		return;
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-tour-'));
	let problem = null;
	try {
		// The concat demuxer's list: each frame with how long it shows; the last one's time is the GIF's
		// final delay (the demuxer ignores the last duration).
		const list = frames.flatMap((f) => [
			`file '${path.join(FRAMES, f).replace(/'/g, "'\\''")}'`,
			`duration ${FRAME_SECONDS}`,
		]);
		const listFile = path.join(dir, 'frames.txt');
		fs.writeFileSync(listFile, `${list.join('\n')}\n`);
		const out = path.join(dir, 'tour.gif');
		const filter =
			`scale=${TOUR_WIDTH}:-1:flags=lanczos,split[a][b];` +
			'[a]palettegen=max_colors=128:stats_mode=full[p];[b][p]paletteuse=dither=none';
		const run = spawnSync(
			'ffmpeg',
			[
				'-hide_banner',
				'-loglevel',
				'error',
				'-y',
				'-f',
				'concat',
				'-safe',
				'0',
				'-i',
				listFile,
				'-vf',
				filter,
				'-fps_mode',
				'vfr',
				'-frames:v',
				String(frames.length),
				'-final_delay',
				String(Math.round(LAST_FRAME_SECONDS * 100)),
				'-loop',
				'0',
				out,
			],
			{ encoding: 'utf8' },
		);
		if (run.error)
			throw new Error(
				`ffmpeg is needed to assemble ${rel(TOUR)} (${run.error.code}): apt-get install ffmpeg`,
			);
		if (run.status !== 0)
			throw new Error(`ffmpeg failed (exit ${run.status}): ${run.stderr.trim()}`);
		const bytes = fs.statSync(out).size;
		if (bytes > TOUR_MAX_BYTES)
			throw new Error(
				`${rel(TOUR)} would be ${bytes} bytes (over ${TOUR_MAX_BYTES}): fewer or smaller frames`,
			);
		fs.mkdirSync(DOCS, { recursive: true });
		fs.copyFileSync(out, TOUR);
		say(
			`${rel(FRAMES)} → ${rel(TOUR)}: ${frames.length} frames, ${TOUR_WIDTH} px wide, ${Math.round(bytes / 1024)} KB`,
		);
	} catch (e) {
		problem = e.message;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	if (problem) fail(problem);
}

if (CHECK) {
	const { ok } = docTableMatches();
	if (!ok)
		fail(
			`${rel(TESTING_DOC)}'s reliability table differs from ${rel(path.join(COMMITTED, 'SUMMARY.md'))}: run npm run docs:refresh`,
		);
	console.log(`${rel(TESTING_DOC)} reliability table matches test/reliability/SUMMARY.md`);
} else {
	copyReliability();
	copyScreenshots();
	assembleTour();
	const { ok, doc, table } = docTableMatches();
	if (!ok) fs.writeFileSync(TESTING_DOC, await formatLikeRepo(withTable(doc, table), TESTING_DOC));
	say(`${rel(TESTING_DOC)} reliability table ${ok ? 'already up to date' : 'rewritten'}`);
}
