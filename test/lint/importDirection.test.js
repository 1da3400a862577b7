// Imports run one way: the project's import rule (eslint.imports.config.mjs, run by `npm run lint`)
// refuses a credential importing from nodes/, a trigger past nodes/AgoraMediaBroadcast/api.ts, the
// node importing a credential file or a trigger, and lets the allowed imports through. Each fixture
// is linted at the path named in its first line, with the same ESLint the lint script runs.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, 'fixtures');
const CONFIG = 'eslint.imports.config.mjs';
const RULE = 'import-x/no-restricted-paths';

/** Lints every fixture in one child process (ESLint's config is ESM, which jest's VM cannot import). */
function lintFixtures() {
	const fixtures = fs
		.readdirSync(FIXTURES)
		.filter((name) => name.endsWith('.ts.fixture'))
		.map((name) => {
			const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
			const lintedAs = /^\/\/ Linted as (\S+):/.exec(text)?.[1];
			if (!lintedAs) throw new Error(`${name}: first line must say "// Linted as <path>:"`);
			return { name, text, filePath: path.join(ROOT, lintedAs) };
		});
	const script = `
		const { ESLint } = require('eslint');
		const fixtures = JSON.parse(process.argv[1]);
		(async () => {
			const eslint = new ESLint({ cwd: ${JSON.stringify(ROOT)}, overrideConfigFile: ${JSON.stringify(CONFIG)} });
			const out = {};
			for (const { name, text, filePath } of fixtures) {
				const [result] = await eslint.lintText(text, { filePath });
				out[name] = result.messages.map(({ ruleId, message }) => ({ ruleId, message }));
			}
			process.stdout.write(JSON.stringify(out));
		})().catch((error) => { console.error(error); process.exit(1); });`;
	return JSON.parse(
		execFileSync(process.execPath, ['-e', script, JSON.stringify(fixtures)], {
			cwd: ROOT,
			encoding: 'utf8',
		}),
	);
}

let results;
beforeAll(() => {
	results = lintFixtures();
});

test.each([
	['credential-imports-node.ts.fixture', /credentials\/ never imports from nodes\//],
	['trigger-imports-internals.ts.fixture', /only through nodes\/AgoraMediaBroadcast\/api\.ts/],
	['node-imports-credential-file.ts.fixture', /from credentials\/common\/agora\/ only/],
	['node-imports-trigger.ts.fixture', /never imports from a trigger/],
])('%s is refused by the import rule', (fixture, reason) => {
	expect(results[fixture]).toEqual([{ ruleId: RULE, message: expect.stringMatching(reason) }]);
});

test.each(['credential-imports-common.ts.fixture', 'trigger-imports-api.ts.fixture'])(
	'%s passes',
	(fixture) => {
		expect(results[fixture]).toEqual([]);
	},
);

test('npm run lint runs the import rule after n8n-node lint, whose eslint.config.mjs stays the default', () => {
	const { scripts } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	expect(scripts.lint).toMatch(/^n8n-node lint && npm run lint:imports && /);
	expect(scripts['lint:imports']).toBe(
		`eslint --config ${CONFIG} --max-warnings 0 credentials nodes`,
	);
	// Strict mode (package.json n8n.strict) fails n8n-node lint on any other eslint.config.mjs.
	const template = path.join(
		ROOT,
		'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs',
	);
	const normalise = (file) => fs.readFileSync(file, 'utf8').replace(/\s+/g, ' ').trim();
	expect(normalise(path.join(ROOT, 'eslint.config.mjs'))).toBe(normalise(template));
});
