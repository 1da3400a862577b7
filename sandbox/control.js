'use strict';
/**
 * The control API (no signature; everything under `/_sandbox/`, README "Control API") and the
 * config it gets and sets: health, the request log, reset, config, state, seed, simulations and NCS.
 * The Slack stand-in (`/_sandbox/slack`) has its own module, slack.js.
 *
 * Separate from the gateway because none of this is Agora: it is how tests and `npm run dev` steer
 * the sandbox. The work behind each route lives in seed.js, simulate.js and ncs.js.
 */
const { seed } = require('./seed');
const { deliveryView } = require('./ncs');
const { normalizeCustomers } = require('./auth');
const { normalizeFaultPlan } = require('./faults');
const { readBody, sendJson, ControlError, cbad } = require('./httpUtil');

const SETTABLE = new Set([
	'rateLimit',
	'latencyMs',
	'arrivalJitterMs',
	'retryAfter',
	'faults',
	'faultPlan',
	'clockSkewToleranceSec',
	'ncs',
	'customers',
	'maxEntryPoints',
	'maxLogEntries',
	'now',
	'random',
]);

/**
 * `sb.setConfig(partial)` / `POST /_sandbox/config`: merges into the live config object in place
 * (every module reads it per request), unknown keys throw. Returns the public config.
 */
function setConfig(config, partial = {}) {
	if (!partial || typeof partial !== 'object') throw new Error('setConfig expects an object');
	for (const k of Object.keys(partial))
		if (!SETTABLE.has(k)) throw new Error(`unknown config key: ${k}`);
	if ('rateLimit' in partial) {
		const v = partial.rateLimit;
		if (v !== null && !(Number.isInteger(v) && v >= 0))
			throw new Error('rateLimit must be a non-negative integer or null');
		config.rateLimit = v;
	}
	if ('latencyMs' in partial) config.latencyMs = Math.max(0, Number(partial.latencyMs) || 0);
	if ('arrivalJitterMs' in partial)
		config.arrivalJitterMs = Math.max(0, Number(partial.arrivalJitterMs) || 0);
	if ('retryAfter' in partial) config.retryAfter = partial.retryAfter;
	if ('clockSkewToleranceSec' in partial)
		config.clockSkewToleranceSec = Number(partial.clockSkewToleranceSec);
	if ('faults' in partial) config.faults = { ...config.faults, ...(partial.faults || {}) };
	if ('faultPlan' in partial) config.faultPlan = normalizeFaultPlan(partial.faultPlan);
	if ('ncs' in partial) config.ncs = { ...config.ncs, ...(partial.ncs || {}) };
	if ('customers' in partial) config.customers = normalizeCustomers(partial.customers);
	if ('maxEntryPoints' in partial) config.maxEntryPoints = Number(partial.maxEntryPoints);
	if ('maxLogEntries' in partial) config.maxLogEntries = Number(partial.maxLogEntries);
	if ('now' in partial)
		config.now = typeof partial.now === 'function' ? partial.now : () => Date.now();
	if ('random' in partial)
		config.random = typeof partial.random === 'function' ? partial.random : Math.random;
	return publicConfig(config);
}

function publicConfig(config) {
	return {
		rateLimit: config.rateLimit,
		latencyMs: config.latencyMs,
		arrivalJitterMs: config.arrivalJitterMs,
		retryAfter: config.retryAfter,
		clockSkewToleranceSec: config.clockSkewToleranceSec,
		faults: { ...config.faults },
		faultPlan: config.faultPlan.map((e) => ({ ...e })),
		ncs: { ...config.ncs, secret: config.ncs.secret ? '[set]' : null },
		customers: config.customers.map((c) => ({ customerId: c.customerId })),
		maxEntryPoints: config.maxEntryPoints,
		maxLogEntries: config.maxLogEntries,
	};
}

/**
 * @param ctx the sandbox's shared context (server.js): config, state, requestLog, deliveries, seq, url
 * @param ops {reset, simulate, sendNcs} of the same sandbox
 * @returns handleControl(req, res, parsedUrl): Promise
 */
function createControlApi(ctx, { reset, simulate, sendNcs }) {
	const { config, state, requestLog, deliveries } = ctx;

	async function handleControl(req, res, parsedUrl) {
		const raw = await readBody(req);
		let body = {};
		if (raw.length) {
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				return sendJson(res, 400, { message: 'the request body is not valid JSON' });
			}
		}
		const p = parsedUrl.pathname.replace(/\/+$/, '');
		const m = req.method;
		const q = parsedUrl.searchParams;
		try {
			if (p === '/_sandbox/health' && m === 'GET')
				return sendJson(res, 200, { ok: true, url: ctx.url });
			if (p === '/_sandbox/requests' && m === 'GET') {
				const since = Number(q.get('since') || 0);
				return sendJson(res, 200, {
					requests: requestLog.filter((e) => e.seq > since),
					lastSeq: ctx.seq,
				});
			}
			if (p === '/_sandbox/requests' && m === 'DELETE') {
				const n = requestLog.length;
				requestLog.length = 0;
				return sendJson(res, 200, { cleared: n, lastSeq: ctx.seq });
			}
			if (p === '/_sandbox/reset' && m === 'POST') {
				reset();
				return sendJson(res, 200, { ok: true });
			}
			if (p === '/_sandbox/config' && m === 'GET') return sendJson(res, 200, publicConfig(config));
			if (p === '/_sandbox/config' && (m === 'POST' || m === 'PATCH')) {
				if (!body || typeof body !== 'object' || Array.isArray(body))
					throw cbad('expected a JSON object');
				if ('now' in body || 'random' in body)
					throw cbad('now and random can only be set from JavaScript');
				try {
					return sendJson(res, 200, setConfig(config, body));
				} catch (e) {
					throw cbad(e.message);
				}
			}
			if (p === '/_sandbox/state' && m === 'GET') {
				const appId = q.get('appId');
				return sendJson(res, 200, appId ? state.dump(appId) : state.dump());
			}
			if (p === '/_sandbox/seed' && m === 'POST') return sendJson(res, 200, seed(ctx, body));
			const sim = /^\/_sandbox\/simulate\/([a-z-]+)$/.exec(p);
			if (sim && m === 'POST') return sendJson(res, 200, await simulate(sim[1], body));
			if (p === '/_sandbox/ncs/send' && m === 'POST')
				return sendJson(res, 200, await sendNcs(body));
			if (p === '/_sandbox/ncs/deliveries' && m === 'GET')
				return sendJson(res, 200, { deliveries: deliveries.map(deliveryView) });
			if (p === '/_sandbox/ncs/deliveries' && m === 'DELETE') {
				const n = deliveries.length;
				deliveries.length = 0;
				return sendJson(res, 200, { cleared: n });
			}
			return sendJson(res, 404, { message: `unknown control route ${m} ${p}` });
		} catch (e) {
			if (e instanceof ControlError) return sendJson(res, e.status, { message: e.message });
			return sendJson(res, 500, { message: String(e && e.message ? e.message : e) });
		}
	}

	return handleControl;
}

module.exports = { SETTABLE, setConfig, publicConfig, createControlApi };
