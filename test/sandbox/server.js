'use strict';
/**
 * Local stand-in for Agora's Media Broadcast ("FLS") REST API.
 *
 *   const { createSandbox } = require('./test/sandbox/server');
 *   const sb = await createSandbox({ port: 0 });
 *   // sb.url = 'http://127.0.0.1:PORT', credentials: sandbox-customer-id / sandbox-customer-secret
 *   await sb.close();
 *
 * Follows /work/shared/reference/agora-media-broadcast-api.md (not the node). See README.md.
 * Plain CommonJS, Node 20, node: built-ins only.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const { performance } = require('node:perf_hooks');

const signing = require('./signing');
const {
	createState,
	newEntryPoint,
	randomAuthKey,
	parseRfc3339,
	DEFAULT_ENTRY_POINT,
	REGIONS,
	PRESETS,
	formatRfc3339,
	compactDate,
	toMs,
} = require('./state');
const { handleApi, matchBase, NO_ROUTE } = require('./api');
const { buildEnvelope, ncsHeaders, createDeliverer, deliverySummary } = require('./ncs');
const { createSlackWebhook } = require('./slack');

const DEFAULT_CUSTOMER = Object.freeze({
	customerId: 'sandbox-customer-id',
	customerSecret: 'sandbox-customer-secret',
});
const DEFAULT_FAULTS = Object.freeze({
	rate: 0,
	statuses: [500, 502, 503, 504],
	dropRate: 0,
	slowMs: 0,
	slowRate: 0,
	truncateRate: 0,
	nonJsonRate: 0,
});
const DEFAULT_NCS = Object.freeze({
	url: null,
	secret: null,
	timeoutMs: 10000,
	retryDelaysMs: [1000, 2000, 4000],
	maxRetries: 3,
});

const MSG = {
	unauthorized: 'Unauthorized',
	dateRequired:
		'HMAC signature cannot be verified, a valid date or x-date header is required for HMAC Authentication',
	cannotVerify: 'HMAC signature cannot be verified',
	notSame: 'HMAC signature does not match',
	rateLimited: 'API rate limit exceeded',
};
const STATUS_MESSAGES = {
	429: MSG.rateLimited,
	500: 'An unexpected error occurred',
	502: 'An invalid response was received from the upstream server',
	503: 'Service Temporarily Unavailable',
	504: 'The upstream server is timing out',
};
const HTML_BODY =
	'<!DOCTYPE html>\n<html><head><title>Service maintenance</title></head>' +
	'<body><h1>We&#39;ll be back soon</h1><p>The service is under maintenance.</p></body></html>\n';
const REDACT_KEYS = new Set(['secretKey', 'accessKey', 'secret']);
const REQUIRED_SIGNED_HEADERS = ['host', 'request-line', 'digest'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// config

function normalizeCustomers(list) {
	const arr = Array.isArray(list) && list.length ? list : [DEFAULT_CUSTOMER];
	return arr.map((c) => {
		if (!c || !c.customerId || !c.customerSecret)
			throw new Error('each customer needs customerId and customerSecret');
		return { customerId: String(c.customerId), customerSecret: String(c.customerSecret) };
	});
}

function normalizeFaultPlan(plan) {
	if (plan === undefined || plan === null) return [];
	if (!Array.isArray(plan)) throw new Error('faultPlan must be an array');
	return plan.map((e, i) => {
		if (!e || typeof e !== 'object') throw new Error(`faultPlan[${i}] must be an object`);
		const times = e.times === undefined ? 1 : Number(e.times);
		if (!Number.isInteger(times) || times < 1)
			throw new Error(`faultPlan[${i}].times must be a positive integer`);
		const match = e.match && typeof e.match === 'object' ? { ...e.match } : {};
		if (!e.drop && e.status === undefined && !e.slowMs && !e.truncate && !e.nonJson) {
			throw new Error(`faultPlan[${i}] needs one of status, drop, slowMs, truncate, nonJson`);
		}
		return { ...e, match, times };
	});
}

function buildConfig(options = {}) {
	const faults = { ...DEFAULT_FAULTS, ...(options.faults || {}) };
	const ncs = { ...DEFAULT_NCS, ...(options.ncs || {}) };
	return {
		host: options.host || '127.0.0.1',
		port: options.port === undefined ? 0 : options.port,
		customers: normalizeCustomers(options.customers),
		rateLimit: options.rateLimit === undefined ? 50 : options.rateLimit,
		latencyMs: options.latencyMs || 0,
		// Network jitter before the gateway: each API request waits uniformly 0..N ms before it is
		// counted (rate limit) and logged, the way requests reach Agora at uneven delays.
		arrivalJitterMs: options.arrivalJitterMs || 0,
		retryAfter: options.retryAfter === undefined ? false : options.retryAfter,
		faults,
		faultPlan: normalizeFaultPlan(options.faultPlan),
		clockSkewToleranceSec:
			options.clockSkewToleranceSec === undefined ? 300 : options.clockSkewToleranceSec,
		ncs,
		maxEntryPoints: options.maxEntryPoints || 100,
		maxLogEntries: options.maxLogEntries || 100000,
		now: typeof options.now === 'function' ? options.now : () => Date.now(),
		random: typeof options.random === 'function' ? options.random : Math.random,
	};
}

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

// ---------------------------------------------------------------------------------------------
// helpers

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

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function sendJson(res, status, body, headers = {}) {
	if (res.destroyed || res.headersSent) return;
	if (body === undefined) {
		res.writeHead(status, { ...headers, 'Content-Length': 0 });
		res.end();
		return;
	}
	const text = JSON.stringify(body);
	res.writeHead(status, {
		...headers,
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

function headerValue(req, name) {
	const v = req.headers[name];
	return Array.isArray(v) ? v.join(', ') : v;
}

class ControlError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}
const cbad = (m) => new ControlError(400, m);

// ---------------------------------------------------------------------------------------------

/**
 * Starts the sandbox.
 * @returns {Promise<{url: string, port: number, host: string, state: object, requestLog: object[], deliveries: object[], config: object, reset(): void, setConfig(partial: object): object, simulate(name: string, body: object): Promise<object>, seed(body: object): object, sendNcs(body: object): Promise<object>, close(): Promise<void>}>}
 */
async function createSandbox(options = {}) {
	const initialOptions = { ...options };
	const config = buildConfig(options);
	const state = createState(() => config.now());
	const requestLog = [];
	const deliveries = [];
	const rateWindows = new Map(); // customerId → [monotonic ms of accepted requests]
	let seq = 0;
	let deliverer = createDeliverer();
	const onRequest = typeof options.onRequest === 'function' ? options.onRequest : null;
	const onDelivery = typeof options.onDelivery === 'function' ? options.onDelivery : null;
	// Not Agora: a Slack incoming-webhook stand-in for the "notify" example (slack.js).
	const slack = createSlackWebhook({ onMessage: options.onSlackMessage });

	// -------------------------------------------------------------------------- config API
	function setConfig(partial = {}) {
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
		return publicConfig();
	}

	function publicConfig() {
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

	function reset() {
		const fresh = buildConfig(initialOptions);
		for (const k of Object.keys(fresh)) if (k !== 'host' && k !== 'port') config[k] = fresh[k];
		state.clear();
		requestLog.length = 0;
		deliveries.length = 0;
		slack.clear();
		rateWindows.clear();
		seq = 0;
		deliverer.close();
		deliverer = createDeliverer();
	}

	// -------------------------------------------------------------------------- auth
	function authenticate(req, raw) {
		const authz = headerValue(req, 'authorization') || headerValue(req, 'proxy-authorization');
		if (!authz)
			return { ok: false, message: MSG.unauthorized, detail: 'missing Authorization header' };
		const params = signing.parseAuthorization(authz);
		const claimed = params ? params.username : null;

		// Kong checks the clock before anything else (x-date or date).
		const tolMs = config.clockSkewToleranceSec * 1000;
		const now = config.now();
		const dates = ['x-date', 'date'].map((h) => headerValue(req, h)).filter((v) => v !== undefined);
		if (dates.length === 0)
			return { ok: false, claimed, message: MSG.dateRequired, detail: 'missing Date header' };
		const parsed = dates.map((d) => signing.parseHttpDate(d)).filter((v) => v !== null);
		if (parsed.length === 0) {
			return {
				ok: false,
				claimed,
				message: MSG.dateRequired,
				detail: `Date header is not an RFC 7231 date: ${dates[dates.length - 1]}`,
			};
		}
		const skews = parsed.map((t) => Math.abs(now - t));
		const best = Math.min(...skews);
		if (best > tolMs) {
			const s = Math.round(best / 1000);
			return {
				ok: false,
				claimed,
				message: `${MSG.dateRequired} (clock skew of ${s} s exceeds the allowed ${config.clockSkewToleranceSec} s)`,
				detail: `clock skew ${s} s`,
			};
		}

		if (!params)
			return {
				ok: false,
				claimed,
				message: MSG.cannotVerify,
				detail: 'Authorization header is not a valid hmac header',
			};
		const algo = signing.HMAC_ALGORITHMS[params.algorithm];
		if (!algo)
			return {
				ok: false,
				claimed,
				message: MSG.cannotVerify,
				detail: `algorithm ${params.algorithm} not supported`,
			};
		const missing = REQUIRED_SIGNED_HEADERS.filter((h) => !params.headers.includes(h));
		if (!params.headers.includes('date') && !params.headers.includes('x-date'))
			missing.push('date');
		if (missing.length)
			return {
				ok: false,
				claimed,
				message: MSG.cannotVerify,
				detail: `headers list lacks ${missing.join(', ')}`,
			};
		const customer = config.customers.find((c) => c.customerId === params.username);
		if (!customer)
			return {
				ok: false,
				claimed,
				message: MSG.cannotVerify,
				detail: `unknown customer ${params.username}`,
			};

		const signingString = signing.kongSigningString(
			params.headers,
			(h) => headerValue(req, h),
			req.method,
			req.url,
			req.httpVersion,
		);
		const expected = signing.hmacBase64(algo, customer.customerSecret, signingString);
		if (!signing.timingSafeEqualStr(expected, params.signature)) {
			return { ok: false, claimed, message: MSG.notSame, detail: 'signature mismatch' };
		}
		const digest = headerValue(req, 'digest');
		if (!digest)
			return { ok: false, claimed, message: MSG.notSame, detail: 'missing Digest header' };
		if (digest !== signing.computeDigest(raw))
			return { ok: false, claimed, message: MSG.notSame, detail: 'Digest does not match the body' };
		return { ok: true, customer, claimed };
	}

	// -------------------------------------------------------------------------- rate limit
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

	// -------------------------------------------------------------------------- API requests
	async function handleApiRequest(req, res, parsedUrl) {
		// Math.random, not config.random: the jitter must not shift a seeded fault sequence.
		if (config.arrivalJitterMs > 0) await sleep(Math.random() * config.arrivalJitterMs);
		const arrivedMono = performance.now();
		const raw = await readBody(req);
		const entry = {
			seq: ++seq,
			at: config.now(),
			// Sub-millisecond arrival time (when the gateway counted it), for per-window checks.
			arrivedAt: performance.timeOrigin + arrivedMono,
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
			const wait = config.latencyMs + extraDelay;
			if (wait > 0) await sleep(wait);
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
				res.writeHead(status, {
					'Content-Type': 'text/html; charset=utf-8',
					'Content-Length': Buffer.byteLength(HTML_BODY),
				});
				res.end(HTML_BODY);
			} else if (how.truncate) {
				entry.status = status;
				const text = body === undefined ? '' : JSON.stringify(body);
				const part =
					text.length > 1 ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : '{"';
				res.writeHead(status, {
					...headers,
					'Content-Type': 'application/json; charset=utf-8',
					'Content-Length': Buffer.byteLength(part),
				});
				res.end(part);
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

		const auth = authenticate(req, raw);
		entry.customerId = auth.claimed || null;
		if (!auth.ok) {
			entry.authError = auth.detail;
			return finish(401, { message: auth.message }, { 'X-Sandbox-Auth-Error': auth.detail });
		}
		if (!takeToken(auth.customer.customerId)) {
			entry.rateLimited = true;
			return finish(429, { message: MSG.rateLimited }, retryAfterHeader());
		}

		const planned = pickPlannedFault(req.method, req.url);
		const fault = planned || pickRandomFault();
		if (fault) {
			if (planned) entry.faultPlan = true;
			if (fault.slowMs) extraDelay += Number(fault.slowMs) || 0;
			if (fault.drop) {
				entry.fault = 'drop';
				return finish(null, undefined, {}, { drop: true });
			}
			if (fault.status !== undefined) {
				entry.fault = 'status';
				const st = Number(fault.status);
				const body =
					fault.body !== undefined ? fault.body : { message: STATUS_MESSAGES[st] || `HTTP ${st}` };
				const ra =
					st === 429 || fault.retryAfter !== undefined ? retryAfterHeader(fault.retryAfter) : {};
				const headers = { ...ra, ...(fault.headers || {}) };
				return finish(st, body, headers);
			}
			if (fault.nonJson) {
				entry.fault = 'nonJson';
				return finish(200, undefined, {}, { html: true });
			}
			entry.fault = fault.truncate ? 'truncate' : 'slow';
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
		return finish(result.status, result.body, {}, { truncate: !!(fault && fault.truncate) });
	}

	// -------------------------------------------------------------------------- NCS
	async function dispatch(envelope, { wait = true, source = 'simulate' } = {}) {
		const { url, secret } = config.ncs;
		if (!url || !secret) return null;
		const rawBody = JSON.stringify(envelope);
		const record = deliverer.deliver({
			url,
			rawBody,
			headers: ncsHeaders(rawBody, secret, 'valid'),
			timeoutMs: config.ncs.timeoutMs,
			retryDelaysMs: config.ncs.retryDelaysMs,
			maxRetries: config.ncs.maxRetries,
			retry: true,
			meta: {
				source,
				noticeId: envelope.noticeId,
				eventType: envelope.eventType,
				eventName: envelope.payload.eventName,
			},
		});
		deliveries.push(record);
		const done = record.done.then((r) => {
			if (onDelivery) {
				try {
					onDelivery(r);
				} catch {
					/* ignore */
				}
			}
			return r;
		});
		if (wait) await done;
		else done.catch(() => {});
		return wait ? deliverySummary(record) : { ...deliverySummary(record), pending: true };
	}

	async function sendNcs(body = {}) {
		if (!body || typeof body !== 'object') throw cbad('expected a JSON object');
		if (body.body === undefined || body.body === null)
			throw cbad('body (the event, an object or a raw string) is required');
		const url = body.url || config.ncs.url;
		if (!url) throw cbad('url is required (or configure ncs.url)');
		const signature = body.signature || 'valid';
		if (!['valid', 'forged', 'none'].includes(signature))
			throw cbad('signature must be valid, forged or none');
		const secret = body.secret || config.ncs.secret;
		if (signature === 'valid' && !secret)
			throw cbad('secret is required for a valid signature (or configure ncs.secret)');
		const rawBody = typeof body.body === 'string' ? body.body : JSON.stringify(body.body);
		const headers = ncsHeaders(rawBody, secret, signature);
		let meta = { source: 'send' };
		if (body.body && typeof body.body === 'object') {
			meta = {
				...meta,
				noticeId: body.body.noticeId,
				eventType: body.body.eventType,
				eventName: body.body.payload && body.body.payload.eventName,
			};
		}
		const record = deliverer.deliver({
			url,
			rawBody,
			headers,
			timeoutMs: config.ncs.timeoutMs,
			retryDelaysMs: config.ncs.retryDelaysMs,
			maxRetries: config.ncs.maxRetries,
			retry: body.retry === true,
			meta,
		});
		deliveries.push(record);
		await record.done;
		if (onDelivery) {
			try {
				onDelivery(record);
			} catch {
				/* ignore */
			}
		}
		return { delivery: deliverySummary(record), body: rawBody, headers };
	}

	// -------------------------------------------------------------------------- simulations
	function simTarget(body, { needStream = true } = {}) {
		if (!body || typeof body !== 'object') throw cbad('expected a JSON object');
		const appId = body.appId || body.appid;
		if (!appId) throw cbad('appId is required');
		const epName = body.entryPoint || DEFAULT_ENTRY_POINT;
		const app = state.app(String(appId));
		const ep = app.entryPoints.get(epName);
		if (!ep) throw new ControlError(404, `entry point ${epName} not found in app ${appId}`);
		const streamName = body.streamName;
		if (needStream && !streamName) throw cbad('streamName is required');
		return { appId: String(appId), app, ep, epName, streamName };
	}

	function defaultDomain(app) {
		for (const d of app.domains.values()) if (d.type === 'publish') return d.name;
		return 'publish.sandbox.example.com';
	}

	function regionFor(app, session, explicit) {
		if (explicit) {
			if (!REGIONS.includes(explicit)) throw cbad('region must be one of cn, ap, eu, na');
			return explicit;
		}
		const d = session && app.domains.get(session.domain);
		return (d && d.region) || 'cn';
	}

	/** The live session, else the latest finished one, else a synthetic one. */
	function sessionFor(ep, streamName, now) {
		const live = ep.online.get(streamName);
		if (live) return live;
		const past = ep.sessions
			.filter((s) => s.name === streamName)
			.sort((a, b) => b.startTime - a.startTime)[0];
		if (past) return past;
		return { name: streamName, startTime: now, sessionId: newSessionId(), domain: null };
	}

	function newSessionId() {
		return crypto.randomBytes(8).toString('hex');
	}

	function checkKind(kind) {
		const k = kind || 'standard';
		if (k !== 'standard' && k !== 'custom') throw cbad('kind must be standard or custom');
		return k;
	}

	async function simulate(name, body = {}) {
		const now = config.now();
		const wait = body.wait !== false;
		let envelope;
		const extra = {};
		// Snapshot (and moderation) file names as Agora's NCS docs give them; standard ones under snapshot/.
		const snapshotFileName = (kind, ep, epName, streamName) => {
			const session = sessionFor(ep, streamName, now);
			const name = `${epName}/${streamName}/${session.sessionId}_${compactDate(session.startTime)}_${compactDate(now, false)}.jpg`;
			return kind === 'standard' ? `snapshot/${name}` : name;
		};
		switch (name) {
			case 'publish-start': {
				const { app, ep, epName, streamName } = simTarget(body);
				const ban = ep.banned.get(streamName);
				if (ban && ban.resumeMs > now)
					throw new ControlError(409, `stream ${streamName} is banned until ${ban.resumeTime}`);
				if (ep.online.has(streamName))
					throw new ControlError(409, `stream ${streamName} is already online`);
				const startTime = toMs(body.startTime);
				const session = {
					name: streamName,
					startTime: startTime === null ? now : startTime,
					domain: body.domain || defaultDomain(app),
					clientIp: body.clientIp || '203.0.113.10',
					nodeIp: body.nodeIp || '198.51.100.20',
					sessionId: newSessionId(),
					viewers: Number.isInteger(body.viewers) ? body.viewers : 10,
					mediaInfo: null,
				};
				ep.online.set(streamName, session);
				envelope = buildEnvelope(
					'publish_start',
					{
						domain: session.domain,
						entryPoint: epName,
						streamName,
						clientIp: session.clientIp,
						nodeIp: session.nodeIp,
					},
					now,
				);
				extra.session = { ...session, startTimeIso: formatRfc3339(session.startTime) };
				break;
			}
			case 'publish-end': {
				const { ep, epName, streamName } = simTarget(body);
				const session = ep.online.get(streamName);
				if (!session) throw new ControlError(404, `stream ${streamName} is not online`);
				const endArg = toMs(body.endTime);
				const endTime = Math.max(session.startTime, endArg === null ? now : endArg);
				ep.online.delete(streamName);
				const finished = { ...session, endTime };
				ep.sessions.push(finished);
				envelope = buildEnvelope(
					'publish_end',
					{
						domain: session.domain,
						entryPoint: epName,
						streamName,
						clientIp: session.clientIp,
						nodeIp: session.nodeIp,
					},
					now,
				);
				extra.session = {
					...finished,
					startTimeIso: formatRfc3339(finished.startTime),
					endTimeIso: formatRfc3339(endTime),
					duration: Math.round((endTime - finished.startTime) / 1000),
				};
				break;
			}
			case 'media-info': {
				const { ep, epName, streamName } = simTarget(body);
				const session = ep.online.get(streamName);
				if (!session) throw new ControlError(404, `stream ${streamName} is not online`);
				const info = {
					videoCodec: 'H264',
					videoFps: 30,
					videoRate: 2500000,
					height: 720,
					width: 1280,
					audioCodec: 'AAC',
				};
				for (const k of Object.keys(info)) if (body[k] !== undefined) info[k] = body[k];
				session.mediaInfo = info;
				envelope = buildEnvelope(
					'publish_media_info',
					{
						domain: session.domain,
						entryPoint: epName,
						streamName,
						videoCodec: info.videoCodec,
						videoFps: info.videoFps,
						videoRate: info.videoRate,
						height: info.height,
						width: info.width,
						audioCodec: info.audioCodec,
					},
					now,
				);
				break;
			}
			case 'record-file': {
				const { app, ep, epName, streamName } = simTarget(body);
				const kind = checkKind(body.kind);
				const format = body.format || 'm3u8';
				if (format !== 'm3u8' && format !== 'mp4') throw cbad('format must be m3u8 or mp4');
				const session = sessionFor(ep, streamName, now);
				const region = regionFor(app, session, body.region);
				const startArg = toMs(body.startTime);
				const endArg = toMs(body.endTime);
				const startTime = startArg === null ? session.startTime : startArg;
				const endTime =
					endArg === null ? (session.endTime !== undefined ? session.endTime : now) : endArg;
				const sessionDate = compactDate(session.startTime);
				let fileName = body.fileName;
				if (!fileName) {
					const list = kind === 'standard' ? ep.recordFiles : ep.customRecordFiles;
					const slice = list.filter(
						(f) => f.sessionId === session.sessionId && f.format === 'mp4',
					).length;
					fileName =
						format === 'mp4'
							? `${epName}/${streamName}/${session.sessionId}_${sessionDate}_${slice}_${compactDate(startTime)}.mp4`
							: `${epName}/${streamName}/${session.sessionId}_${sessionDate}.m3u8`;
					if (kind === 'standard') fileName = `record/${fileName}`;
				}
				(kind === 'standard' ? ep.recordFiles : ep.customRecordFiles).push({
					region,
					streamName,
					fileName,
					startTime,
					endTime,
					sessionId: session.sessionId,
					format,
				});
				envelope = buildEnvelope(
					kind === 'standard' ? 'new_standard_record_file' : 'new_custom_record_file',
					{
						entryPoint: epName,
						streamName,
						fileName,
					},
					now,
				);
				extra.file = {
					region,
					fileName,
					startTime: formatRfc3339(startTime),
					endTime: formatRfc3339(endTime),
				};
				break;
			}
			case 'snapshot-file': {
				const { ep, epName, streamName } = simTarget(body);
				const kind = checkKind(body.kind);
				const fileName = body.fileName || snapshotFileName(kind, ep, epName, streamName);
				envelope = buildEnvelope(
					kind === 'standard' ? 'new_standard_snapshot_file' : 'new_custom_snapshot_file',
					{
						entryPoint: epName,
						streamName,
						fileName,
					},
					now,
				);
				break;
			}
			case 'moderation': {
				const { ep, epName, streamName } = simTarget(body);
				const kind = checkKind(body.kind);
				const suggestion = body.suggestion || 'pass';
				if (!['pass', 'block', 'review'].includes(suggestion))
					throw cbad('suggestion must be pass, block or review');
				const scene = body.scene || { pass: 'neutral', block: 'porn', review: 'sexy' }[suggestion];
				if (!['neutral', 'porn', 'sexy'].includes(scene))
					throw cbad('scene must be neutral, porn or sexy');
				const outputs =
					body.outputs ||
					{
						neutral: { neutral: 0.97, porn: 0.01, sexy: 0.02 },
						porn: { neutral: 0.02, porn: 0.95, sexy: 0.03 },
						sexy: { neutral: 0.1, porn: 0.15, sexy: 0.75 },
					}[scene];
				const fileName = body.fileName || snapshotFileName(kind, ep, epName, streamName);
				envelope = buildEnvelope(
					kind === 'standard' ? 'new_standard_moderation_result' : 'new_custom_moderation_result',
					{
						entryPoint: epName,
						streamName,
						fileName,
						results: { porn: { outputs, scene } },
						suggestion,
					},
					now,
				);
				break;
			}
			default:
				throw new ControlError(404, `unknown simulation ${name}`);
		}
		const delivery = await dispatch(envelope, { wait });
		return { event: envelope, delivery, ...extra };
	}

	// -------------------------------------------------------------------------- seed
	function seed(body = {}) {
		if (!body || typeof body !== 'object') throw cbad('expected a JSON object');
		const appId = body.appId || body.appid;
		if (!appId) throw cbad('appId is required');
		const app = state.app(String(appId));
		const now = config.now();
		const epOf = (name) => {
			const n = name || DEFAULT_ENTRY_POINT;
			let ep = app.entryPoints.get(n);
			if (!ep) {
				ep = newEntryPoint(n, now);
				app.entryPoints.set(n, ep);
			}
			return ep;
		};
		const ms = (v, dflt, what) => {
			const m = toMs(v);
			if (m === null) {
				if (dflt !== undefined) return dflt;
				throw cbad(`${what} must be an RFC 3339 time or epoch ms`);
			}
			return m;
		};
		for (const d of body.domains || []) {
			if (!d || !d.name) throw cbad('each domain needs a name');
			const type = d.type || 'publish';
			if (type !== 'publish' && type !== 'play') throw cbad('domain type must be publish or play');
			const rec = {
				appid: String(appId),
				name: d.name,
				type,
				authKey: d.authKey || randomAuthKey(),
				cname: `${d.name}.v1.agoramdn.com`,
			};
			if (type === 'publish') rec.region = d.region || 'cn';
			for (const k of ['scope', 'enableRtmps', 'enableHttps', 'certName', 'crossDomain'])
				if (d[k] !== undefined) rec[k] = d[k];
			app.domains.set(d.name, rec);
		}
		for (const e of body.entryPoints || []) epOf(typeof e === 'string' ? e : e && e.name);
		for (const s of body.onlineStreams || []) {
			const name = s.name || s.streamName;
			if (!name) throw cbad('each online stream needs a name');
			epOf(s.entryPoint).online.set(name, {
				name,
				startTime: ms(s.startTime, now),
				domain: s.domain || defaultDomain(app),
				clientIp: s.clientIp || '203.0.113.10',
				nodeIp: s.nodeIp || '198.51.100.20',
				sessionId: s.sessionId || newSessionId(),
				viewers: Number.isInteger(s.viewers) ? s.viewers : 10,
				mediaInfo: s.mediaInfo || null,
			});
		}
		for (const s of body.publishHistory || []) {
			const name = s.name || s.streamName;
			if (!name) throw cbad('each publishHistory session needs a name');
			const startTime = ms(s.startTime, undefined, 'publishHistory.startTime');
			const endTime = ms(s.endTime, undefined, 'publishHistory.endTime');
			epOf(s.entryPoint).sessions.push({
				name,
				startTime,
				endTime,
				domain: s.domain || defaultDomain(app),
				clientIp: s.clientIp || '203.0.113.10',
				nodeIp: s.nodeIp || '198.51.100.20',
				sessionId: s.sessionId || newSessionId(),
				viewers: Number.isInteger(s.viewers) ? s.viewers : 10,
				mediaInfo: s.mediaInfo || null,
			});
		}
		for (const b of body.bannedStreams || []) {
			const name = b.name || b.streamName;
			if (!name) throw cbad('each banned stream needs a name');
			const resumeMs = ms(b.resumeTime, now + 7 * 24 * 3600 * 1000);
			epOf(b.entryPoint).banned.set(name, {
				name,
				resumeTime: typeof b.resumeTime === 'string' ? b.resumeTime : formatRfc3339(resumeMs),
				resumeMs,
			});
		}
		for (const d of body.delayedStreams || []) {
			const name = d.name || d.streamName;
			if (!name) throw cbad('each delayed stream needs a name');
			epOf(d.entryPoint).delayed.set(name, Number.isInteger(d.delay) ? d.delay : 10);
		}
		for (const f of body.recordFiles || []) {
			if (!f.streamName || !f.fileName)
				throw cbad('each record file needs streamName and fileName');
			epOf(f.entryPoint).recordFiles.push({
				region: f.region || 'cn',
				streamName: f.streamName,
				fileName: f.fileName,
				startTime: ms(f.startTime, undefined, 'recordFiles.startTime'),
				endTime: ms(f.endTime, undefined, 'recordFiles.endTime'),
				sessionId: f.sessionId || null,
			});
		}
		for (const t of body.transcodeTemplates || []) {
			if (!t.name) throw cbad('each transcode template needs a name');
			const { entryPoint, ...rest } = t;
			epOf(entryPoint).transcode.templates.set(t.name, { ...rest });
		}
		for (const p of body.transcodePresets || []) {
			if (!PRESETS.includes(p.name)) throw cbad(`unknown preset ${p.name}`);
			epOf(p.entryPoint).transcode.presets[p.name] = !!p.enabled;
		}
		if (body.streamAuthWebhook)
			app.streamAuthWebhook = { enabled: false, ...body.streamAuthWebhook };
		return { ok: true, state: state.dump(String(appId)) };
	}

	// -------------------------------------------------------------------------- control API
	function deliveryView(r) {
		return {
			id: r.id,
			source: r.source,
			url: r.url,
			noticeId: r.noticeId,
			eventType: r.eventType,
			eventName: r.eventName,
			body: r.body,
			headers: r.headers,
			attempts: r.attempts,
			delivered: r.delivered,
			status: r.status,
			finished: r.finished,
		};
	}

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
				return sendJson(res, 200, { ok: true, url: sandbox.url });
			if (p === '/_sandbox/requests' && m === 'GET') {
				const since = Number(q.get('since') || 0);
				return sendJson(res, 200, {
					requests: requestLog.filter((e) => e.seq > since),
					lastSeq: seq,
				});
			}
			if (p === '/_sandbox/requests' && m === 'DELETE') {
				const n = requestLog.length;
				requestLog.length = 0;
				return sendJson(res, 200, { cleared: n, lastSeq: seq });
			}
			if (p === '/_sandbox/reset' && m === 'POST') {
				reset();
				return sendJson(res, 200, { ok: true });
			}
			if (p === '/_sandbox/config' && m === 'GET') return sendJson(res, 200, publicConfig());
			if (p === '/_sandbox/config' && (m === 'POST' || m === 'PATCH')) {
				if (!body || typeof body !== 'object' || Array.isArray(body))
					throw cbad('expected a JSON object');
				if ('now' in body || 'random' in body)
					throw cbad('now and random can only be set from JavaScript');
				try {
					return sendJson(res, 200, setConfig(body));
				} catch (e) {
					throw cbad(e.message);
				}
			}
			if (p === '/_sandbox/state' && m === 'GET') {
				const appId = q.get('appId');
				return sendJson(res, 200, appId ? state.dump(appId) : state.dump());
			}
			if (p === '/_sandbox/seed' && m === 'POST') return sendJson(res, 200, seed(body));
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

	// -------------------------------------------------------------------------- server
	const server = http.createServer((req, res) => {
		let parsedUrl;
		try {
			parsedUrl = new URL(req.url, 'http://sandbox.invalid');
		} catch {
			sendJson(res, 400, { message: 'bad request' });
			return;
		}
		const isControl =
			parsedUrl.pathname === '/_sandbox' || parsedUrl.pathname.startsWith('/_sandbox/');
		const p = slack.matches(parsedUrl.pathname)
			? slack.handle(req, res, parsedUrl)
			: isControl
				? handleControl(req, res, parsedUrl)
				: handleApiRequest(req, res, parsedUrl);
		p.catch((e) => {
			if (!res.headersSent && !res.destroyed)
				sendJson(res, 500, { message: String(e && e.message ? e.message : e) });
		});
	});
	server.keepAliveTimeout = 5000;

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const addr = server.address();
	const hostForUrl =
		addr.family === 'IPv6' || addr.family === 6 ? `[${addr.address}]` : addr.address;

	let closed = false;
	const sandbox = {
		url: `http://${hostForUrl}:${addr.port}`,
		port: addr.port,
		host: config.host,
		/** Default (first) credentials. */
		customerId: config.customers[0].customerId,
		customerSecret: config.customers[0].customerSecret,
		state,
		requestLog,
		deliveries,
		slackMessages: slack.messages,
		config,
		reset,
		setConfig,
		publicConfig,
		seed,
		simulate,
		sendNcs,
		/** Signs a request for this sandbox with the default customer (for tests). */
		sign({ method = 'GET', path, body, date, customerId, customerSecret } = {}) {
			return signing.signRequest({
				method,
				url: sandbox.url + path,
				body,
				date: date === undefined ? config.now() : date,
				customerId: customerId || config.customers[0].customerId,
				customerSecret: customerSecret || config.customers[0].customerSecret,
			});
		},
		async close() {
			if (closed) return;
			closed = true;
			deliverer.close();
			await new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
	return sandbox;
}

module.exports = {
	createSandbox,
	signRequest: signing.signRequest,
	signNcsBody: signing.signNcsBody,
	computeDigest: signing.computeDigest,
	formatHttpDate: signing.formatHttpDate,
	parseRfc3339,
	formatRfc3339,
	DEFAULT_CUSTOMER,
	DEFAULT_FAULTS,
	REGIONS,
	PRESETS,
	NO_ROUTE,
};
