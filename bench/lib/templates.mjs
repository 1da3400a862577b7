// Loads the contenders' workflow templates (bench/workflows/*.json) and fills their placeholders
// (__NAME__ strings): a string that is exactly a placeholder takes the value as is (numbers stay
// numbers); a placeholder inside a longer string (e.g. the Code nodes' JavaScript) is replaced as text.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKFLOW_DIR = path.resolve(
	path.dirname(fileURLToPath(import.meta.url)),
	'../workflows',
);

export function fillTemplate(value, vars) {
	if (typeof value === 'string') {
		const exact = /^__([A-Z0-9_]+?)__$/.exec(value);
		if (exact && exact[1] in vars) return vars[exact[1]];
		return value.replace(/__([A-Z0-9_]+?)__/g, (m, key) => (key in vars ? String(vars[key]) : m));
	}
	if (Array.isArray(value)) return value.map((v) => fillTemplate(v, vars));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, vars)]));
	}
	return value;
}

export function loadWorkflow(file, vars) {
	const wf = JSON.parse(fs.readFileSync(path.join(WORKFLOW_DIR, file), 'utf8'));
	const filled = fillTemplate(wf, vars);
	const left = JSON.stringify(filled).match(/__[A-Z0-9_]+?__/g);
	if (left) throw new Error(`${file}: unfilled placeholders ${[...new Set(left)].join(', ')}`);
	return filled;
}
