// Links stay true: every relative link and image of the repository's Markdown (README, docs/, the
// READMEs of bench/, sandbox/ and test/e2e/, CHANGELOG) names a file the repository has, and every
// #anchor a heading of its target (GitHub's slugs); the generated tables sit, once, where their
// generator writes them, with no hand-made copy elsewhere.
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { anchorsOf, brokenLinks, githubSlug, linksOf } = require('./helpers/markdownLinks');

const ROOT = path.join(__dirname, '..');
const FIXTURE = path.join(__dirname, 'fixtures/links');

/** The Markdown files a reader opens: tracked or new (not ignored), fixtures and generated files aside. */
function markdownFiles() {
	const out = execFileSync(
		'git',
		['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', '*.md'],
		{ cwd: ROOT, encoding: 'utf8' },
	);
	return out
		.split('\0')
		.filter(Boolean)
		.filter((f) => !f.startsWith('test/fixtures/') && fs.existsSync(path.join(ROOT, f)))
		.sort();
}

const show = (problems) => problems.map((p) => `${p.file}:${p.line} (${p.target}): ${p.problem}`);

test('every relative link and anchor in the Markdown files resolves', () => {
	const files = markdownFiles();
	for (const f of ['README.md', 'bench/README.md', 'sandbox/README.md', 'test/e2e/README.md'])
		expect(files).toContain(f);
	expect(files.filter((f) => f.startsWith('docs/'))).toEqual(
		fs.existsSync(path.join(ROOT, 'docs'))
			? fs
					.readdirSync(path.join(ROOT, 'docs'), { recursive: true })
					.filter((f) => f.endsWith('.md'))
					.map((f) => `docs/${f}`)
					.sort()
			: [],
	);
	expect(show(brokenLinks(files, { root: ROOT }))).toEqual([]);
});

test('the checker reports each broken link of the fixture, and nothing else', () => {
	// On disk but git-ignored (test-results/), so absent from the repository GitHub shows.
	const ignored = path.join(FIXTURE, 'test-results/report.md');
	fs.mkdirSync(path.dirname(ignored), { recursive: true });
	fs.writeFileSync(ignored, '# Report\n');
	try {
		const problems = brokenLinks(['README.md'], { root: FIXTURE });
		const markdown = fs.readFileSync(path.join(FIXTURE, 'README.md'), 'utf8');
		const brokenLines = markdown
			.split('\n')
			.map((line, i) => (/^- broken:/.test(line) || /^\[missing\]:/.test(line) ? i + 1 : 0))
			.filter(Boolean);
		expect(show(problems)).toEqual([
			'README.md:21 (docs/missing.md): docs/missing.md is not in the repository',
			'README.md:22 (docs/guide.md#no-such-heading): #no-such-heading is not a heading or anchor of docs/guide.md',
			'README.md:23 (#no-such-section): #no-such-section is not a heading or anchor of README.md',
			'README.md:24 (docs/missing.png): docs/missing.png is not in the repository',
			'README.md:25 (docs/missing-too.png): docs/missing-too.png is not in the repository',
			'README.md:27 (docs/picture.png#top): #top: docs/picture.png is not a Markdown file with headings',
			'README.md:28 (../../../../../outside.md): points outside the repository',
			'README.md:29 (test-results/report.md): test-results/report.md is not in the repository',
			'README.md:32 (docs/nowhere.md): docs/nowhere.md is not in the repository',
		]);
		expect([...new Set(problems.map((p) => p.line))].sort((a, b) => a - b)).toEqual(brokenLines);
	} finally {
		fs.rmSync(path.dirname(ignored), { recursive: true, force: true });
	}
});

test("anchors follow GitHub's slugs: punctuation dropped, spaces to hyphens, repeats numbered, <a id> kept", () => {
	expect(githubSlug('Credential: Agora Media Broadcast API')).toBe(
		'credential-agora-media-broadcast-api',
	);
	expect(githubSlug('Recipe: ban a stream when moderation says "block"')).toBe(
		'recipe-ban-a-stream-when-moderation-says-block',
	);
	expect(githubSlug('End-to-end tests (real n8n)')).toBe('end-to-end-tests-real-n8n');
	expect(githubSlug('Set-up: `npm run dev`')).toBe('set-up-npm-run-dev');
	expect(githubSlug('Queue mode — 3 workers, 92 %')).toBe('queue-mode--3-workers-92-');
	expect(githubSlug('Über _emphasis_ and snake_case')).toBe('über-emphasis-and-snake_case');
	expect(githubSlug('See [the guide](docs/guide.md) **now**')).toBe('see-the-guide-now');
	const anchors = anchorsOf(
		'# Usage\n\n## Usage\n\nSetext\n------\n\n```\n# not a heading\n```\n\n<a name="here"></a>\n',
	);
	expect([...anchors].sort()).toEqual(['here', 'setext', 'usage', 'usage-1']);
	expect(
		linksOf('[a](x.md "title") [b](<y z.md>) [c](f(1).md)\n`[d](no.md)`\n[r]: ref.md\n').map(
			(l) => l.target,
		),
	).toEqual(['x.md', 'y z.md', 'f(1).md', 'ref.md']);
});

/**
 * The generated tables. Each generator's --check names the files it writes (and fails when one lacks
 * its markers); its markers (read from its source) are in exactly those files, once each and in order;
 * and the table's header row is nowhere outside them (a hand-made copy would go stale), but in the
 * file it is copied from.
 */
const GENERATORS = [
	{
		script: 'scripts/operations-table.mjs',
		what: 'operations tables',
		header: /^\|\s*Resource\s*\|\s*Operations?\s*\|/,
	},
	{
		script: 'scripts/docs-refresh.mjs',
		what: 'reliability counts',
		header: /^\|\s*Category\s*\|\s*Tried\s*\|/,
		copiedFrom: 'test/reliability/SUMMARY.md', // the reliability suite writes it, the generator copies it
	},
];

describe.each(GENERATORS)('$what ($script)', ({ script, header, copiedFrom }) => {
	test('sit between their markers in the files the generator writes, and nowhere else', () => {
		const source = fs.readFileSync(path.join(ROOT, script), 'utf8');
		const [begin, end, ...more] = [
			...new Set([...source.matchAll(/'(<!-- \/?[a-z-]+ -->)'/g)].map((m) => m[1])),
		];
		expect([begin, end, more]).toEqual([expect.any(String), begin.replace('<!-- ', '<!-- /'), []]);
		const check = spawnSync('node', [path.join(ROOT, script), '--check'], {
			cwd: ROOT,
			encoding: 'utf8',
		});
		expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
		const targets = [...new Set(check.stdout.match(/[\w./-]+\.md\b/g) || [])]
			.filter((f) => f !== copiedFrom && fs.existsSync(path.join(ROOT, f)))
			.sort();
		expect(targets.length).toBeGreaterThan(0);

		const withMarkers = [];
		const strays = [];
		for (const file of markdownFiles()) {
			if (file === copiedFrom) continue;
			const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
			const count = (s) => text.split(s).length - 1;
			const [a, b] = [text.indexOf(begin), text.indexOf(end)];
			if (count(begin) || count(end))
				withMarkers.push({ file, begin: count(begin), end: count(end), inOrder: a < b });
			let at = 0;
			text.split('\n').forEach((line, i) => {
				if (header.test(line) && !(a >= 0 && at > a && at < b)) strays.push(`${file}:${i + 1}`);
				at += line.length + 1;
			});
		}
		expect(withMarkers).toEqual(targets.map((file) => ({ file, begin: 1, end: 1, inOrder: true })));
		expect(strays).toEqual([]);
	});
});
