// Long-running helper processes for queue mode (bench and e2e): Redis, and any child started in its
// own process group that is ready when a line of its output matches, stopped with its children.
import { spawn, spawnSync } from 'node:child_process';

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
	let exited = null;
	const exitPromise = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve((exited = { code, signal }))),
	);
	const killOnExit = () => {
		try {
			if (!exited) process.kill(-child.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
	};
	process.once('exit', killOnExit);
	let resolveReady;
	const readyPromise = new Promise((resolve) => (resolveReady = resolve));
	const feed = (stream) => {
		let buf = '';
		stream.on('data', (d) => {
			buf += d;
			let i;
			while ((i = buf.indexOf('\n')) >= 0) {
				const line = buf.slice(0, i);
				buf = buf.slice(i + 1);
				tail.push(line);
				onLine(line);
				if (tail.length > 300) tail.shift();
				if (ready.test(line)) resolveReady();
			}
		});
	};
	feed(child.stdout);
	feed(child.stderr);
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
	const stop = async () => {
		process.off('exit', killOnExit);
		if (exited) return exited;
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			/* gone */
		}
		const t = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}, 20000);
		const r = await exitPromise;
		clearTimeout(t);
		return r;
	};
	return { pid: child.pid, stop, tail };
}
