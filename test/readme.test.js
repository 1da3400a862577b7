// README.md is the user's page: short, Install first, and the sections a user looks for. The generated
// operations tables (a compact one in README, the full one in docs/operations.md) match the node's
// own description: scripts/operations-table.mjs writes them, and this fails when they drift apart.
// The counts come from the node itself, so adding an operation changes no number here.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const README_PATH = path.join(ROOT, 'README.md');
const README = fs.readFileSync(README_PATH, 'utf8');
const OPERATIONS_DOC = fs.readFileSync(path.join(ROOT, 'docs/operations.md'), 'utf8');

const { AgoraMediaBroadcast } = require(
	path.join(ROOT, 'dist/nodes/AgoraMediaBroadcast/AgoraMediaBroadcast.node.js'),
);

/** The `## ` headings of a Markdown text, in order, outside fenced code. */
const sections = (markdown) =>
	markdown
		.replace(/```[\s\S]*?```/g, '')
		.split('\n')
		.filter((line) => line.startsWith('## '))
		.map((line) => line.slice(3).trim());

/** The text of the `## title` section, up to the next `## `. */
function section(markdown, title) {
	const start = markdown.indexOf(`\n## ${title}\n`);
	if (start < 0) return null;
	const next = markdown.indexOf('\n## ', start + 1);
	return markdown.slice(start, next < 0 ? undefined : next);
}

const between = (text, start, end) => {
	const a = text.indexOf(start);
	const b = text.indexOf(end);
	return a >= 0 && b > a ? text.slice(a + start.length, b) : null;
};

test('README.md is at most 15,000 bytes (details belong in docs/)', () => {
	expect(fs.statSync(README_PATH).size).toBeLessThanOrEqual(15_000);
});

test('Install is the first section after the introduction; Compatibility and Behaviour and limits exist', () => {
	const titles = sections(README);
	expect(titles[0]).toBe('Install');
	expect(titles).toEqual(expect.arrayContaining(['Compatibility', 'Behaviour and limits']));
	// What a user looks for comes before the contributor's quick start.
	const development = titles.indexOf('Development');
	expect(development).toBeGreaterThan(0);
	for (const title of [
		'Credentials',
		'Operations',
		'Triggers',
		'Recipes',
		'Behaviour and limits',
	]) {
		const at = titles.indexOf(title);
		expect([title, at > 0 && at < development]).toEqual([title, true]);
	}
});

test('operations tables in README and docs/operations.md match the node', () => {
	const { properties } = new AgoraMediaBroadcast().description;
	const resources = properties.find((property) => property.name === 'resource').options;
	const operations = properties
		.filter((property) => property.name === 'operation')
		.reduce(
			(count, property) =>
				count + property.options.length * property.displayOptions.show.resource.length,
			0,
		);
	const out = execFileSync('node', [path.join(ROOT, 'scripts/operations-table.mjs'), '--check'], {
		encoding: 'utf8',
	});
	expect(out).toContain(
		`up to date in README.md and docs/operations.md (${resources.length} resources, ${operations} operations)`,
	);
});

test('the generated tables are where the generator writes them: compact in README "Operations", full in docs/operations.md', () => {
	const markers = ['<!-- operations-table -->', '<!-- /operations-table -->'];
	const inReadme = between(section(README, 'Operations') ?? '', ...markers);
	expect(inReadme).not.toBeNull();
	// One row per resource, no descriptions: the header names only Resource and Operations.
	expect(inReadme).toContain('| Resource | Operations |');
	expect(inReadme).toContain('| Stream | Ban, Cancel Delay,');
	const full = between(section(OPERATIONS_DOC, 'Every operation') ?? '', ...markers);
	expect(full).not.toBeNull();
	expect(full).toMatch(
		/\| Resource +\| Operation +\| Action in the nodes panel +\| What it does +\|/,
	);
	expect(full).toMatch(/\| Stream +\| Ban +\| Ban stream +\| Refuse pushes of a stream/);
	// The reliability counts live in docs/testing.md now (scripts/docs-refresh.mjs writes them there).
	expect(README).not.toContain('<!-- reliability-summary -->');
});

test('every page in docs/ is listed in the docs index', () => {
	const index = fs.readFileSync(path.join(ROOT, 'docs/README.md'), 'utf8');
	const pages = fs
		.readdirSync(path.join(ROOT, 'docs'))
		.filter((file) => file.endsWith('.md') && file !== 'README.md');
	for (const page of pages) expect([page, index.includes(`](${page})`)]).toEqual([page, true]);
});
