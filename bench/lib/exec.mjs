// `n8n execute --id --rawOutput` with the n8n process's memory sampled while it runs.
// scripts/lib/n8n.mjs has executeWorkflow() but does not expose the child's pid, which the RSS
// sampling needs; this is the same spawn plus a /proc sampler (n8n process and its task runner).
import { spawn } from 'node:child_process';
import fs from 'node:fs';

import { parseRunJson } from '../../scripts/lib/n8n.mjs';

function readStatus(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (key) => {
			const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text);
			return m ? Number(m[1]) : 0;
		};
		return { hwmKb: kb('VmHWM'), rssKb: kb('VmRSS') };
	} catch {
		return null;
	}
}

/** CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function readCpuSeconds(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		// fields[0] is field 3 (state); utime and stime are fields 14 and 15.
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return null;
	}
}

function childrenOf(pid) {
	const out = [];
	try {
		for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
			const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
			if (text) out.push(...text.split(/\s+/).map(Number));
		}
	} catch {
		/* gone */
	}
	return out;
}

function descendants(pid) {
	const all = [];
	const queue = [pid];
	while (queue.length) {
		const p = queue.shift();
		for (const c of childrenOf(p)) {
			all.push(c);
			queue.push(c);
		}
	}
	return all;
}

/**
 * Runs `n8n execute --id=<id> --rawOutput`, sampling every `sampleMs` the VmHWM (peak RSS) of the
 * n8n process and of each of its descendants (the JS task runner). Returns
 * {pid, code, stdout, stderr, ms, run, peakRssMb (n8n process), peakChildrenRssMb (sum of the children's
 * peaks), cpuSeconds (n8n process), childrenCpuSeconds, childPids}. With `stdoutTailBytes`, only the
 * end of stdout is kept and `run` is null.
 */
export function executeWithMemory(
	n8n,
	env,
	id,
	{ timeoutMs = 300000, sampleMs = 100, stdoutTailBytes = Infinity } = {},
) {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = spawn(n8n.nodeBin, [n8n.n8nBin, 'execute', `--id=${id}`, '--rawOutput'], {
			env,
			cwd: env.N8N_USER_FOLDER,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		// A large run prints hundreds of MB of JSON: callers that do not need it keep only its tail.
		child.stdout.on('data', (d) => {
			stdout += d;
			if (stdout.length > 2 * stdoutTailBytes) stdout = stdout.slice(-stdoutTailBytes);
		});
		child.stderr.on('data', (d) => (stderr += d));
		let mainHwmKb = 0;
		let mainCpu = 0;
		const childHwmKb = new Map(); // pid → peak kB
		const childCpu = new Map(); // pid → CPU seconds at the last sample
		const cpuSamples = []; // [ms since epoch, n8n CPU s, children CPU s]
		const sample = () => {
			const s = readStatus(child.pid);
			if (s) mainHwmKb = Math.max(mainHwmKb, s.hwmKb, s.rssKb);
			const cpu = readCpuSeconds(child.pid);
			if (cpu !== null) mainCpu = Math.max(mainCpu, cpu);
			for (const pid of descendants(child.pid)) {
				const c = readStatus(pid);
				if (c) childHwmKb.set(pid, Math.max(childHwmKb.get(pid) || 0, c.hwmKb, c.rssKb));
				const cc = readCpuSeconds(pid);
				if (cc !== null) childCpu.set(pid, Math.max(childCpu.get(pid) || 0, cc));
			}
			cpuSamples.push([Date.now(), mainCpu, [...childCpu.values()].reduce((a, b) => a + b, 0)]);
		};
		const sampler = setInterval(sample, sampleMs);
		sample();
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(
				new Error(
					`n8n execute --id=${id} timed out after ${timeoutMs} ms\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`,
				),
			);
		}, timeoutMs);
		child.on('error', (e) => {
			clearInterval(sampler);
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearInterval(sampler);
			clearTimeout(timer);
			const childrenKb = [...childHwmKb.values()].reduce((a, b) => a + b, 0);
			resolve({
				pid: child.pid,
				code,
				signal,
				stdout,
				stderr,
				ms: Date.now() - started,
				run: Number.isFinite(stdoutTailBytes) ? null : parseRunJson(stdout),
				peakRssMb: mainHwmKb / 1024,
				peakChildrenRssMb: childrenKb / 1024,
				// Up to the last sample (≤ sampleMs before exit): boot + workload + shutdown.
				cpuSeconds: mainCpu,
				childrenCpuSeconds: [...childCpu.values()].reduce((a, b) => a + b, 0),
				cpuSamples,
				childPids: [...childHwmKb.keys()],
			});
		});
	});
}

/** CPU seconds used between two wall-clock times (ms), from executeWithMemory's samples: {n8n, taskRunner}. */
export function cpuBetween(samples, fromMs, toMs) {
	if (!samples.length) return { n8n: NaN, taskRunner: NaN };
	// The last sample at or before the start, the first at or after the end: covers the whole span.
	const before = [...samples].reverse().find((s) => s[0] <= fromMs) ?? samples[0];
	const after = samples.find((s) => s[0] >= toMs) ?? samples[samples.length - 1];
	return {
		n8n: after[1] - before[1],
		taskRunner: after[2] - before[2],
		fromMs: before[0],
		toMs: after[0],
	};
}
