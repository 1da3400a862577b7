'use strict';
/**
 * The one gate in front of every `/_sandbox/` route (the control API, the Slack stand-in, and any
 * route added later): the sandbox listens on the developer's machine, and a web page open in their
 * browser can send requests to it. README "Sandbox safety".
 *
 * - `Host` must name the sandbox as the machine itself (127.0.0.1, localhost, [::1], or the address
 *   it was bound to) with its port: a page that resolves its own domain to 127.0.0.1 (DNS
 *   rebinding) sends its own name and is refused.
 * - POST, PUT and PATCH need `Content-Type: application/json`: a page can send text/plain, a form or
 *   no body at all without asking first, but JSON only after a CORS preflight, which the sandbox
 *   never grants (it sends no Access-Control-Allow-* header).
 */

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WRITES = new Set(['POST', 'PUT', 'PATCH']);

/** Whether `pathname` is one of the sandbox's own routes (everything under /_sandbox). */
function isSandboxRoute(pathname) {
	return pathname === '/_sandbox' || pathname.startsWith('/_sandbox/');
}

/** The Host values the sandbox answers to, for its bind address and port. */
function allowedHosts(bindHost, port) {
	const names = new Set(LOOPBACK_NAMES);
	// Bound to one address (not all of them): that address, as a URL writes it, is the machine too.
	if (bindHost && bindHost !== '0.0.0.0' && bindHost !== '::')
		names.add(bindHost.includes(':') ? `[${bindHost}]` : bindHost);
	const hosts = new Set([...names].map((name) => `${name}:${port}`));
	if (Number(port) === 80) for (const name of names) hosts.add(name);
	return hosts;
}

/**
 * Why a request to a /_sandbox/ route is refused, or null: `{status, message}`. `port` is the port
 * the server listens on.
 */
function gateRefusal(req, { bindHost, port }) {
	const host = String(req.headers.host || '').toLowerCase();
	if (!allowedHosts(bindHost, port).has(host)) {
		return {
			status: 403,
			message: `the sandbox's own routes answer only requests addressed to this machine (Host: 127.0.0.1:${port}, localhost:${port} or [::1]:${port}); got Host "${host.slice(0, 100)}"`,
		};
	}
	if (WRITES.has(req.method)) {
		const type = String(req.headers['content-type'] || '')
			.split(';')[0]
			.trim()
			.toLowerCase();
		if (type !== 'application/json') {
			return {
				status: 415,
				message: `${req.method} to the sandbox's own routes needs Content-Type: application/json (got "${type.slice(0, 100)}")`,
			};
		}
	}
	return null;
}

module.exports = { isSandboxRoute, gateRefusal, allowedHosts };
