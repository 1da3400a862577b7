'use strict';
/**
 * The few HTTP plumbing pieces every part of the sandbox needs (the API gateway, the control API,
 * the NCS sender, simulations): reading a body, answering JSON, reading a header, and the error a
 * control route answers with. Kept apart so those modules do not require one another for them.
 */

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

/** An error a control route (or `sb.seed/simulate/sendNcs`) answers with: `{message}` and this status. */
class ControlError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}
const cbad = (m) => new ControlError(400, m);

module.exports = { sleep, readBody, sendJson, headerValue, ControlError, cbad };
