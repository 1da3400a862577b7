'use strict';
/**
 * What the network and Agora's gateway do to a request besides answering it: the 50 requests/second
 * window per Customer ID (429), arrival jitter, latency, and the injected faults (random `faults`
 * and the scripted `faultPlan`: error statuses, dropped connections, slow, truncated or HTML answers,
 * answers whose keys were renamed).
 * Reference §1.2 (status codes) in `../shared/reference/agora-media-broadcast-api.md`, beside the repo;
 * README "Faults and latency" (the rate limit closes "Signature checks").
 *
 * Separate from the gateway (gateway.js), which only decides the order (auth, then the rate limit,
 * then a fault, then api.js): the knobs a client's retry and pacing are tested against are all here.
 */
const { performance } = require('node:perf_hooks');
const { sleep } = require('./httpUtil');

const DEFAULT_FAULTS = Object.freeze({
	rate: 0,
	statuses: [500, 502, 503, 504],
	dropRate: 0,
	slowMs: 0,
	slowRate: 0,
	truncateRate: 0,
	nonJsonRate: 0,
});

const RATE_LIMITED = 'API rate limit exceeded';
const STATUS_MESSAGES = {
	429: RATE_LIMITED,
	500: 'An unexpected error occurred',
	502: 'An invalid response was received from the upstream server',
	503: 'Service Temporarily Unavailable',
	504: 'The upstream server is timing out',
};
const HTML_BODY =
	'<!DOCTYPE html>\n<html><head><title>Service maintenance</title></head>' +
	'<body><h1>We&#39;ll be back soon</h1><p>The service is under maintenance.</p></body></html>\n';

/** `renameKeys: {from: to}` (to = null drops the key): the answer of a gateway whose format changed. */
function checkRenameKeys(renameKeys, i) {
	if (!renameKeys || typeof renameKeys !== 'object' || Array.isArray(renameKeys))
		throw new Error(`faultPlan[${i}].renameKeys must be an object {from: to}`);
	for (const [from, to] of Object.entries(renameKeys))
		if (to !== null && (typeof to !== 'string' || to === '' || to === from))
			throw new Error(
				`faultPlan[${i}].renameKeys.${from} must be another key name, or null to drop the key`,
			);
}

/**
 * The API's answer with its top-level keys renamed (or dropped): an answer in a changed shape. The
 * request itself was applied; only what is said about it changed.
 */
function renameAnswerKeys(body, renameKeys) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
	const out = {};
	for (const [key, value] of Object.entries(body)) {
		if (!Object.prototype.hasOwnProperty.call(renameKeys, key)) out[key] = value;
		else if (renameKeys[key] !== null) out[renameKeys[key]] = value;
	}
	return out;
}

/** Checks a fault plan when it is set (option or setConfig), so a malformed entry fails at once. */
function normalizeFaultPlan(plan) {
	if (plan === undefined || plan === null) return [];
	if (!Array.isArray(plan)) throw new Error('faultPlan must be an array');
	return plan.map((e, i) => {
		if (!e || typeof e !== 'object') throw new Error(`faultPlan[${i}] must be an object`);
		const times = e.times === undefined ? 1 : Number(e.times);
		if (!Number.isInteger(times) || times < 1)
			throw new Error(`faultPlan[${i}].times must be a positive integer`);
		const match = e.match && typeof e.match === 'object' ? { ...e.match } : {};
		if (
			!e.drop &&
			e.status === undefined &&
			!e.slowMs &&
			!e.truncate &&
			!e.nonJson &&
			e.renameKeys === undefined
		) {
			throw new Error(
				`faultPlan[${i}] needs one of status, drop, slowMs, truncate, nonJson, renameKeys`,
			);
		}
		if (e.renameKeys !== undefined) checkRenameKeys(e.renameKeys, i);
		return { ...e, match, times };
	});
}

/**
 * The gateway's faults for one sandbox. Reads `config` (the live, mutable object) on every call, so
 * setConfig and reset take effect for the next request.
 */
function createFaults(config) {
	const rateWindows = new Map(); // customerId → [monotonic ms of accepted requests]

	/**
	 * Network jitter before the gateway: a promise that resolves after 0..arrivalJitterMs ms, or null
	 * when there is none (so no await is added). Math.random, not config.random: the jitter must not
	 * shift a seeded fault sequence.
	 */
	function arrivalJitter() {
		return config.arrivalJitterMs > 0 ? sleep(Math.random() * config.arrivalJitterMs) : null;
	}

	/** The wait before an answer is written (latencyMs plus a slow fault), or null for none. */
	function answerDelay(extraDelayMs) {
		const wait = config.latencyMs + extraDelayMs;
		return wait > 0 ? sleep(wait) : null;
	}

	/** Sliding 1 s window per Customer ID on a monotonic clock; false = answer 429. */
	function takeToken(customerId) {
		const limit = config.rateLimit;
		if (limit === null || limit === 0 || limit === undefined) return true;
		const t = performance.now();
		let w = rateWindows.get(customerId);
		if (!w) rateWindows.set(customerId, (w = []));
		while (w.length && t - w[0] >= 1000) w.shift();
		if (w.length >= limit) return false;
		w.push(t);
		return true;
	}

	function retryAfterHeader(override) {
		const v = override !== undefined ? override : config.retryAfter;
		if (v === true) return { 'Retry-After': '1' };
		if (typeof v === 'number' || (typeof v === 'string' && v)) return { 'Retry-After': String(v) };
		return {};
	}

	// -------------------------------------------------------------------------- faults
	function pickPlannedFault(method, rawUrl) {
		for (let i = 0; i < config.faultPlan.length; i++) {
			const e = config.faultPlan[i];
			const m = e.match || {};
			if (m.method && String(m.method).toUpperCase() !== method) continue;
			if (m.pathIncludes && !rawUrl.includes(m.pathIncludes)) continue;
			e.times -= 1;
			if (e.times <= 0) config.faultPlan.splice(i, 1);
			return e;
		}
		return null;
	}

	function pickRandomFault() {
		const f = config.faults;
		const rnd = config.random;
		const out = {};
		if (f.dropRate > 0 && rnd() < f.dropRate) return { drop: true };
		if (f.rate > 0 && rnd() < f.rate) {
			const list =
				Array.isArray(f.statuses) && f.statuses.length ? f.statuses : DEFAULT_FAULTS.statuses;
			return { status: list[Math.floor(rnd() * list.length) % list.length] };
		}
		if (f.nonJsonRate > 0 && rnd() < f.nonJsonRate) return { nonJson: true };
		if (f.slowRate > 0 && f.slowMs > 0 && rnd() < f.slowRate) out.slowMs = f.slowMs;
		if (f.truncateRate > 0 && rnd() < f.truncateRate) out.truncate = true;
		return out.slowMs || out.truncate ? out : null;
	}

	/**
	 * The fault for one authenticated, in-limit request: the fault plan first, else the random
	 * faults. Marks the log entry (`fault`, `faultPlan`). Returns null (no fault) or
	 * `{slowMs, truncate, renameKeys, answer?}`; `answer` = [status, body, headers, how] is sent instead
	 * of the API's answer (how: {drop} or {html}); `renameKeys` changes the API's answer (renameAnswerKeys).
	 */
	function injectFault(entry, method, rawUrl) {
		const planned = pickPlannedFault(method, rawUrl);
		const fault = planned || pickRandomFault();
		if (!fault) return null;
		if (planned) entry.faultPlan = true;
		const out = {
			slowMs: fault.slowMs ? Number(fault.slowMs) || 0 : 0,
			truncate: !!fault.truncate,
			renameKeys: null,
		};
		if (fault.drop) {
			entry.fault = 'drop';
			out.answer = [null, undefined, {}, { drop: true }];
			return out;
		}
		if (fault.status !== undefined) {
			entry.fault = 'status';
			const st = Number(fault.status);
			const body =
				fault.body !== undefined ? fault.body : { message: STATUS_MESSAGES[st] || `HTTP ${st}` };
			const ra =
				st === 429 || fault.retryAfter !== undefined ? retryAfterHeader(fault.retryAfter) : {};
			const headers = { ...ra, ...(fault.headers || {}) };
			out.answer = [st, body, headers, {}];
			return out;
		}
		if (fault.nonJson) {
			entry.fault = 'nonJson';
			out.answer = [200, undefined, {}, { html: true }];
			return out;
		}
		if (fault.renameKeys) {
			entry.fault = 'renameKeys';
			out.renameKeys = fault.renameKeys;
			return out;
		}
		entry.fault = fault.truncate ? 'truncate' : 'slow';
		return out;
	}

	return {
		arrivalJitter,
		answerDelay,
		takeToken,
		retryAfterHeader,
		injectFault,
		clearRateWindows: () => rateWindows.clear(),
	};
}

/** A maintenance page where JSON was expected (`nonJson` fault). */
function writeHtmlPage(res, status) {
	res.writeHead(status, {
		'Content-Type': 'text/html; charset=utf-8',
		'Content-Length': Buffer.byteLength(HTML_BODY),
	});
	res.end(HTML_BODY);
}

/** The first half of the JSON answer, with a Content-Length that matches it (`truncate` fault). */
function writeTruncatedJson(res, status, body, headers) {
	const text = body === undefined ? '' : JSON.stringify(body);
	const part = text.length > 1 ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : '{"';
	res.writeHead(status, {
		...headers,
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(part),
	});
	res.end(part);
}

module.exports = {
	renameAnswerKeys,
	DEFAULT_FAULTS,
	RATE_LIMITED,
	STATUS_MESSAGES,
	normalizeFaultPlan,
	createFaults,
	writeHtmlPage,
	writeTruncatedJson,
};
