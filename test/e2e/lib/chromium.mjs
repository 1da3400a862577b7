// The Chromium the editor tests drive (playwright-core never downloads a browser here). In order:
//   1. CHROMIUM_PATH, when set (a Chromium or Chrome binary);
//   2. chromium, chromium-browser, google-chrome-stable or google-chrome on PATH;
//   3. as root on Debian/Ubuntu: Debian's chromium package, installed with apt-get (what a CI machine
//      or a fresh container has: root and apt, no browser);
//   4. on Linux x64/arm64: the Chromium build shipped inside the npm package @sparticuz/chromium,
//      installed once with npm into the cache beside the pinned n8n (no download beyond the registry;
//      it unpacks itself into the temp folder on first use);
// otherwise an error that says how to provide one, or to skip the browser tests with --no-browser.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
// Where Debian's chromium package puts its launcher.
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
// Checked here with playwright-core 1.65: launches headless and renders (Chromium 153.0.8010.0).
const NPM_CHROMIUM = '@sparticuz/chromium@153.0.0';
const CACHE_ROOT =
	process.env.N8N_CACHE_DIR || path.join(os.homedir(), '.cache/n8n-nodes-agora-media-broadcast');

function executable(file) {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}

/** The first of `names` found on PATH (or null). */
export function onPath(names, envPath = process.env.PATH || '') {
	for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
		for (const name of names) {
			const file = path.join(dir, name);
			if (executable(file)) return file;
		}
	}
	return null;
}

function tail(text, lines = 15) {
	return String(text || '')
		.trim()
		.split('\n')
		.slice(-lines)
		.join('\n');
}

/** apt-get update + install chromium; returns null on success or what went wrong. */
function aptInstallChromium(log) {
	const aptGet = onPath(['apt-get']);
	if (!aptGet) return 'apt-get is not on PATH (not a Debian/Ubuntu machine?)';
	if (typeof process.getuid !== 'function' || process.getuid() !== 0)
		return 'not running as root, so apt-get cannot install it';
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	// Wait for another apt/dpkg run (another job on the machine) instead of failing on its lock.
	const lock = ['-o', 'DPkg::Lock::Timeout=600'];
	log("no Chromium found: installing Debian's chromium with apt-get (once, about 1-3 minutes)");
	const started = Date.now();
	for (const args of [
		['-qq', ...lock, 'update'],
		['-y', '-qq', ...lock, 'install', 'chromium'],
	]) {
		const r = spawnSync(aptGet, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
		if (r.status !== 0)
			return `apt-get ${args.filter((a) => !a.startsWith('-') && !a.includes('::')).join(' ')} failed (exit ${r.status ?? r.signal}):\n${tail(r.stderr || r.stdout)}`;
	}
	log(`apt-get installed chromium (${Math.round((Date.now() - started) / 1000)} s)`);
	return null;
}

/** npm install @sparticuz/chromium into the cache (once), then its executablePath(); {path} or {error}. */
async function npmChromium(log) {
	if (process.platform !== 'linux' || !['x64', 'arm64'].includes(process.arch))
		return { error: `${NPM_CHROMIUM} ships Linux x64/arm64 builds only` };
	const dir = path.join(
		CACHE_ROOT,
		`chromium-${NPM_CHROMIUM.replace(/[@/]+/g, '-').replace(/^-/, '')}`,
	);
	const marker = path.join(dir, '.complete');
	if (!fs.existsSync(marker)) {
		log(`installing ${NPM_CHROMIUM} with npm into ${dir} (once, about 70 MB)`);
		fs.mkdirSync(dir, { recursive: true });
		// A package.json of its own, or npm walks up and installs into a parent folder.
		fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"chromium-cache","private":true}\n');
		const r = spawnSync(
			'npm',
			['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', NPM_CHROMIUM],
			{ cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
		);
		if (r.status !== 0)
			return {
				error: `npm install ${NPM_CHROMIUM} failed (exit ${r.status ?? r.signal}):\n${tail(r.stderr || r.stdout)}`,
			};
		fs.writeFileSync(marker, '');
	}
	try {
		const entry = createRequire(path.join(dir, 'package.json')).resolve('@sparticuz/chromium');
		// Imported in this process: it also sets LD_LIBRARY_PATH and FONTCONFIG_PATH for its libraries,
		// which the browser launched from here inherits.
		const { default: chromium } = await import(pathToFileURL(entry).href);
		return { path: await chromium.executablePath() };
	} catch (e) {
		return { error: `${NPM_CHROMIUM} did not unpack: ${e.message}` };
	}
}

/**
 * Returns {path, version, how}. Sets CHROMIUM_PATH to the result so every editor test of this run (and
 * the processes it starts) uses the same browser. Throws an Error saying what to do when there is none.
 */
export async function provideChromium({ log = () => {} } = {}) {
	let file = null;
	let how = null;
	let installError = null;
	let npmError = null;
	if (process.env.CHROMIUM_PATH) {
		file = process.env.CHROMIUM_PATH;
		how = 'CHROMIUM_PATH';
		if (!executable(file))
			throw new Error(
				`CHROMIUM_PATH=${file} is not an executable file: point it at a Chromium or Chrome binary, or unset it`,
			);
	} else if ((file = onPath(NAMES))) {
		how = 'PATH';
	} else {
		installError = aptInstallChromium(log);
		if (!installError && executable(DEBIAN_CHROMIUM)) {
			file = DEBIAN_CHROMIUM;
			how = 'apt-get install chromium';
		} else if (!installError) {
			installError = `apt-get succeeded but ${DEBIAN_CHROMIUM} is not there`;
		}
	}
	if (!file) {
		const npm = await npmChromium(log);
		if (npm.path) {
			file = npm.path;
			how = `npm ${NPM_CHROMIUM}`;
		} else npmError = npm.error;
	}
	if (!file) {
		throw new Error(
			[
				'The editor tests need Chromium, and none was found or could be installed.',
				`  tried: CHROMIUM_PATH (unset); ${NAMES.join(', ')} on PATH;`,
				`         apt-get install chromium → ${installError}`,
				`         npm ${NPM_CHROMIUM} → ${npmError}`,
				'  Either: install it (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium),',
				'          or set CHROMIUM_PATH to a Chromium/Chrome binary,',
				'          or skip the browser tests: node test/e2e/run.mjs --no-browser (or AGORA_E2E_BROWSER=0 npm test).',
			].join('\n'),
		);
	}
	const r = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 60000 });
	const version = (r.stdout || '').trim().split('\n').pop();
	if (r.status !== 0 || !/\d+\.\d+/.test(version || ''))
		throw new Error(`${file} (from ${how}) does not run: ${tail(r.stderr || r.stdout || r.error)}`);
	process.env.CHROMIUM_PATH = file;
	return { path: file, version, how };
}
