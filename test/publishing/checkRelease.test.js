// scripts/check-release.mjs, the first step of publish.yml: a tag is published only when it is
// package.json's version and CHANGELOG.md says what that version changed.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');

const CHANGELOG = `# Changelog

## [Unreleased]

## [0.2.0] - 2026-12-01

### Added

- Something users can do now.

## [0.1.0] - 2026-11-28

- First release.
`;

/** Runs a copy of the script in a folder with the given package version and changelog. */
function checkRelease({ version = '0.2.0', changelog = CHANGELOG, args = [], env = {} }) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-release-'));
	try {
		fs.mkdirSync(path.join(dir, 'scripts'));
		fs.copyFileSync(
			path.join(ROOT, 'scripts/check-release.mjs'),
			path.join(dir, 'scripts/check-release.mjs'),
		);
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', version }));
		fs.writeFileSync(path.join(dir, 'CHANGELOG.md'), changelog);
		const r = spawnSync('node', [path.join(dir, 'scripts/check-release.mjs'), ...args], {
			encoding: 'utf8',
			env: { ...process.env, GITHUB_REF_NAME: '', ...env },
		});
		return { code: r.status, out: `${r.stdout}${r.stderr}` };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

test('the tag of the version with a changelog section passes', () => {
	const r = checkRelease({ args: ['v0.2.0'] });
	expect(r.out).toContain('v0.2.0 matches package.json and CHANGELOG.md');
	expect(r.code).toBe(0);
});

test('without an argument it checks the pushed tag (GITHUB_REF_NAME)', () => {
	expect(checkRelease({ env: { GITHUB_REF_NAME: 'v0.2.0' } }).code).toBe(0);
	const r = checkRelease({ env: { GITHUB_REF_NAME: 'v0.1.0' } });
	expect(r.code).toBe(1);
	expect(r.out).toContain('tag "v0.1.0" does not match package.json\'s version 0.2.0');
});

test('a tag that differs from package.json is refused, saying how to fix it', () => {
	const r = checkRelease({ args: ['v0.2.1'] });
	expect(r.code).toBe(1);
	expect(r.out).toContain(
		'tag "v0.2.1" does not match package.json\'s version 0.2.0: tag v0.2.0, or set "version" to 0.2.1 and tag again',
	);
	expect(r.out).toContain('nothing was published');
});

test.each(['0.2.0', 'v0.2', 'release-0.2.0', 'vnext'])('"%s" is not a version tag', (tag) => {
	const r = checkRelease({ args: [tag] });
	expect(r.code).toBe(1);
	expect(r.out).toContain(`tag "${tag}" is not a version tag like v1.2.3`);
});

test('a version with no changelog section is refused', () => {
	const r = checkRelease({ version: '0.3.0', args: ['v0.3.0'] });
	expect(r.code).toBe(1);
	expect(r.out).toContain('CHANGELOG.md has no section for 0.3.0');
});

test('a version whose changelog section is empty is refused', () => {
	const changelog = CHANGELOG.replace(
		'### Added\n\n- Something users can do now.\n',
		'### Added\n',
	);
	const r = checkRelease({ args: ['v0.2.0'], changelog });
	expect(r.code).toBe(1);
	expect(r.out).toContain("CHANGELOG.md's section for 0.2.0 is empty");
});

test('a prerelease tag matches a prerelease version', () => {
	const changelog = CHANGELOG.replace('## [0.2.0] - 2026-12-01', '## [0.2.0-rc.1] - 2026-12-01');
	expect(checkRelease({ version: '0.2.0-rc.1', changelog, args: ['v0.2.0-rc.1'] }).code).toBe(0);
});

test("this repository's own version has its changelog section", () => {
	const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const r = spawnSync('node', [path.join(ROOT, 'scripts/check-release.mjs'), `v${version}`], {
		encoding: 'utf8',
	});
	expect(r.status).toBe(0);
});
