// The GitHub Actions workflows are checked by a real schema validator (@action-validator/core, run by
// `npm run lint` through scripts/validate-workflows.mjs), which must pass them and must catch a broken
// one; publish.yml has the shape n8n's verification needs (a tag, OIDC, provenance, checks first).
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts/validate-workflows.mjs');
const WORKFLOWS = path.join(ROOT, '.github/workflows');
const read = (file) => fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');

function validate(...files) {
	const r = spawnSync('node', [SCRIPT, ...files], { cwd: ROOT, encoding: 'utf8' });
	return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Validates `text` as a workflow file of its own. */
function validateText(text) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-workflow-'));
	try {
		const file = path.join(dir, 'workflow.yml');
		fs.writeFileSync(file, text);
		return validate(file);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

test('npm run lint validates the workflow files', () => {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	expect(pkg.scripts.lint).toContain('node scripts/validate-workflows.mjs');
});

test('ci.yml and publish.yml pass the validator', () => {
	const r = validate();
	expect(r.out).toContain('ci.yml ok');
	expect(r.out).toContain('publish.yml ok');
	expect(r.code).toBe(0);
});

test('a broken workflow fails, each mistake named with where it is', () => {
	const r = validate(path.join(__dirname, 'fixtures/broken-workflow.yml'));
	expect(r.code).toBe(1);
	expect(r.out).toContain(
		"/jobs/build: OneOf conditions are not met (/jobs/build: Additional property 'runs_on' is not allowed",
	);
	expect(r.out).toContain('/jobs/test/needs: unresolved job biuld');
	expect(r.out).toContain('line 14: actions/checkout@v4 is not pinned to a full commit SHA');
	expect(r.out).toContain(
		'line 20: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 has no "# vX.Y.Z" comment',
	);
});

test.each([
	['a misspelt trigger', 'ci.yml', 'pull_request:', 'pull_requests:', /\/on/],
	[
		'an unknown permission level',
		'publish.yml',
		'id-token: write',
		'id-token: writ',
		/\/permissions/,
	],
	[
		'a step with neither run nor uses',
		'ci.yml',
		'      - run: npm ci',
		'      - name: npm ci',
		/OneOf|steps/,
	],
	[
		'an action moved to a tag',
		'publish.yml',
		'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
		'actions/checkout@v7',
		/not pinned/,
	],
])('the real %s fails with one mistake: %s', (what, file, from, to, expected) => {
	const original = read(file);
	expect(original).toContain(from);
	const r = validateText(original.replace(from, to));
	expect(r.code).toBe(1);
	expect(r.out).toMatch(expected);
});

test('every uses: in the workflows is pinned to a commit SHA with its version', () => {
	for (const file of ['ci.yml', 'publish.yml']) {
		const uses = read(file)
			.split('\n')
			.filter((line) => /^\s*-?\s*uses:/.test(line));
		expect(uses.length).toBeGreaterThan(1);
		for (const line of uses)
			expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
	}
});

describe('publish.yml', () => {
	const text = read('publish.yml');
	const lines = text.split('\n');
	const at = (needle) => lines.findIndex((line) => line.includes(needle));

	test('runs on a version tag with an OIDC token and read-only contents', () => {
		expect(text).toMatch(/\non:\n {2}push:\n {4}tags: \['v\*'\]\n/);
		expect(text).toMatch(/\n {6}id-token: write\n {6}contents: read\n/);
		expect(text).toMatch(/\npermissions: \{\}\n/); // nothing else gets a token
	});

	test('checks the tag and the changelog, lints, tests and verifies before it publishes', () => {
		const order = [
			'node scripts/check-release.mjs "$GITHUB_REF_NAME"',
			'run: npm ci',
			'run: npm run build',
			'run: npm run lint',
			'run: npm run test:unit',
			'run: npm run verify',
			'run: npm run release',
		].map(at);
		expect(order.every((i) => i >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
	});

	test('publishes through n8n-node release (provenance) with trusted publishing, the token only as fallback', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
		expect(pkg.scripts.release).toBe('n8n-node release');
		expect(text).toContain('registry-url: https://registry.npmjs.org');
		expect(text).toContain('NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}');
		expect(text).toContain('package-manager-cache: false');
		expect(text).toMatch(/node-version: 24\n/);
	});
});

describe('ci.yml', () => {
	const text = read('ci.yml');

	test('runs lint, verify, unit, perf and reliability on Node 20, 22 and 24', () => {
		expect(text).toContain('node: [20, 22, 24]');
		for (const script of ['lint', 'verify', 'test:unit', 'test:perf', 'test:reliability'])
			expect(text).toContain(`run: npm run ${script}\n`);
	});

	test('runs e2e and the n8n 1.x compatibility run with the n8n install cached by version', () => {
		expect(text).toContain('run: npm run test:e2e');
		expect(text).toContain('run: npm run test:compat');
		expect(text).toContain('N8N_VERSION: 2.41.1');
		expect(text).toContain('N8N_VERSION: 1.123.81');
		const keys = text.match(
			/key: n8n-\$\{\{ env\.N8N_VERSION \}\}-\$\{\{ hashFiles\('scripts\/ensure-n8n\.sh'\) \}\}/g,
		);
		expect(keys).toHaveLength(2);
		expect(text).toContain('apt-get install -y -qq --no-install-recommends chromium redis-server');
	});
});
