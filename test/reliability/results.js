// Records what the reliability suite tried and what held, and writes the summary docs/testing.md shows.
//
// Each test calls `record(category, caseName, held, detail)` with the outcome it actually measured
// (not a constant): held = the property under test held for that case (bad input refused before any
// request, item recovered, no POST sent twice, no secret found, ...). Each test file calls
// `flush(__filename)` in afterAll: its counts replace that file's entry under `files` in
// test-results/reliability/summary.json, and the totals and SUMMARY.md are rebuilt from all files'
// entries. Running one file updates its categories and keeps the others' last results (each category
// says when it was measured). Those outputs are git-ignored, so running the tests changes no tracked
// file; `npm run docs:refresh` copies them to test/reliability/ (the committed copy docs/testing.md shows).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const DIR = path.join(__dirname, '../../test-results/reliability');
const SUMMARY_JSON = path.join(DIR, 'summary.json');
const SUMMARY_MD = path.join(DIR, 'SUMMARY.md');

/** Category order and what "held" means in each; categories not listed are appended. */
const CATEGORIES = {
	'Bad input':
		'refused with a NodeOperationError naming the field, and no request reached the sandbox',
	'Continue On Fail pairing':
		'bad items error and good items succeed in the same batch, each output paired to its input index, no request for a bad item',
	'Scripted faults':
		'idempotent calls recover; POSTs are sent once unless answered 429; exhausted retries say what happened',
	'1,000 items with 10% faults':
		'exactly one output per input item; POST never applied twice; every idempotent item applied; errors say what happened',
	'Clock skew': 'the 401 names the clock skew',
	'Credential base URL':
		'http:// to a non-loopback host refused with an error saying https is required, no request sent',
	Redirects:
		'a 3xx is an error naming the Location host; sent once, nothing reaches the other host',
	'Deadline per attempt':
		'a server dribbling one byte every 400 ms fails at the deadline (connection cut); absurd Timeouts refused before any request',
	'API Base URL': 'user info, a query, a fragment or a non-https scheme refused before any request',
	Secrets:
		"no secret in outputs, errors or execution data (n8n's copy of node parameters aside); never the Customer Secret or an Authorization header",
	'Trigger deliveries (in-process harness)':
		"exactly the valid, unique deliveries started an execution, each once (n8n-core's WebhookContext and WorkflowExecute, no n8n server)",
	'Trigger deliveries (real n8n)':
		'in n8n 2.41.1 itself (`n8n start`, test/e2e/triggerDeliveries.test.mjs): the delivery got its expected answer and n8n recorded exactly one execution per valid unique event, none for anything else',
};

const records = [];
const notes = [];
const startedAt = Date.now();

/** A measured fact shown under the category (e.g. how many faults were injected). */
function note(category, text) {
	notes.push({ category, text });
}

function record(category, name, held, detail) {
	records.push({
		category,
		name,
		held: Boolean(held),
		...(detail !== undefined ? { detail } : {}),
	});
	return Boolean(held);
}

/** Many cases at once, e.g. the 1,000 items of one run. `cases`: [{ name, held, detail? }]. */
function recordMany(category, cases) {
	for (const entry of cases) record(category, entry.name, entry.held, entry.detail);
}

/** This file's records, counted per category (what summary.json keeps per file). */
function fileEntry(file, finishedAt) {
	const categories = {};
	for (const entry of records) {
		const category = (categories[entry.category] ??= {
			tried: 0,
			held: 0,
			lost: 0,
			notHeld: [],
			notes: [],
		});
		category.tried++;
		if (entry.held) category.held++;
		else {
			category.lost++;
			if (category.notHeld.length < 50)
				category.notHeld.push({
					name: entry.name,
					...(entry.detail !== undefined ? { detail: entry.detail } : {}),
				});
		}
	}
	for (const entry of notes) categories[entry.category]?.notes.push(entry.text);
	return {
		file,
		finishedAt: new Date(finishedAt).toISOString(),
		durationMs: finishedAt - startedAt,
		categories,
	};
}

/** Totals per category over the files' entries. */
function summarise(files) {
	const byCategory = new Map();
	for (const file of Object.values(files)) {
		for (const [name, counts] of Object.entries(file.categories)) {
			let category = byCategory.get(name);
			if (!category) {
				category = {
					category: name,
					tried: 0,
					held: 0,
					lost: 0,
					files: [],
					measuredAt: file.finishedAt,
					notes: [],
					notHeld: [],
				};
				byCategory.set(name, category);
			}
			category.tried += counts.tried;
			category.held += counts.held;
			category.lost += counts.lost;
			category.files.push(file.file);
			category.notes.push(...counts.notes);
			category.notHeld.push(...counts.notHeld);
			if (file.finishedAt > category.measuredAt) category.measuredAt = file.finishedAt;
		}
	}
	const order = Object.keys(CATEGORIES);
	const rank = (name) => (order.includes(name) ? order.indexOf(name) : order.length);
	const categories = [...byCategory.values()]
		.sort((a, b) => rank(a.category) - rank(b.category) || a.category.localeCompare(b.category))
		.map((entry) => ({
			category: entry.category,
			held_means: CATEGORIES[entry.category] ?? '',
			tried: entry.tried,
			held: entry.held,
			lost: entry.lost,
			measuredAt: entry.measuredAt,
			files: entry.files.sort(),
			notes: entry.notes,
			notHeld: entry.notHeld,
		}));
	const totals = categories.reduce(
		(sum, entry) => ({
			tried: sum.tried + entry.tried,
			held: sum.held + entry.held,
			lost: sum.lost + entry.lost,
		}),
		{ tried: 0, held: 0, lost: 0 },
	);
	const runtimeMs = Object.values(files).reduce((sum, file) => sum + (file.durationMs ?? 0), 0);
	return {
		generatedAt: new Date().toISOString(),
		node: process.version,
		runtimeSeconds: Math.round(runtimeMs / 100) / 10,
		totals,
		categories,
		files,
	};
}

function markdown(summary) {
	const lines = [
		'# Reliability and security suite: summary',
		'',
		`Generated ${summary.generatedAt} by \`npm run test:reliability\` from the outcomes the tests measured (test/reliability/results.js). ` +
			`Node ${summary.node}; test time ${summary.runtimeSeconds} s (sum over test files).`,
		'',
		'"Tried" counts cases (or items, or deliveries); "held" those for which the property held; "lost" those for which it did not.',
		'',
		'| Category | Tried | Held | Lost | Held means |',
		'| --- | ---: | ---: | ---: | --- |',
		...summary.categories.map(
			(entry) =>
				`| ${entry.category} | ${entry.tried} | ${entry.held} | ${entry.lost} | ${entry.held_means} |`,
		),
		`| **Total** | **${summary.totals.tried}** | **${summary.totals.held}** | **${summary.totals.lost}** | |`,
		'',
	];
	const noted = summary.categories.filter((entry) => entry.notes.length > 0);
	if (noted.length) {
		lines.push('## Measured', '');
		for (const entry of noted)
			for (const text of entry.notes) lines.push(`- ${entry.category}: ${text}`);
		lines.push('');
	}
	lines.push('## Test files', '', '| File | Finished | Seconds |', '| --- | --- | ---: |');
	for (const file of Object.values(summary.files))
		lines.push(`| ${file.file} | ${file.finishedAt} | ${(file.durationMs / 1000).toFixed(1)} |`);
	lines.push('');
	const failing = summary.categories.filter((entry) => entry.lost > 0);
	if (failing.length) {
		lines.push('## Not held', '');
		for (const entry of failing) {
			lines.push(`### ${entry.category} (${entry.lost})`, '');
			for (const item of entry.notHeld) {
				const detail =
					item.detail === undefined
						? ''
						: `: ${typeof item.detail === 'string' ? item.detail : JSON.stringify(item.detail)}`;
				lines.push(`- ${item.name}${detail}`.replace(/\s+/g, ' '));
			}
			if (entry.lost > entry.notHeld.length)
				lines.push(`- … and ${entry.lost - entry.notHeld.length} more`);
			lines.push('');
		}
	}
	return `${lines.join('\n')}\n`;
}

function writeAtomically(target, text) {
	const temporary = `${target}.${process.pid}.tmp`;
	fs.writeFileSync(temporary, text);
	fs.renameSync(temporary, target);
}

/** Holds a lock file while `fn` runs, so test files finishing at once (parallel workers) do not race. */
function withLock(fn) {
	const lock = `${SUMMARY_JSON}.lock`;
	const deadline = Date.now() + 10000;
	let fd;
	for (;;) {
		try {
			fd = fs.openSync(lock, 'wx');
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			// A lock older than 30 s was left by a killed run.
			try {
				if (Date.now() - fs.statSync(lock).mtimeMs > 30000) fs.unlinkSync(lock);
			} catch {
				/* gone already */
			}
			if (Date.now() > deadline) break;
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
		}
	}
	try {
		return fn();
	} finally {
		if (fd !== undefined) {
			fs.closeSync(fd);
			fs.rmSync(lock, { force: true });
		}
	}
}

/** Puts this file's counts into summary.json and rebuilds the totals and SUMMARY.md. */
function flush(testFile) {
	const file = path.basename(testFile);
	fs.mkdirSync(DIR, { recursive: true });
	return withLock(() => {
		let files = {};
		try {
			files = JSON.parse(fs.readFileSync(SUMMARY_JSON, 'utf8')).files ?? {};
		} catch {
			files = {};
		}
		// A run of only some tests (-t, --onlyFailures) would replace the file's counts with a part of
		// them: the summary keeps the last complete run of the file instead.
		const partial = process.argv.some(
			(arg) =>
				arg === '-t' ||
				arg.startsWith('--testNamePattern') ||
				arg === '--onlyFailures' ||
				arg === '-f',
		);
		if (records.length && !partial) files[file] = fileEntry(file, Date.now());
		const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
		const summary = summarise(sorted);
		writeAtomically(SUMMARY_JSON, `${JSON.stringify(summary, null, 2)}\n`);
		writeAtomically(SUMMARY_MD, markdown(summary));
		return summary;
	});
}

module.exports = {
	record,
	recordMany,
	note,
	flush,
	summarise,
	markdown,
	CATEGORIES,
	SUMMARY_JSON,
	SUMMARY_MD,
};
