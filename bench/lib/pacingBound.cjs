// The best any pacer that never draws a 429 could have done in one single-process run (CommonJS, so
// that jest can test it; bench/lib/metrics.mjs imports it).
'use strict';

/**
 * Replays a run with a perfect 429-free pacer and returns the share of the limit it would reach, on
 * the run's own measure (successful requests ÷ wall time from the first node's start to the last
 * node's end ÷ limit). What stays as measured: each request's arrival delay (`arrivedAt − sentAt`,
 * in the order its node sent them), its answer time after arrival (`ms`), and n8n's own time: before
 * each node's first request (its input checks), between nodes, and after a node's last answer. What
 * the pacer does perfectly: it costs no time, and it starts each request the moment the gateway
 * window could take it whatever the delay turns out to be, i.e. `windowMs` after the `limit`-th
 * latest arrival (a request may arrive at once, so an earlier start can draw a 429).
 *
 * @param {Array<{startMs: number, endMs: number}>} nodes  the nodes that send, in order (wall clock)
 * @param {object[]} requests  sandbox log entries (`at`, `arrivedAt`, `sentAt`, `ms`, `status`)
 * @returns {{ratio: number, wallMs: number} | null}  null when the log has no `sentAt` (no jitter)
 */
function noRefusalBound(nodes, requests, { limit = 50, windowMs = 1000 } = {}) {
	const ok = requests.filter((e) => e.status >= 200 && e.status < 300);
	if (!ok.length || !nodes.length || ok.some((e) => e.sentAt === undefined)) return null;
	// `at` is the wall clock, `arrivedAt`/`sentAt` the sandbox's monotonic clock: convert per entry.
	const wall = (e, t) => t + (e.at - e.arrivedAt);
	const perNode = nodes.map(() => []);
	for (const e of ok) {
		const sentAt = wall(e, e.sentAt);
		const i = nodes.findIndex((n) => sentAt >= n.startMs && sentAt <= n.endMs);
		if (i < 0) return null;
		perNode[i].push(e);
	}
	const arrivals = []; // sorted, latest last
	const insert = (t) => {
		let i = arrivals.length;
		while (i > 0 && arrivals[i - 1] > t) i--;
		arrivals.splice(i, 0, t);
	};
	let t = 0; // the ideal run's clock, 0 = the first node's start
	for (let i = 0; i < nodes.length; i++) {
		const sent = perNode[i].sort((a, b) => a.sentAt - b.sentAt); // in the order the node sent them
		if (i > 0) t += nodes[i].startMs - nodes[i - 1].endMs;
		if (!sent.length) {
			t += nodes[i].endMs - nodes[i].startMs;
			continue;
		}
		const checksMs = wall(sent[0], sent[0].sentAt) - nodes[i].startMs;
		const lastAnswer = Math.max(...sent.map((e) => wall(e, e.arrivedAt) + e.ms));
		const afterLastAnswerMs = Math.max(0, nodes[i].endMs - lastAnswer);
		const ready = t + checksMs;
		let end = ready;
		for (const e of sent) {
			const start =
				arrivals.length < limit
					? ready
					: Math.max(ready, arrivals[arrivals.length - limit] + windowMs);
			const arrival = start + (e.arrivedAt - e.sentAt);
			insert(arrival);
			end = Math.max(end, arrival + e.ms);
		}
		t = end + afterLastAnswerMs;
	}
	return { ratio: ok.length / (t / 1000) / limit, wallMs: t };
}

module.exports = { noRefusalBound };
