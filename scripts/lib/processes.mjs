// Long-running helper processes for queue mode (bench and e2e): Redis, and any child started in its
// own process group that is ready when a line of its output matches, stopped with its children.
import { spawn, spawnSync } from 'node:child_process';

import { forEachLine } from './lines.mjs';

/** Finds redis-server, or installs Debian's package (as root, like .ci/run does for Chromium). */
export function ensureRedis({ log }) {
	const which = () =>
		spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
	let bin = which();
	if (bin) return bin;
	log("redis-server not found: installing Debian's redis-server (apt-get install -y redis-server)");
	const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
	for (const args of [
		['apt-get', 'update'],
		['apt-get', 'install', '-y', '--no-install-recommends', 'redis-server'],
	]) {
		const [cmd, ...rest] = [...asRoot, ...args];
		const r = spawnSync(cmd, rest, {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		if (r.status !== 0)
			throw new Error(
				`${args.join(' ')} failed (exit ${r.status}); install redis-server yourself and run again`,
			);
	}
	bin = which();
	if (!bin) throw new Error('redis-server is still not on PATH after apt-get install');
	return bin;
}

/**
 * The life of a child spawned `detached` (its own process group, so its children go with it):
 * `stop()` sends SIGTERM to the group and SIGKILL after `timeoutMs`; if this process exits first
 * (crash, process.exit), the group is killed with it.
 */
export function processGroup(child) {
	let exited = null;
	const signalGroup = (signal) => {
		try {
			process.kill(-child.pid, signal);
		} catch {
			/* already gone */
		}
	};
	const killOnExit = () => exited || signalGroup('SIGKILL');
	process.once('exit', killOnExit);
	const exitPromise = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			process.off('exit', killOnExit);
			resolve((exited = { code, signal }));
		}),
	);
	const stop = async ({ timeoutMs = 20000 } = {}) => {
		if (exited) return exited;
		signalGroup('SIGTERM');
		const t = setTimeout(() => signalGroup('SIGKILL'), timeoutMs);
		const r = await exitPromise;
		clearTimeout(t);
		return r;
	};
	return { exitPromise, exited: () => exited, stop };
}

/**
 * Spawns a long-running child in its own process group; resolves when `ready` matches a line.
 * `onLine` gets every line of its output.
 */
export async function startChild(
	cmd,
	args,
	{ env, cwd, ready, name, log, readyTimeoutMs = 180000, onLine = () => {} },
) {
	const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const tail = [];
	const { exitPromise, stop } = processGroup(child);
	let resolveReady;
	const readyPromise = new Promise((resolve) => (resolveReady = resolve));
	const keep = (line) => {
		tail.push(line);
		onLine(line);
		if (tail.length > 300) tail.shift();
		if (ready.test(line)) resolveReady();
	};
	forEachLine(child.stdout, keep);
	forEachLine(child.stderr, keep);
	await Promise.race([
		readyPromise,
		exitPromise.then((e) => {
			throw new Error(
				`${name} exited before it was ready (${JSON.stringify(e)})\n${tail.slice(-40).join('\n')}`,
			);
		}),
		new Promise((_, reject) =>
			setTimeout(
				() =>
					reject(
						new Error(
							`${name} not ready within ${readyTimeoutMs} ms\n${tail.slice(-40).join('\n')}`,
						),
					),
				readyTimeoutMs,
			).unref(),
		),
	]);
	log(`${name} ready (pid ${child.pid})`);
	return { pid: child.pid, stop, tail };
}
