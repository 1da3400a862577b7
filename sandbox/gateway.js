'use strict';
/**
 * The path of one API request (`/v1/projects/{appid}/fls/...`), as Agora's Kong gateway runs it:
 * arrival (jitter) → request log entry → route base (404) → signature (auth.js, 401) → rate limit
 * and faults (faults.js, 429 and the injected ones) → the endpoint (api.js) → the answer after the
 * latency, then `onRequest(entry)`.
 *
 * Separate from server.js so the order of those steps, and what each writes into the request log
 * (README "Request log"), stand in one readable function; the steps themselves live in their modules.
 */
const { performance } = require('node:perf_hooks');

const { handleApi, matchBase, NO_ROUTE } = require('./api');
const { authenticate } = require('./auth');
const {
	RATE_LIMITED,
	STATUS_MESSAGES,
	renameAnswerKeys,
	writeHtmlPage,
	writeTruncatedJson,
} = require('./faults');
const { readBody, sendJson } = require('./httpUtil');

// Body keys whose values never reach the request log (storage credentials, stream-auth secrets).
const REDACT_KEYS = new Set(['secretKey', 'accessKey', 'secret']);

function queryObject(searchParams) {
	const o = {};
	for (const [k, v] of searchParams) {
		if (Object.prototype.hasOwnProperty.call(o, k)) o[k] = [].concat(o[k], v);
		else o[k] = v;
	}
	return o;
}

function redact(v) {
	if (Array.isArray(v)) return v.map(redact);
	if (v && typeof v === 'object') {
		const o = {};
		for (const [k, x] of Object.entries(v))
			o[k] = REDACT_KEYS.has(k) && x !== undefined && x !== null ? '[redacted]' : redact(x);
		return o;
	}
	return v;
}

/** Body for the request log: parsed JSON (secrets redacted), else the raw string, else null. */
function logBody(raw) {
	if (!raw || raw.length === 0) return null;
	const text = raw.toString('utf8');
	try {
		return redact(JSON.parse(text));
	} catch {
		return text.length > 10000 ? text.slice(0, 10000) + '…' : text;
	}
}

/**
 * @param ctx the sandbox's shared context (server.js): config, state, requestLog, seq, onRequest
 * @param faults createFaults(config) of the same sandbox
 * @returns handleApiRequest(req, res, parsedUrl): Promise
 */
function createApiGateway(ctx, faults) {
	const { config, state, requestLog, onRequest } = ctx;

	async function handleApiRequest(req, res, parsedUrl) {
		// When the request reached this process, before the simulated network delay (bench analysis).
		const sentMono = performance.now();
		const jitter = faults.arrivalJitter();
		if (jitter) await jitter;
		const arrivedMono = performance.now();
		const raw = await readBody(req);
		const entry = {
			seq: ++ctx.seq,
			at: config.now(),
			// Sub-millisecond arrival time (when the gateway counted it), for per-window checks.
			arrivedAt: performance.timeOrigin + arrivedMono,
			...(jitter ? { sentAt: performance.timeOrigin + sentMono } : {}),
			method: req.method,
			path: parsedUrl.pathname,
			query: queryObject(parsedUrl.searchParams),
			rawUrl: req.url,
			customerId: null,
			status: null,
			body: logBody(raw),
		};
		requestLog.push(entry);
		if (requestLog.length > config.maxLogEntries)
			requestLog.splice(0, requestLog.length - config.maxLogEntries);

		let extraDelay = 0;
		const finish = async (status, body, headers = {}, how = {}) => {
			const delay = faults.answerDelay(extraDelay);
			if (delay) await delay;
			entry.ms = Math.round(performance.now() - arrivedMono);
			if (how.drop) {
				entry.dropped = true;
				entry.status = null;
				req.socket.destroy();
			} else if (res.destroyed) {
				entry.status = status;
				entry.clientGone = true;
			} else if (how.html) {
				entry.status = status;
				writeHtmlPage(res, status);
			} else if (how.truncate) {
				entry.status = status;
				writeTruncatedJson(res, status, body, headers);
			} else {
				entry.status = status;
				sendJson(res, status, body, headers);
			}
			if (onRequest) {
				try {
					onRequest(entry);
				} catch {
					/* ignore */
				}
			}
		};

		const base = matchBase(parsedUrl.pathname);
		if (!base) return finish(404, { message: NO_ROUTE });
		entry.appId = base.appId;

		const auth = authenticate(config, req, raw);
		entry.customerId = auth.claimed || null;
		if (!auth.ok) {
			entry.authError = auth.detail;
			return finish(401, { message: auth.message }, { 'X-Sandbox-Auth-Error': auth.detail });
		}
		if (!faults.takeToken(auth.customer.customerId)) {
			entry.rateLimited = true;
			return finish(429, { message: RATE_LIMITED }, faults.retryAfterHeader());
		}

		const fault = faults.injectFault(entry, req.method, req.url);
		if (fault) {
			extraDelay += fault.slowMs;
			if (fault.answer) return finish(...fault.answer);
		}

		let result;
		try {
			result = handleApi({
				appId: base.appId,
				app: state.app(base.appId),
				rest: base.rest,
				method: req.method,
				query: parsedUrl.searchParams,
				rawBody: raw,
				now: () => config.now(),
				config,
			});
		} catch (e) {
			entry.error = String(e && e.stack ? e.stack : e);
			return finish(500, { message: STATUS_MESSAGES[500] });
		}
		const body =
			fault && fault.renameKeys ? renameAnswerKeys(result.body, fault.renameKeys) : result.body;
		return finish(result.status, body, {}, { truncate: !!(fault && fault.truncate) });
	}

	return handleApiRequest;
}

module.exports = { createApiGateway };
