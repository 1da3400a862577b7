// Preloaded into the n8n process by the scale benchmark (NODE_OPTIONS="--expose-gc --require
// <this file>"; n8n's JS task runner does not inherit NODE_OPTIONS). Nothing here is part of the
// package. It records, per run of a node's execute() (every node class n8n loads from a *.node.js
// file, or a versioned node's *.node file, is wrapped):
//   - CPU (user + system) of the n8n process between the call and its settling;
//   - heap held: used heap + external memory after a full GC right before the call and right after
//     it settled, so the difference is what the node's output (and anything it keeps) holds;
//   - the largest event-loop stall while it ran (the longest gap between the ticks of a 10 ms
//     timer, less 10 ms, counting the gap still open when it settles), and RSS every 20 ms;
//   - wall-clock and monotonic times (µs, the clock of a --cpu-prof profile), items in and out, the
//     average size of an output item as JSON (measured after the figures above).
// Also a timeline: every 100 ms the largest stall of that interval and the RSS. The probe's own GCs
// are left out of the stall figures and of the CPU. Written as JSON to
// $AGORA_BENCH_PROBE_DIR/probe-<pid>.json when the process exits. With AGORA_BENCH_PROBE_MODE=soak
// (a long-running `n8n start`) it only answers SIGUSR2 with a GC and a line of memory figures.
'use strict';

const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const dir = process.env.AGORA_BENCH_PROBE_DIR;
if (dir && process.env.AGORA_BENCH_PROBE_MODE === 'soak') {
	// A long-running n8n (the soak): nothing is wrapped or recorded in memory. On SIGUSR2 a full GC,
	// then one line of memory figures appended to soak-<pid>.jsonl.
	const file = path.join(dir, `soak-${process.pid}.jsonl`);
	process.on('SIGUSR2', () => {
		const t0 = performance.now();
		if (typeof global.gc === 'function') global.gc();
		// A heap snapshot too when the soak asks (file `snapshot-next`, holding the sample's name), to
		// see what a growing heap holds (bench/heap-holders.mjs).
		const ask = path.join(dir, 'snapshot-next');
		if (fs.existsSync(ask))
			require('node:v8').writeHeapSnapshot(
				path.join(dir, `soak-${process.pid}-${fs.readFileSync(ask, 'utf8')}.heapsnapshot`),
			);
		const m = process.memoryUsage();
		fs.appendFileSync(
			file,
			JSON.stringify({
				at: Date.now(),
				gcMs: Math.round(performance.now() - t0),
				rssMb: Math.round((m.rss / 1048576) * 10) / 10,
				heapUsedMb: Math.round((m.heapUsed / 1048576) * 10) / 10,
				externalMb: Math.round((m.external / 1048576) * 10) / 10,
				arrayBuffersMb: Math.round((m.arrayBuffers / 1048576) * 10) / 10,
			}) + '\n',
		);
	});
} else if (dir) {
	const started = Date.now();
	// Event-loop stalls: the gaps between the ticks of a 10 ms interval timer, less the 10 ms, the
	// way perf_hooks.monitorEventLoopDelay measures them, plus the gap still open when a node
	// settles (a node that blocks the loop to its very end would show no delay to the histogram).
	const TICK_MS = 10;
	let lastTickAt = performance.now();
	let intervalMaxGap = 0;
	let nodeMaxGap = 0;
	const timeline = []; // [wall ms, largest stall ms in the interval, rss MB]
	const executions = [];
	let active = 0;
	let activePeakRss = 0;
	const gc = typeof global.gc === 'function' ? global.gc : null;
	const mb = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
	const stallMs = (gap) => Math.round(Math.max(0, gap - TICK_MS) * 10) / 10;
	const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

	let ticks = 0;
	const ticker = setInterval(() => {
		const now = performance.now();
		const gap = now - lastTickAt;
		lastTickAt = now;
		intervalMaxGap = Math.max(intervalMaxGap, gap);
		if (active > 0) {
			nodeMaxGap = Math.max(nodeMaxGap, gap);
			if (ticks % 2 === 0) activePeakRss = Math.max(activePeakRss, process.memoryUsage.rss());
		}
		if (++ticks % 10 === 0) {
			timeline.push([Date.now(), stallMs(intervalMaxGap), mb(process.memoryUsage.rss())]);
			intervalMaxGap = 0;
		}
	}, TICK_MS);
	ticker.unref();

	/** A full GC, left out of the stall figures: a forced GC is the probe's stall, not n8n's. */
	const quietGc = () => {
		if (!gc) return;
		gc();
		lastTickAt = performance.now();
	};
	const held = () => {
		const m = process.memoryUsage();
		return m.heapUsed + m.external;
	};

	const jsonBytesPerItem = (output) => {
		let items = 0;
		let bytes = 0;
		for (const branch of Array.isArray(output) ? output : []) {
			for (const item of Array.isArray(branch) ? branch : []) {
				items++;
				bytes += Buffer.byteLength(JSON.stringify(item?.json ?? null));
			}
		}
		return { items, bytes };
	};

	const wrapExecute = (proto) => {
		if (!proto || typeof proto.execute !== 'function' || proto.execute.__agoraProbe) return;
		const original = proto.execute;
		const wrapped = async function (...args) {
			let nodeName = '?';
			let itemsIn = null;
			try {
				nodeName = this.getNode().name;
				itemsIn = this.getInputData().length;
			} catch {
				/* not an execute context */
			}
			quietGc();
			if (process.env.AGORA_BENCH_PROBE_SNAPSHOT === nodeName)
				require('node:v8').writeHeapSnapshot(
					path.join(dir, `before-${nodeName.replace(/\W+/g, '_')}-${process.pid}.heapsnapshot`),
				);
			const record = { node: nodeName, itemsIn };
			record.heldBeforeMb = mb(held());
			record.rssBeforeMb = mb(process.memoryUsage.rss());
			active++;
			activePeakRss = process.memoryUsage.rss();
			nodeMaxGap = 0;
			lastTickAt = performance.now();
			record.startMs = Date.now();
			record.startUs = monotonicUs();
			const cpu0 = process.cpuUsage();
			let output;
			try {
				output = await original.apply(this, args);
				return output;
			} catch (error) {
				record.error = String(error?.message ?? error).slice(0, 300);
				throw error;
			} finally {
				const cpu = process.cpuUsage(cpu0);
				record.endMs = Date.now();
				record.endUs = monotonicUs();
				nodeMaxGap = Math.max(nodeMaxGap, performance.now() - lastTickAt);
				record.stallMs = stallMs(nodeMaxGap);
				record.cpuMs = Math.round((cpu.user + cpu.system) / 100) / 10;
				record.userCpuMs = Math.round(cpu.user / 100) / 10;
				record.peakRssMb = mb(Math.max(activePeakRss, process.memoryUsage.rss()));
				active--;
				quietGc();
				record.heldAfterMb = mb(held());
				// For looking into what is held: a heap snapshot after the GC (AGORA_BENCH_PROBE_SNAPSHOT=<node name>).
				if (process.env.AGORA_BENCH_PROBE_SNAPSHOT === nodeName)
					require('node:v8').writeHeapSnapshot(
						path.join(dir, `after-${nodeName.replace(/\W+/g, '_')}-${process.pid}.heapsnapshot`),
					);
				record.rssAfterMb = mb(process.memoryUsage.rss());
				const size = jsonBytesPerItem(output);
				record.itemsOut = size.items;
				record.jsonBytesPerItem = size.items ? Math.round(size.bytes / size.items) : 0;
				record.errorItems = 0;
				for (const branch of Array.isArray(output) ? output : [])
					for (const item of Array.isArray(branch) ? branch : [])
						if (item?.json?.error !== undefined) record.errorItems++;
				executions.push(record);
			}
		};
		wrapped.__agoraProbe = true;
		proto.execute = wrapped;
	};

	const originalLoad = Module._load;
	Module._load = function (request, parent, isMain) {
		const exported = originalLoad.call(this, request, parent, isMain);
		// n8n loads node files by path (x.node.js); versioned nodes require their versions ('./V3/x.node').
		if (typeof request === 'string' && /\.node(\.js)?$/.test(request) && exported) {
			for (const value of Object.values(exported))
				if (typeof value === 'function') wrapExecute(value.prototype);
		}
		return exported;
	};

	process.on('exit', () => {
		try {
			fs.writeFileSync(
				path.join(dir, `probe-${process.pid}.json`),
				JSON.stringify({
					pid: process.pid,
					argv: process.argv.slice(1),
					startedMs: started,
					gcExposed: gc !== null,
					executions,
					timeline,
				}),
			);
		} catch {
			/* nothing to report to */
		}
	});
}
