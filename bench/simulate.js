// The pacing on a simulated Agora gateway with a fake clock (bench/lib/accountSimulation.js): figures
// that depend on the algorithm only, not on how busy the machine is. Needs a build (npm run build).
//
//   node bench/simulate.js [processes=3] [seconds=30] [jitterMs=0] [items=∞] [nodes=1] [prepareMs=0] [runs=1]
//     One run: its figures and accepted/429 per second. Several runs (starts up to 0.2 s apart, at
//     random): the average share of the limit over the whole run (until the last process finished),
//     the lowest, and the share of requests answered 429.
//
//   node bench/simulate.js --scenarios [--seeds 1,2,3] [--pacing <module>] [--json]
//     The fixed scenarios (1, 2, 3, 5 processes; 150 ms; arrival jitter; a late joiner; optimistic
//     starts switched off), each with seeded random draws, so two builds can be compared figure for
//     figure. `--pacing` loads another build's pacing module (it must export createAccountPacer and
//     backoffDelayMs). `digest` is a hash of everything the gateway saw, second by second.
'use strict';

const crypto = require('node:crypto');
const path = require('node:path');
const { lastFinishOf, onFakeClock } = require('./lib/accountSimulation');
const { seededRandom } = require('./lib/seededRandom');

const argv = process.argv.slice(2);
const option = (name) => {
	const i = argv.indexOf(name);
	return i >= 0 ? argv[i + 1] : undefined;
};

/** [name, options]: every process runs 1,000 or 2,000 requests at 150 ms, 50 in flight. */
const SCENARIOS = [
	['1 process, 150 ms', { processes: 1, itemsPerProcess: 2000 }],
	['1 process, jitter 0–200 ms', { processes: 1, itemsPerProcess: 2000, jitterMs: 200 }],
	[
		'1 process, jitter 0–200 ms there, 0–100 ms back',
		{ processes: 1, itemsPerProcess: 2000, jitterMs: 200, returnJitterMs: 100 },
	],
	[
		'1 process, jitter 0–200 ms, optimistic starts off',
		{ processes: 1, itemsPerProcess: 2000, jitterMs: 200, optimisticStarts: false },
	],
	...[2, 3, 5].map((processes) => [
		`${processes} processes, 150 ms, 2 nodes × 500 after 0.4 s`,
		{ processes, itemsPerProcess: 1000, nodes: 2, prepareMs: 400 },
	]),
	...[2, 3, 5].map((processes) => [
		`${processes} processes, jitter 0–200 ms`,
		{ processes, itemsPerProcess: 1000, jitterMs: 200 },
	]),
	[
		'late joiner 0.6 s, jitter 0–200 ms',
		{ processes: 2, itemsPerProcess: 1000, jitterMs: 200, startOffsetsMs: [0, 600] },
	],
	['late joiner 2 s, 150 ms', { processes: 2, itemsPerProcess: 1000, startOffsetsMs: [0, 2000] }],
];

const percent = (x) => +(100 * x).toFixed(2);

async function scenarios() {
	const seeds = (option('--seeds') ?? '1,2,3').split(',').map(Number);
	const pacing = option('--pacing') ? require(path.resolve(option('--pacing'))) : undefined;
	const seconds = 120;
	const rows = [];
	for (const [name, options] of SCENARIOS) {
		for (const seed of seeds) {
			const random = seededRandom(seed);
			// Builds whose backoff takes no random source draw it from Math.random: the same stream.
			const mathRandom = Math.random;
			Math.random = random;
			let r;
			try {
				const startOffsetsMs =
					options.startOffsetsMs ?? Array.from({ length: options.processes }, (_, i) => i * 137);
				r = await onFakeClock({
					seconds,
					...options,
					startOffsetsMs,
					random,
					...(pacing ? { pacing } : {}),
				});
			} finally {
				Math.random = mathRandom;
			}
			const total = r.accepted + r.rejected;
			rows.push({
				scenario: name,
				seed,
				accepted: r.accepted,
				rejected: r.rejected,
				pct429: percent(r.rejected / total),
				shareOfLimit: percent(r.accepted / (lastFinishOf(r, seconds) / 1000) / 50),
				finishedMs: r.perProcess.map((p) => p.finishedAt).join('/'),
				digest: crypto
					.createHash('sha256')
					.update(
						JSON.stringify([
							r.perSecond,
							r.rejectedPerSecond,
							r.perProcess.map((p) => p.acceptedPerSecond),
						]),
					)
					.digest('hex')
					.slice(0, 12),
			});
		}
	}
	if (argv.includes('--json')) {
		process.stdout.write(`${JSON.stringify(rows, null, 1)}\n`);
		return;
	}
	const columns = Object.keys(rows[0]);
	console.log(`| ${columns.join(' | ')} |\n|${columns.map(() => ' --- |').join('')}`);
	for (const row of rows) console.log(`| ${columns.map((c) => row[c]).join(' | ')} |`);
}

async function runs() {
	const [processes = 3, seconds = 30, jitterMs = 0, items = Infinity, nodes = 1, prepareMs = 0] =
		argv.slice(0, 6).map(Number);
	const count = Number(argv[6] ?? 1);
	const options = { processes, seconds, jitterMs, itemsPerProcess: items, nodes, prepareMs };
	if (count > 1) {
		const shares = [];
		let refused = 0;
		let total = 0;
		for (let run = 0; run < count; run++) {
			const startOffsetsMs = Array.from({ length: processes }, (_, i) =>
				i ? Math.floor(Math.random() * 200) : 0,
			);
			const r = await onFakeClock({ ...options, startOffsetsMs });
			shares.push(r.accepted / (lastFinishOf(r, seconds) / 1000) / 50);
			refused += r.rejected;
			total += r.accepted + r.rejected;
		}
		const pct = (x) => +(100 * x).toFixed(1);
		console.log(
			JSON.stringify({
				processes,
				runs: count,
				shareOfLimit: pct(shares.reduce((a, b) => a + b, 0) / count),
				lowest: pct(Math.min(...shares)),
				pct429: pct(refused / total),
			}),
		);
		return;
	}
	const r = await onFakeClock({
		...options,
		startOffsetsMs: Array.from({ length: processes }, (_, i) => i * 137),
	});
	const total = r.accepted + r.rejected;
	const steady = r.perSecond.slice(2, -1);
	const avg = steady.reduce((a, b) => a + b, 0) / Math.max(1, steady.length);
	console.log(
		JSON.stringify({
			accepted: r.accepted,
			rejected: r.rejected,
			pct429: +((100 * r.rejected) / total).toFixed(1),
			steadyAvg: +avg.toFixed(1),
			wholeRunRate: +(r.accepted / (lastFinishOf(r, seconds) / 1000)).toFixed(1),
			perProcess: r.perProcess.map((p) => `${p.accepted}/${p.rejected}@${p.finishedAt}`).join(' '),
		}),
	);
	console.log(r.perSecond.map((n, i) => `${n}/${r.rejectedPerSecond[i] ?? 0}`).join(' '));
}

(argv.includes('--scenarios') ? scenarios() : runs()).catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
