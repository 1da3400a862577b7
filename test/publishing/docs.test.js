// docs/publishing.md says what scripts/verify.mjs enforces, and its requirement tables leave nothing
// open that code could close: every row is met, not applicable, or waits for a person's step.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const DOC = fs.readFileSync(path.join(ROOT, 'docs/publishing.md'), 'utf8');
const VERIFY = fs.readFileSync(path.join(ROOT, 'scripts/verify.mjs'), 'utf8');

/** The data rows of the Markdown tables under `heading`, as arrays of cells. */
function rowsUnder(heading) {
	const start = DOC.indexOf(`\n${heading}\n`);
	expect(start).toBeGreaterThan(0);
	const rest = DOC.slice(start + heading.length + 2);
	const section = rest.slice(0, rest.search(/\n#{2,3} /));
	return section
		.split('\n')
		.filter((line) => line.startsWith('|') && !/^\|[-| ]+\|$/.test(line))
		.slice(1) // the header row
		.map((line) =>
			line
				.slice(1, -1)
				.split(' | ')
				.map((cell) => cell.trim()),
		);
}

test('the size budget in the doc is the one verify enforces', () => {
	const budget = /packedBytes: ([\d_]+), unpackedBytes: ([\d_]+)/.exec(VERIFY);
	expect(budget).not.toBeNull();
	const [packed, unpacked] = budget.slice(1).map((n) => Number(n.replace(/_/g, '')));
	const format = (n) => n.toLocaleString('en-US');
	expect(DOC).toContain(
		`at most ${format(packed)} bytes packed and ${format(unpacked)} bytes unpacked`,
	);
});

test.each(['### Verification guidelines', '### UX guidelines'])(
	'%s: every requirement has a place and a status that leaves nothing open to code',
	(heading) => {
		const rows = rowsUnder(heading);
		expect(rows.length).toBeGreaterThan(15);
		for (const [requirement, where, status] of rows) {
			expect([requirement, where.length > 10]).toEqual([requirement, true]);
			expect([requirement, status]).toEqual([
				requirement,
				expect.stringMatching(
					/^(Met|Not applicable|Not needed \(tested\)|Needs a person: steps? [\d ,and]+( below)?|Met in code; .*step \d.*|Met offline; .*step \d.*)$/,
				),
			]);
		}
	},
);

test('the steps for a person are numbered in order and name the repository package.json names', () => {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const repo = pkg.repository.url.replace(/^https:\/\/|\.git$/g, '');
	const steps = DOC.slice(DOC.indexOf('## Steps that need a person'));
	expect(steps).toContain(repo);
	expect(steps).toContain(pkg.author.email);
	const numbers = [...steps.matchAll(/^(\d)\. \*\*/gm)].map((m) => Number(m[1]));
	expect(numbers).toEqual([1, 2, 3, 4, 5]);
});
