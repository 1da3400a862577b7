'use strict';
/**
 * Tiny HTTP helpers for tests of the sandbox (node:http only).
 *   await api(sb, { method, path, body, date, customerId, customerSecret, headers, rawBody, sign })
 * signs the request like a correct client (reference §1.1) unless sign === false, and lets a test tamper
 * with any part: `tamper(signed)` may change {headers, body} after signing.
 */
const http = require('node:http');
const { signRequest } = require('./signing');

function rawRequest(url, { method = 'GET', headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const bytes =
			body === undefined || body === null
				? null
				: Buffer.isBuffer(body)
					? body
					: Buffer.from(String(body), 'utf8');
		const h = { ...headers };
		if (bytes) h['Content-Length'] = bytes.length;
		const req = http.request(
			{
				host: u.hostname,
				port: u.port,
				path: u.pathname + u.search,
				method,
				headers: h,
				agent: false,
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json;
					try {
						json = text ? JSON.parse(text) : undefined;
					} catch {
						json = undefined;
					}
					resolve({ status: res.statusCode, headers: res.headers, text, body: json });
				});
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		if (bytes) req.write(bytes);
		req.end();
	});
}

/** A signed API request against a sandbox. `path` is the path + query as sent. */
async function api(
	sb,
	{ method = 'GET', path, body, date, customerId, customerSecret, tamper, sign = true } = {},
) {
	const url = sb.url + path;
	const bodyText =
		body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
	let req = { headers: {}, body: bodyText };
	if (sign) {
		const s = signRequest({
			method,
			url,
			body: bodyText,
			customerId: customerId || sb.customerId,
			customerSecret: customerSecret || sb.customerSecret,
			date: date === undefined ? sb.config.now() : date,
		});
		req = { headers: { ...s.headers }, body: bodyText, path };
	}
	req.path = path;
	if (tamper) req = tamper(req) || req;
	return rawRequest(sb.url + req.path, { method, headers: req.headers, body: req.body });
}

/** Control API call (no signature). Writes are JSON, with or without a body (controlGate.js). */
function control(sb, method, path, body) {
	const json = body !== undefined || ['POST', 'PUT', 'PATCH'].includes(method);
	return rawRequest(sb.url + path, {
		method,
		headers: json ? { 'Content-Type': 'application/json' } : {},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

module.exports = { rawRequest, api, control };
