// `npm run verify` (scripts/verify.mjs) on a temporary copy of the package: it passes as the package is,
// and fails when a test file is compiled into what would be published, or when an eslint-disable
// comment hides a finding of n8n's community-package scanner (which ignores such comments, while
// `n8n-node lint` honours them). The repository itself is never changed.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
// What building, packing and checking the package needs; node_modules is linked, not copied.
const COPIED = [
	'.npmrc',
	'package.json',
	'tsconfig.json',
	'gulpfile.js',
	'eslint.config.mjs',
	'README.md',
	'LICENSE',
	'nodes',
	'credentials',
	'icons',
	'scripts',
];
const NODE_FILE = 'nodes/AgoraMediaBroadcast/AgoraMediaBroadcast.node.ts';
const SLOW = 10 * 60 * 1000; // builds and packs on a shared machine: generous, never a wall-time check

let copy;

beforeAll(() => {
	copy = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-verify-copy-'));
	for (const entry of COPIED)
		fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
});

afterAll(() => {
	if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

// jest's NODE_ENV=test puts eslint-plugin-n8n-nodes-base into its own test mode (verify.mjs drops it
// itself); ESLint run directly gets the environment a user's shell has.
const { NODE_ENV, ...USER_ENV } = process.env;

function verify() {
	const r = spawnSync('node', ['scripts/verify.mjs'], {
		cwd: copy,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test(
	'the package as it is passes: Cloud eligible, only dist/ + README + LICENSE + package.json, scanner clean',
	() => {
		const r = verify();
		expect(r.out).toContain('n8n-node cloud-support: eligible');
		expect(r.out).toContain('contents: only dist/, README.md, LICENSE, package.json');
		expect(r.out).toContain('n8n scanner: the tarball (**/*.js, package.json) passes');
		expect(r.out).toContain('n8n scanner: the source (package.json, nodes/, credentials/) passes');
		expect(r.code).toBe(0);
	},
	SLOW,
);

test(
	'a test file compiled into dist/ fails verify, named',
	() => {
		const testFile = path.join(copy, 'nodes/AgoraMediaBroadcast/router.test.ts');
		fs.writeFileSync(
			testFile,
			'// a unit test left next to the code it tests\nexport const covered = true;\n',
		);
		try {
			const r = verify();
			expect(r.code).toBe(1);
			expect(r.out).toContain(
				'verify: FAILED: dist/nodes/AgoraMediaBroadcast/router.test.js: a test file in the package',
			);
			expect(r.out).toContain('the package is not ready to publish');
		} finally {
			fs.rmSync(testFile);
			// its compiled output stays in dist/ (tsc does not delete it): start the next test clean
			fs.rmSync(path.join(copy, 'dist'), { recursive: true, force: true });
		}
	},
	SLOW,
);

test(
	'an eslint-disable comment that n8n-node lint honours does not hide a finding from verify',
	() => {
		const file = path.join(copy, NODE_FILE);
		const original = fs.readFileSync(file, 'utf8');
		fs.writeFileSync(
			file,
			`${original}\n// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals\nexport const startedAt = globalThis.Date.now();\n`,
		);
		try {
			// With inline comments honoured (n8n-node lint's ESLint run), the finding is hidden...
			const lint = spawnSync(path.join(copy, 'node_modules/.bin/eslint'), [NODE_FILE], {
				cwd: copy,
				env: USER_ENV,
				encoding: 'utf8',
			});
			expect(`${lint.stdout}${lint.stderr}`).not.toContain('no-restricted-globals');
			expect(lint.status).toBe(0);
			// ...and the scanner's rules, which ignore inline comments, report it.
			const r = verify();
			expect(r.code).toBe(1);
			expect(r.out).toContain('n8n scanner on the source (package.json, nodes/, credentials/)');
			expect(r.out).toContain('AgoraMediaBroadcast.node.ts');
			expect(r.out).toContain('@n8n/community-nodes/no-restricted-globals');
		} finally {
			fs.writeFileSync(file, original);
		}
	},
	SLOW,
);
