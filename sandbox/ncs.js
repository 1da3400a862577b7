'use strict';
/**
 * NCS, Agora's event callbacks (reference §14.1 in `../shared/reference/agora-media-broadcast-api.md`,
 * beside the repo; README "NCS delivery"): the event envelopes, their signed delivery with retries,
 * and the sandbox's sender that posts simulated events (`dispatch`) and arbitrary ones
 * (`POST /_sandbox/ncs/send`) to the configured `ncs.url` and records each delivery.
 *
 * Everything about callbacks is in this one file; simulate.js only says which event happened.
 */
const crypto = require('node:crypto');
const http = require('node:http');
const https = require('node:https');
const { signNcsBody } = require('./signing');
const { cbad } = require('./httpUtil');

const DEFAULT_NCS = Object.freeze({
	url: null,
	secret: null,
	timeoutMs: 10000,
	retryDelaysMs: [1000, 2000, 4000],
	maxRetries: 3,
});

const PRODUCT_ID = 7;
const EVENTS = {
	publish_start: 1,
	publish_end: 2,
	publish_media_info: 11,
	new_custom_record_file: 3,
	new_custom_snapshot_file: 4,
	new_custom_moderation_result: 5,
	new_standard_record_file: 101,
	new_standard_snapshot_file: 102,
	new_standard_moderation_result: 103,
};

/** {noticeId, productId: 7, eventType, notifyMs, payload: {eventName, ...}} */
function buildEnvelope(eventName, fields, notifyMs) {
	const eventType = EVENTS[eventName];
	if (eventType === undefined) throw new Error(`unknown NCS event ${eventName}`);
	return {
		noticeId: crypto.randomUUID(),
		productId: PRODUCT_ID,
		eventType,
		notifyMs,
		payload: { eventName, ...fields },
	};
}

/**
 * Headers for a raw body. signature: 'valid' (default) | 'forged' (signed with a wrong secret) | 'none'.
 */
function ncsHeaders(rawBody, secret, signature = 'valid') {
	const headers = { 'Content-Type': 'application/json;charset=utf-8' };
	if (signature === 'none') return headers;
	let key = secret;
	if (signature === 'forged' || !key) key = `forged-${crypto.randomBytes(8).toString('hex')}`;
	const sig = signNcsBody(key, rawBody);
	headers['Agora-Signature-V2'] = sig.v2;
	headers['Agora-Signature'] = sig.v1;
	return headers;
}

function createDeliverer() {
	const active = new Set(); // in-flight requests
	const timers = new Set();
	let closed = false;
	let nextId = 1;

	function attempt(url, rawBody, headers, timeoutMs) {
		return new Promise((resolve) => {
			const at = Date.now();
			let u;
			try {
				u = new URL(url);
			} catch {
				resolve({ at, ms: 0, status: null, error: `invalid url ${url}` });
				return;
			}
			const mod = u.protocol === 'https:' ? https : http;
			let done = false;
			let req;
			const finish = (r) => {
				if (done) return;
				done = true;
				clearTimeout(timer);
				active.delete(req);
				resolve({ at, ms: Date.now() - at, ...r });
			};
			const timer = setTimeout(() => {
				finish({ status: null, error: `no answer within ${timeoutMs} ms` });
				req.destroy();
			}, timeoutMs);
			req = mod.request(u, {
				method: 'POST',
				agent: false,
				headers: { ...headers, 'Content-Length': Buffer.byteLength(rawBody) },
			});
			active.add(req);
			req.on('response', (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					finish({
						status: res.statusCode,
						responseBody: Buffer.concat(chunks).toString('utf8').slice(0, 65536),
					}),
				);
				res.on('error', (e) => finish({ status: res.statusCode, error: e.message }));
			});
			req.on('error', (e) => finish({ status: null, error: e.message }));
			req.end(rawBody);
		});
	}

	function sleep(ms) {
		return new Promise((resolve) => {
			const t = setTimeout(() => {
				timers.delete(t);
				resolve();
			}, ms);
			timers.add(t);
		});
	}

	/**
	 * POSTs rawBody to url; retries (up to maxRetries) while the answer is not 200 within timeoutMs.
	 * Returns the delivery record (also mutated while it runs); record.done resolves when finished.
	 */
	function deliver({
		url,
		rawBody,
		headers,
		timeoutMs = 10000,
		retryDelaysMs = [1000, 2000, 4000],
		maxRetries = 3,
		retry = true,
		meta = {},
	}) {
		const record = {
			id: nextId++,
			...meta,
			url,
			body: rawBody,
			headers,
			attempts: [],
			delivered: false,
			status: null,
			finished: false,
		};
		record.done = (async () => {
			const total = retry ? 1 + maxRetries : 1;
			for (let i = 0; i < total && !closed; i++) {
				if (i > 0) {
					const d = retryDelaysMs.length
						? retryDelaysMs[Math.min(i - 1, retryDelaysMs.length - 1)]
						: 0;
					await sleep(d);
					if (closed) break;
				}
				const r = await attempt(url, rawBody, headers, timeoutMs);
				record.attempts.push(r);
				record.status = r.status;
				if (r.status === 200) {
					record.delivered = true;
					break;
				}
			}
			record.finished = true;
			return record;
		})();
		Object.defineProperty(record, 'done', { enumerable: false });
		return record;
	}

	function close() {
		closed = true;
		for (const t of timers) clearTimeout(t);
		timers.clear();
		for (const r of active) r.destroy();
		active.clear();
	}

	return { deliver, close };
}

/** The public view of a delivery: {delivered, status, attempts, error?, responseBody?}. */
function deliverySummary(record) {
	const last = record.attempts[record.attempts.length - 1];
	const o = {
		delivered: record.delivered,
		status: record.status,
		attempts: record.attempts.length,
	};
	if (last && last.error) o.error = last.error;
	if (last && last.responseBody !== undefined) o.responseBody = last.responseBody;
	return o;
}

/** A delivery record as `GET /_sandbox/ncs/deliveries` lists it. */
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

/**
 * The sandbox's NCS sender. Reads ctx.config.ncs and ctx.deliverer on every call (reset replaces
 * the deliverer; setConfig changes the URL and secret), appends every record to ctx.deliveries and
 * calls ctx.onDelivery when a delivery finishes.
 */
function createNcsSender(ctx) {
	const { config, deliveries, onDelivery } = ctx;

	function deliver({ url, rawBody, headers, retry, meta }) {
		const record = ctx.deliverer.deliver({
			url,
			rawBody,
			headers,
			timeoutMs: config.ncs.timeoutMs,
			retryDelaysMs: config.ncs.retryDelaysMs,
			maxRetries: config.ncs.maxRetries,
			retry,
			meta,
		});
		deliveries.push(record);
		return record;
	}

	// A throwing hook (a test's, the CLI's log line) must not fail the delivery or its answer.
	function notifyDelivered(record) {
		if (!onDelivery) return;
		try {
			onDelivery(record);
		} catch {
			/* ignore */
		}
	}

	/** Posts a simulated event (signed with ncs.secret); null when NCS is not configured. */
	async function dispatch(envelope, { wait = true, source = 'simulate' } = {}) {
		const { url, secret } = config.ncs;
		if (!url || !secret) return null;
		const rawBody = JSON.stringify(envelope);
		const record = deliver({
			url,
			rawBody,
			headers: ncsHeaders(rawBody, secret, 'valid'),
			retry: true,
			meta: {
				source,
				noticeId: envelope.noticeId,
				eventType: envelope.eventType,
				eventName: envelope.payload.eventName,
			},
		});
		const done = record.done.then((r) => {
			notifyDelivered(r);
			return r;
		});
		if (wait) await done;
		else done.catch(() => {});
		return wait ? deliverySummary(record) : { ...deliverySummary(record), pending: true };
	}

	/**
	 * POST /_sandbox/ncs/send: any body, any signature (valid, forged, none), to the configured
	 * ncs.url only; one attempt unless retry.
	 */
	async function sendNcs(body = {}) {
		if (!body || typeof body !== 'object') throw cbad('expected a JSON object');
		if (body.body === undefined || body.body === null)
			throw cbad('body (the event, an object or a raw string) is required');
		// Only to the configured receiver (README "Sandbox safety"): this signs whatever it is given.
		const url = config.ncs.url;
		if (!url) throw cbad('no NCS URL is configured: set ncs.url first (POST /_sandbox/config)');
		if (body.url && body.url !== url)
			throw cbad(
				`url must be the configured ncs.url (${url}): events go nowhere else; set ncs.url first (POST /_sandbox/config)`,
			);
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
		const record = deliver({ url, rawBody, headers, retry: body.retry === true, meta });
		await record.done;
		notifyDelivered(record);
		return { delivery: deliverySummary(record), body: rawBody, headers };
	}

	return { dispatch, sendNcs };
}

module.exports = {
	DEFAULT_NCS,
	PRODUCT_ID,
	EVENTS,
	buildEnvelope,
	ncsHeaders,
	createDeliverer,
	deliverySummary,
	deliveryView,
	createNcsSender,
};
