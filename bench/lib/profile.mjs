// Reads a V8 .cpuprofile (node --cpu-prof) and summarises the samples taken within a time window
// (µs on the monotonic clock, as probe.cjs records a node's start and end): self time per function,
// inclusive time per function, and self time per area (this package, n8n-core, n8n-workflow, axios,
// Node internals, GC). Usable on its own:
//   node bench/lib/profile.mjs <file.cpuprofile> [fromUs toUs] [--top N]
import fs from 'node:fs';
import path from 'node:path';

const PACKAGE = 'n8n-nodes-agora-media-broadcast';

/** Which part of the process a frame belongs to, from its script URL. */
export function areaOf(url, functionName) {
	if (!url) {
		if (functionName === '(garbage collector)') return 'gc';
		if (functionName === '(idle)') return 'idle';
		if (functionName === '(program)') return 'program';
		return 'native';
	}
	// The innermost node_modules package the script is in (n8n's cache folder is named after us too).
	const packages = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)];
	if (packages.length) {
		const name = packages[packages.length - 1][1];
		return name === PACKAGE ? 'this package' : name;
	}
	if (url.startsWith('node:')) return 'node internals';
	return 'other';
}

const keyOf = (frame) =>
	`${frame.functionName || '(anonymous)'} ${path.basename(frame.url || '')}:${frame.lineNumber + 1}`;

/**
 * {totalMs, samples, self: [{fn, area, ms, share}], inclusive: [...], areas: [{area, ms, share}]}
 * for the samples in [fromUs, toUs] (the whole profile when not given).
 */
export function summariseProfile(
	profile,
	{ fromUs = -Infinity, toUs = Infinity, top = 25, includeIdle = false } = {},
) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const self = new Map();
	const inclusive = new Map();
	const areas = new Map();
	let t = profile.startTime;
	let totalUs = 0;
	let samples = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i];
		if (t < fromUs || t > toUs) continue;
		// A sample stands for the time until the next one.
		const next = profile.timeDeltas[i + 1] ?? 0;
		const dt = Math.max(0, Math.min(next, 10000));
		const node = byId.get(profile.samples[i]);
		const frame = node.callFrame;
		if (!includeIdle && frame.functionName === '(idle)') continue;
		samples++;
		totalUs += dt;
		const key = keyOf(frame);
		const area = areaOf(frame.url, frame.functionName);
		const s = self.get(key) ?? { fn: key, area, us: 0 };
		s.us += dt;
		self.set(key, s);
		areas.set(area, (areas.get(area) ?? 0) + dt);
		const seen = new Set();
		for (let id = node.id; id !== undefined; id = parent.get(id)) {
			const f = byId.get(id).callFrame;
			const k = keyOf(f);
			if (seen.has(k)) continue;
			seen.add(k);
			const e = inclusive.get(k) ?? { fn: k, area: areaOf(f.url, f.functionName), us: 0 };
			e.us += dt;
			inclusive.set(k, e);
		}
	}
	const list = (map) =>
		[...map.values()]
			.sort((a, b) => b.us - a.us)
			.slice(0, top)
			.map((e) => ({
				fn: e.fn,
				area: e.area,
				ms: Math.round(e.us / 100) / 10,
				share: Math.round((e.us / Math.max(1, totalUs)) * 1000) / 10,
			}));
	return {
		totalMs: Math.round(totalUs / 100) / 10,
		samples,
		self: list(self),
		inclusive: list(inclusive).filter((e) => !['(root)'].includes(e.fn.split(' ')[0])),
		areas: [...areas.entries()]
			.sort((a, b) => b[1] - a[1])
			.map(([area, us]) => ({
				area,
				ms: Math.round(us / 100) / 10,
				share: Math.round((us / Math.max(1, totalUs)) * 1000) / 10,
			})),
	};
}

export function readProfile(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const args = process.argv.slice(2);
	const topAt = args.indexOf('--top');
	const top = topAt >= 0 ? Number(args[topAt + 1]) : 30;
	const [file, from, to] = args.filter((a, i) => !a.startsWith('--') && i !== topAt + 1);
	const s = summariseProfile(readProfile(file), {
		fromUs: from ? Number(from) : -Infinity,
		toUs: to ? Number(to) : Infinity,
		top,
	});
	console.log(`${s.totalMs} ms in ${s.samples} samples`);
	console.log('areas:', s.areas.map((a) => `${a.area} ${a.ms} ms (${a.share}%)`).join(', '));
	console.log('\nself time:');
	for (const e of s.self)
		console.log(
			`${String(e.ms).padStart(9)} ms ${String(e.share).padStart(5)}%  ${e.fn}  [${e.area}]`,
		);
	console.log('\ninclusive:');
	for (const e of s.inclusive)
		console.log(
			`${String(e.ms).padStart(9)} ms ${String(e.share).padStart(5)}%  ${e.fn}  [${e.area}]`,
		);
}
