// Turns one contender's n8n run JSON and the sandbox request log into the reported numbers.

import pacingBound from './pacingBound.cjs';

const ok = (e) => e.status >= 200 && e.status < 300;

/** Last run of a node in the execution, or undefined if it never ran. */
function lastRun(run, nodeName) {
	const runs = run?.data?.resultData?.runData?.[nodeName];
	return runs && runs.length ? runs[runs.length - 1] : undefined;
}

/**
 * Items of `nodeName` that the workflow reports as done: the node ran without a node-level error,
 * and the item has no `error` field (Continue On Fail items). The node's output is what a user sees.
 */
function succeededItems(run, nodeName) {
	const r = lastRun(run, nodeName);
	if (!r || r.error) return 0;
	const items = r.data?.main?.[0] ?? [];
	return items.filter((i) => i && i.json && i.json.error === undefined).length;
}

/**
 * How far the machine's wall clock stepped during a run, in ms: the spread of (wall-clock `at` −
 * monotonic `arrivedAt`) over the sandbox's log entries (a few ms when nothing happened). Wall times
 * from n8n (node start and execution times) are off by about this much; `arrivedAt` is not.
 */
export function wallClockStepMs(requests) {
	let low = Infinity;
	let high = -Infinity;
	for (const e of requests) {
		if (e.arrivedAt === undefined) continue;
		const offset = e.at - e.arrivedAt;
		low = Math.min(low, offset);
		high = Math.max(high, offset);
	}
	return Number.isFinite(low) ? Math.round(high - low) : 0;
}

/**
 * @param run          parsed `n8n execute --rawOutput` JSON
 * @param requests     sandbox log entries of this contender only
 * @param spec         {firstNode, agoraNodes: [ban, unban], items}
 */
export function measure(run, requests, spec) {
	const runData = run?.data?.resultData?.runData ?? {};
	const first = lastRun(run, spec.firstNode);
	const startMs = runData[spec.firstNode]?.[0]?.startTime;
	let endMs = startMs;
	for (const runs of Object.values(runData)) {
		for (const r of runs)
			if (r.startTime >= (startMs ?? 0))
				endMs = Math.max(endMs ?? 0, r.startTime + (r.executionTime ?? 0));
	}
	const wallMs = first && startMs !== undefined ? endMs - startMs : NaN;
	const successful = requests.filter(ok);
	const distinct = new Set(requests.map((e) => `${e.method} ${e.path}`));
	const appliedDistinct = new Set(successful.map((e) => `${e.method} ${e.path}`));
	const doneItems = spec.agoraNodes.reduce((n, name) => n + succeededItems(run, name), 0);
	const statusCounts = {};
	for (const e of requests)
		statusCounts[e.status ?? 'dropped'] = (statusCounts[e.status ?? 'dropped'] || 0) + 1;
	const firstAt = requests.length ? Math.min(...requests.map((e) => e.at)) : NaN;
	const lastAt = requests.length ? Math.max(...requests.map((e) => e.at)) : NaN;
	// With arrival jitter: what a perfect 429-free pacer would have reached on this run (pacingBound.cjs).
	const sendingNodes = spec.agoraNodes.map((name) => lastRun(run, name));
	const bound = sendingNodes.every(Boolean)
		? pacingBound.noRefusalBound(
				sendingNodes.map((r) => ({
					startMs: r.startTime,
					endMs: r.startTime + (r.executionTime ?? 0),
				})),
				requests,
			)
		: null;
	const startedAt = Date.parse(run?.startedAt ?? '');
	const stoppedAt = Date.parse(run?.stoppedAt ?? '');
	return {
		wallMs,
		wallStartMs: startMs,
		successfulRequests: successful.length,
		effectiveRps: successful.length / (wallMs / 1000),
		failedItems: spec.items - doneItems,
		noRefusalBound: bound ? bound.ratio : null,
		wallClockStepMs: wallClockStepMs(requests),
		http429: requests.filter((e) => e.status === 429).length,
		retries: requests.length - distinct.size,
		details: {
			status: run?.status ?? 'no run JSON',
			error: run?.data?.resultData?.error?.message,
			requests: requests.length,
			statusCounts,
			itemsReportedDone: doneItems,
			// What the server applied, whatever n8n reported (a node that throws reports none of its items).
			itemsAppliedOnServer: appliedDistinct.size,
			requestSpanSeconds: (lastAt - firstAt) / 1000,
			workflowExecutionSeconds: (stoppedAt - startedAt) / 1000,
			nodeSeconds: Object.fromEntries(
				Object.entries(runData).map(([n, runs]) => [
					n,
					runs.reduce((s, r) => s + (r.executionTime ?? 0), 0) / 1000,
				]),
			),
			nodeRuns: Object.fromEntries(Object.entries(runData).map(([n, runs]) => [n, runs.length])),
			maxSuccessInAnySecond: maxInWindow(
				successful.map((e) => e.at),
				1000,
			),
		},
	};
}

/** Largest number of timestamps in any window of `windowMs` (sliding). */
export function maxInWindow(times, windowMs) {
	const t = [...times].sort((a, b) => a - b);
	let best = 0;
	for (let i = 0, j = 0; i < t.length; i++) {
		while (t[i] - t[j] >= windowMs) j++;
		best = Math.max(best, i - j + 1);
	}
	return best;
}

/** Successful requests per second, bucketed by whole seconds since `t0` (sandbox arrival times). */
export function perSecondSeries(requests, t0, { status = ok } = {}) {
	const buckets = [];
	for (const e of requests) {
		if (!status(e)) continue;
		const s = Math.floor((e.at - t0) / 1000);
		if (s < 0) continue;
		while (buckets.length <= s) buckets.push(0);
		buckets[s]++;
	}
	return buckets;
}
