'use strict';
/**
 * Request signing (Agora Media Broadcast / Kong hmac-auth, reference §1.1) and
 * NCS event signing (reference §14.1). Node built-ins only.
 */
const crypto = require('node:crypto');

const DEFAULT_HOST = 'api.agora.io';
const HMAC_ALGORITHMS = {
	'hmac-sha1': 'sha1',
	'hmac-sha256': 'sha256',
	'hmac-sha384': 'sha384',
	'hmac-sha512': 'sha512',
};

/** Body → exact bytes that are sent (and digested). null/undefined/'' → empty. Objects → compact JSON. */
function bodyToBuffer(body) {
	if (body === undefined || body === null) return Buffer.alloc(0);
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof Uint8Array) return Buffer.from(body);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.from(JSON.stringify(body), 'utf8');
}

/** `SHA-256=` + base64(sha256(bytes)). */
function computeDigest(bytes) {
	return 'SHA-256=' + crypto.createHash('sha256').update(bytesOf(bytes)).digest('base64');
}

function bytesOf(b) {
	return Buffer.isBuffer(b) ? b : bodyToBuffer(b);
}

/** RFC 7231 IMF-fixdate, e.g. `Wed, 01 Jan 2025 00:00:00 GMT`. */
function formatHttpDate(d) {
	return new Date(d === undefined ? Date.now() : d).toUTCString();
}

const MONTHS = {
	Jan: 0,
	Feb: 1,
	Mar: 2,
	Apr: 3,
	May: 4,
	Jun: 5,
	Jul: 6,
	Aug: 7,
	Sep: 8,
	Oct: 9,
	Nov: 10,
	Dec: 11,
};
const IMF_FIXDATE =
	/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/** Parses an RFC 7231 IMF-fixdate; returns epoch ms or null. */
function parseHttpDate(s) {
	if (typeof s !== 'string') return null;
	const m = IMF_FIXDATE.exec(s.trim());
	if (!m) return null;
	const [, , dd, mon, yyyy, hh, mi, ss] = m;
	const ms = Date.UTC(+yyyy, MONTHS[mon], +dd, +hh, +mi, +ss);
	const back = new Date(ms);
	if (back.getUTCDate() !== +dd || +hh > 23 || +mi > 59 || +ss > 59) return null;
	return ms;
}

function hmacBase64(algorithm, secret, data) {
	return crypto.createHmac(algorithm, secret).update(data, 'utf8').digest('base64');
}

/**
 * The documented signing string (headers "host date request-line digest").
 * requestTarget is pathname + search exactly as sent.
 */
function buildSigningString({ host, date, method, requestTarget, digest }) {
	return `host: ${host}\ndate: ${date}\n${String(method).toUpperCase()} ${requestTarget} HTTP/1.1\ndigest: ${digest}`;
}

/**
 * Signs one request the documented way.
 * @param {object} o
 * @param {string} o.method
 * @param {string} o.url absolute URL (host taken from it) or a path+query (host = o.host || 'api.agora.io')
 * @param {string|Buffer|object} [o.body] objects are JSON.stringify'd (compact)
 * @param {string} o.customerId
 * @param {string} o.customerSecret
 * @param {string|Date|number} [o.date] string used verbatim; Date/number formatted as RFC 7231; default now
 * @param {string} [o.host] overrides the Host header value
 * @returns {{headers: object, body: Buffer, digest: string, date: string, host: string, requestLine: string, requestTarget: string, signingString: string, signature: string, authorization: string}}
 */
function signRequest({ method = 'GET', url, body, customerId, customerSecret, date, host } = {}) {
	if (!url) throw new Error('signRequest: url is required');
	let requestTarget;
	let urlHost;
	if (/^https?:\/\//i.test(url)) {
		const u = new URL(url);
		requestTarget = u.pathname + u.search;
		urlHost = u.host;
	} else {
		requestTarget = url;
	}
	const hostValue = host || urlHost || DEFAULT_HOST;
	const dateValue =
		typeof date === 'string' ? date : formatHttpDate(date === undefined ? Date.now() : date);
	const bytes = bodyToBuffer(body);
	const digest = computeDigest(bytes);
	const upper = String(method).toUpperCase();
	const signingString = buildSigningString({
		host: hostValue,
		date: dateValue,
		method: upper,
		requestTarget,
		digest,
	});
	const signature = hmacBase64('sha256', customerSecret, signingString);
	const authorization = `hmac username="${customerId}", algorithm="hmac-sha256", headers="host date request-line digest", signature="${signature}"`;
	const headers = {
		Host: hostValue,
		Date: dateValue,
		Digest: digest,
		Authorization: authorization,
	};
	if (bytes.length > 0) headers['Content-Type'] = 'application/json';
	return {
		headers,
		body: bytes,
		digest,
		date: dateValue,
		host: hostValue,
		requestLine: `${upper} ${requestTarget} HTTP/1.1`,
		requestTarget,
		signingString,
		signature,
		authorization,
	};
}

/** NCS signatures of a raw body: v2 = hex HMAC-SHA256 (Agora-Signature-V2), v1 = hex HMAC-SHA1 (Agora-Signature). */
function signNcsBody(secret, rawBody) {
	const data = bytesOf(rawBody);
	return {
		v2: crypto.createHmac('sha256', secret).update(data).digest('hex'),
		v1: crypto.createHmac('sha1', secret).update(data).digest('hex'),
	};
}

/**
 * Parses `hmac username="..", algorithm="..", headers="..", signature=".."`.
 * Returns null when it is not an hmac header or a field is missing.
 */
function parseAuthorization(value) {
	if (typeof value !== 'string') return null;
	const m = /^\s*hmac\s+(.*)$/i.exec(value);
	if (!m) return null;
	const fields = {};
	const re = /([A-Za-z-]+)\s*=\s*"([^"]*)"\s*(?:,|$)/g;
	let mm;
	let consumed = 0;
	const rest = m[1];
	while ((mm = re.exec(rest)) !== null) {
		fields[mm[1].toLowerCase()] = mm[2];
		consumed += mm[0].length;
	}
	if (rest.replace(/\s+/g, '').length === 0 || consumed === 0) return null;
	if (!fields.username || !fields.algorithm || !fields.headers || !fields.signature) return null;
	return {
		username: fields.username,
		algorithm: fields.algorithm.toLowerCase(),
		headers: fields.headers
			.split(/\s+/)
			.filter(Boolean)
			.map((h) => h.toLowerCase()),
		signature: fields.signature,
	};
}

/**
 * Kong-style signing string over the listed headers.
 * getHeader(name) returns the received header value or undefined.
 */
function kongSigningString(hmacHeaders, getHeader, method, requestTarget, httpVersion = '1.1') {
	const parts = hmacHeaders.map((h) => {
		const v = getHeader(h);
		if (v === undefined || v === null) {
			if (h === 'request-line') return `${method} ${requestTarget} HTTP/${httpVersion}`;
			return `${h}:`;
		}
		return `${h}: ${v}`;
	});
	return parts.join('\n');
}

function timingSafeEqualStr(a, b) {
	const ab = Buffer.from(String(a));
	const bb = Buffer.from(String(b));
	if (ab.length !== bb.length) return false;
	return crypto.timingSafeEqual(ab, bb);
}

module.exports = {
	DEFAULT_HOST,
	HMAC_ALGORITHMS,
	bodyToBuffer,
	computeDigest,
	formatHttpDate,
	parseHttpDate,
	buildSigningString,
	signRequest,
	signNcsBody,
	parseAuthorization,
	kongSigningString,
	hmacBase64,
	timingSafeEqualStr,
};
