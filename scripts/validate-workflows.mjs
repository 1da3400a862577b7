#!/usr/bin/env node
// Checks GitHub Actions workflow files with @action-validator/core (SchemaStore's workflow schema plus
// cross-checks such as `needs:` naming a real job, compiled to WebAssembly: offline, no install step),
// then the one rule of ours the schema cannot know: every `uses:` is pinned to a full commit SHA with the
// version it stands for in a comment, so a moved tag cannot change what CI or publishing runs.
//
//   node scripts/validate-workflows.mjs              every .github/workflows/*.yml (part of npm run lint)
//   node scripts/validate-workflows.mjs FILE...      just these files
//
// Prints one line per problem (file, where, what) and exits 1 when there is any.
import { validateWorkflow } from '@action-validator/core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');

/** The schema validator's errors as readable lines (it nests the alternatives it tried under one_of). */
function describe(error) {
	const where = error.path || (error.location ? `line ${error.location.line}` : '(file)');
	const inner = (error.states ?? []).flatMap((state) => state.errors ?? []);
	const details = inner.length
		? [
				...new Set(
					inner.map((e) => `${e.path ? `${e.path}: ` : ''}${e.detail ?? e.title ?? e.code}`),
				),
			]
		: [];
	const head = `${where}: ${error.detail ?? error.title ?? error.code}`;
	return details.length ? `${head} (${details.join('; ')})` : head;
}

/**
 * `uses:` lines not pinned to a 40-hex commit with a `# vX.Y.Z` comment. Local actions (./…) and
 * docker:// images are outside this rule.
 */
export function unpinnedUses(text) {
	const problems = [];
	text.split('\n').forEach((line, index) => {
		const m = /^\s*(?:-\s+)?uses:\s*(['"]?)([^'"\s#]+)\1\s*(#.*)?$/.exec(line);
		if (!m) return;
		const [, , target, comment] = m;
		if (target.startsWith('./') || target.startsWith('docker://')) return;
		const at = target.lastIndexOf('@');
		const ref = at >= 0 ? target.slice(at + 1) : '';
		if (!/^[0-9a-f]{40}$/.test(ref))
			problems.push(
				`line ${index + 1}: ${target} is not pinned to a full commit SHA (uses: owner/repo@<40 hex> # vX.Y.Z)`,
			);
		else if (!comment || !/#\s*v?\d+(\.\d+)*/.test(comment))
			problems.push(
				`line ${index + 1}: ${target} has no "# vX.Y.Z" comment naming the version the SHA stands for`,
			);
	});
	return problems;
}

/** Every problem of one workflow file, as lines. */
export function problemsOf(text) {
	const { errors } = validateWorkflow(text);
	return [...errors.map(describe), ...unpinnedUses(text)];
}

function main(args) {
	const files = args.length
		? args.map((f) => path.resolve(f))
		: fs.existsSync(WORKFLOWS)
			? fs
					.readdirSync(WORKFLOWS)
					.filter((f) => /\.ya?ml$/.test(f))
					.sort()
					.map((f) => path.join(WORKFLOWS, f))
			: [];
	if (files.length === 0) {
		console.error(`validate-workflows: no workflow files in ${path.relative(ROOT, WORKFLOWS)}`);
		return 1;
	}
	let failed = 0;
	for (const file of files) {
		const name = path.relative(process.cwd(), file);
		const problems = problemsOf(fs.readFileSync(file, 'utf8'));
		if (problems.length === 0) {
			console.log(`validate-workflows: ${name} ok`);
			continue;
		}
		failed++;
		for (const problem of problems) console.error(`validate-workflows: ${name}: ${problem}`);
	}
	return failed ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
