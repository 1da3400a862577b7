#!/usr/bin/env node
// `npm run verify`: what n8n's review of a community package checks, run here on what `npm publish`
// would upload, offline. docs/publishing.md explains each check and the size budget.
//
//   1. build dist/ when it is missing or older than a source file (--skip-build: never);
//   2. Cloud eligibility as `n8n-node cloud-support` reports it (strict mode + the default ESLint config);
//   3. `npm pack`, the tarball extracted into a temporary folder;
//   4. what is in it: only dist/, README.md, LICENSE and package.json; no tests, source maps, .ts other
//      than .d.ts, build info or compiled files whose source is gone; every n8n.nodes/credentials entry
//      present; packed and unpacked size within the budget;
//   5. n8n's community-package scanner (@n8n/scan-community-package, its own ESLint config and plugins,
//      inline eslint-disable comments ignored) on the tarball's JavaScript and package.json, and on the
//      source it would fetch from the provenance commit (package.json, nodes/, credentials/).
// Exits 1 when any check fails, each failure on its own line saying what and where.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Measured on 0.1.0 (2026-12-06): 113,480 bytes packed, 495,064 unpacked, 249 files. The budget leaves
 * about 50 % for growth; a tarball over it almost always carries something it should not.
 */
export const BUDGET = { packedBytes: 170_000, unpackedBytes: 750_000 };

const TOP_LEVEL_FILES = new Set(['package.json', 'README.md', 'LICENSE']);
const SOURCE_DIRS = ['nodes', 'credentials', 'icons'];
const SOURCE_FILES = ['package.json', 'tsconfig.json', 'gulpfile.js'];

const log = (line) => console.log(`verify: ${line}`);

function walk(dir, base = dir) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return walk(full, base);
		return [path.relative(base, full).split(path.sep).join('/')];
	});
}

const newest = (files) => Math.max(0, ...files.map((f) => fs.statSync(f).mtimeMs));

function run(cmd, args, options = {}) {
	return spawnSync(cmd, args, {
		cwd: ROOT,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		...options,
	});
}

/** Builds when dist/ is missing or a source file changed after the newest file in dist/. */
function buildIfNeeded(skip) {
	const dist = path.join(ROOT, 'dist');
	const built = newest(walk(dist).map((f) => path.join(dist, f)));
	const sources = [
		...SOURCE_DIRS.flatMap((d) => walk(path.join(ROOT, d)).map((f) => path.join(ROOT, d, f))),
		...SOURCE_FILES.map((f) => path.join(ROOT, f)).filter((f) => fs.existsSync(f)),
	];
	const stale = built === 0 || newest(sources) > built;
	if (!stale) return log('dist/ is up to date');
	if (skip) return log('dist/ is older than the sources, but --skip-build was given');
	log(built === 0 ? 'no dist/: npm run build' : 'dist/ is older than the sources: npm run build');
	const r = run('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
	if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}

/** `n8n-node cloud-support` prints the status; it exits 0 either way, so its words decide. */
function cloudSupportProblems() {
	const bin = path.join(ROOT, 'node_modules/.bin/n8n-node');
	const r = run(bin, ['cloud-support'], { stdio: ['ignore', 'pipe', 'pipe'] });
	const out = stripVTControlCharacters(`${r.stdout}${r.stderr}`);
	if (r.status === 0 && /Cloud support is ENABLED/.test(out)) return [];
	const why = out
		.split('\n')
		.filter((l) => /Strict mode|ESLint config|Status/.test(l))
		.map((l) => l.replace(/^[\s│•]+/, '').trim());
	return [
		`n8n-node cloud-support: not eligible for n8n Cloud (${why.join('; ') || `exit ${r.status}`}). Keep "n8n": {"strict": true} in package.json and eslint.config.mjs as n8n-node scaffolds it (npx n8n-node cloud-support enable)`,
	];
}

/** npm pack into `dir`; returns npm's report of the tarball. */
function pack(dir) {
	const r = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir]);
	if (r.status !== 0) throw new Error(`npm pack failed (exit ${r.status}):\n${r.stderr}`);
	const [report] = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
	return report;
}

function extract(tarball, into) {
	fs.mkdirSync(into, { recursive: true });
	const r = run('tar', ['-xzf', tarball, '-C', into, '--strip-components=1']);
	if (r.status !== 0) throw new Error(`tar -xzf ${tarball} failed:\n${r.stderr}`);
}

/** Problems with the files of the extracted tarball at `dir` (npm's `report` gives the sizes). */
export function contentProblems(dir, report, budget = BUDGET) {
	const files = walk(dir);
	const problems = [];
	const isTest = (f) =>
		/(^|\/)(__tests__|__mocks__|tests?|fixtures?)\//.test(f) ||
		/\.(test|spec)\.[cm]?[jt]sx?$/.test(f);
	for (const f of files) {
		if (!f.startsWith('dist/')) {
			if (!TOP_LEVEL_FILES.has(f))
				problems.push(
					`${f}: only dist/, README.md, LICENSE and package.json belong in the package (check "files" in package.json)`,
				);
			continue;
		}
		if (isTest(f))
			problems.push(`${f}: a test file in the package (keep tests out of nodes/ and credentials/)`);
		else if (f.endsWith('.map')) problems.push(`${f}: a source map in the package`);
		else if (f.endsWith('.ts') && !f.endsWith('.d.ts'))
			problems.push(`${f}: a TypeScript source in the package`);
		else if (f.endsWith('.tsbuildinfo'))
			problems.push(`${f}: TypeScript build info in the package`);
		else if (/^dist\/(nodes|credentials)\/.+\.js$/.test(f)) {
			// tsc --incremental leaves the output of a deleted source behind; it would still be published.
			const source = path.join(ROOT, f.slice('dist/'.length).replace(/\.js$/, '.ts'));
			if (!fs.existsSync(source))
				problems.push(
					`${f}: compiled from a source that no longer exists (npm run build starts from an empty dist/)`,
				);
		}
	}
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	for (const entry of [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])])
		if (!files.includes(entry))
			problems.push(`package.json n8n entry ${entry} is not in the package`);
	if (report.size > budget.packedBytes)
		problems.push(
			`the tarball is ${report.size} bytes, over the ${budget.packedBytes}-byte budget (docs/publishing.md)`,
		);
	if (report.unpackedSize > budget.unpackedBytes)
		problems.push(
			`the package unpacks to ${report.unpackedSize} bytes, over the ${budget.unpackedBytes}-byte budget (docs/publishing.md)`,
		);
	return problems;
}

/** The scanner's ESLint run on the tarball and on the source; its stylish report for each failure. */
async function scannerProblems(packageDir) {
	const { analyzePackage, SOURCE_FILE_PATTERNS } =
		await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const problems = [];
	for (const [what, dir, patterns] of [
		['the tarball (**/*.js, package.json)', packageDir, ['**/*.js', 'package.json']],
		['the source (package.json, nodes/, credentials/)', ROOT, SOURCE_FILE_PATTERNS],
	]) {
		const result = await analyzePackage(dir, patterns);
		if (result.passed) log(`n8n scanner: ${what} passes`);
		else
			problems.push(
				`n8n scanner on ${what}: ${result.message}${result.details ? `\n${result.details.trim()}` : ''}`,
			);
	}
	return problems;
}

async function main(argv) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-verify-'));
	// The scanner makes its own temporary folder when loaded and never removes it: keep it in ours.
	process.env.TMPDIR = work;
	// eslint-plugin-n8n-nodes-base has a test mode under NODE_ENV=test (set by jest) in which every node
	// file counts as "Test.node.ts"; the review runs without it.
	delete process.env.NODE_ENV;
	const failures = [];
	try {
		buildIfNeeded(argv.includes('--skip-build'));

		const cloud = cloudSupportProblems();
		if (cloud.length === 0)
			log('n8n-node cloud-support: eligible (strict mode, default ESLint config)');
		failures.push(...cloud);

		const report = pack(work);
		const packageDir = path.join(work, 'package');
		extract(path.join(work, report.filename), packageDir);
		log(
			`${report.filename}: ${report.size} bytes packed (budget ${BUDGET.packedBytes}), ${report.unpackedSize} unpacked (budget ${BUDGET.unpackedBytes}), ${report.entryCount} files`,
		);
		const contents = contentProblems(packageDir, report);
		if (contents.length === 0) log('contents: only dist/, README.md, LICENSE, package.json');
		failures.push(...contents);

		failures.push(...(await scannerProblems(packageDir)));
	} catch (error) {
		failures.push(error.message);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	if (failures.length) {
		for (const failure of failures) console.error(`verify: FAILED: ${failure}`);
		console.error(
			`verify: ${failures.length} check(s) failed; the package is not ready to publish`,
		);
		return 1;
	}
	log('the package is ready to publish');
	return 0;
}

if (import.meta.url === `file://${process.argv[1]}`)
	process.exit(await main(process.argv.slice(2)));
