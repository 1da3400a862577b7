#!/usr/bin/env node
// Refuses to publish a tag that does not match the package: run first by .github/workflows/publish.yml.
//
//   node scripts/check-release.mjs v0.2.0      (without an argument: $GITHUB_REF_NAME, the pushed tag)
//
// The tag must be "v" + package.json's version, and CHANGELOG.md must have a non-empty section for that
// version ("## [0.2.0] - 2026-12-01", Keep a Changelog), so every published version says what changed.
// Exits 1 with the reason and what to do; prints the version on success.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The lines of CHANGELOG.md's section for `version` (without its heading), or null when there is none. */
export function changelogSection(changelog, version) {
	const lines = changelog.split(/\r?\n/);
	const heading = new RegExp(`^##\\s+\\[?v?${escape(version)}\\]?(\\s+-\\s+.*)?\\s*$`);
	const start = lines.findIndex((line) => heading.test(line));
	if (start < 0) return null;
	const end = lines.findIndex((line, i) => i > start && /^##\s/.test(line));
	return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Problems with publishing `tag` from a tree whose package.json and CHANGELOG.md are given. */
export function releaseProblems({ tag, packageJson, changelog }) {
	if (!tag) return ['no tag given (pass it as the argument, or set GITHUB_REF_NAME)'];
	const problems = [];
	const version = packageJson.version;
	if (!/^v/.test(tag) || !SEMVER.test(tag.slice(1)))
		problems.push(`tag "${tag}" is not a version tag like v1.2.3`);
	else if (tag.slice(1) !== version)
		problems.push(
			`tag "${tag}" does not match package.json's version ${version}: tag v${version}, or set "version" to ${tag.slice(1)} and tag again`,
		);
	const section = changelogSection(changelog, version);
	if (section === null)
		problems.push(
			`CHANGELOG.md has no section for ${version}: rename "## [Unreleased]" to "## [${version}] - <date>" (and start a new Unreleased above it)`,
		);
	else if (!section.some((line) => line.trim() && !/^#/.test(line.trim())))
		problems.push(`CHANGELOG.md's section for ${version} is empty: say what changed`);
	return problems;
}

function main(argv) {
	const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
	const tag = argv[0] ?? process.env.GITHUB_REF_NAME;
	const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const changelog = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
	const problems = releaseProblems({ tag, packageJson, changelog });
	if (problems.length) {
		for (const problem of problems) console.error(`check-release: ${problem}`);
		console.error('check-release: nothing was published');
		return 1;
	}
	console.log(
		`check-release: ${tag} matches package.json and CHANGELOG.md (${packageJson.version})`,
	);
	return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
