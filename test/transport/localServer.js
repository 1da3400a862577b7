// A tiny HTTP server for transport tests: records every request and answers with `handler`.
'use strict';

const http = require('node:http');

/** Starts a server on `host` (any free port). `handler(req, res, entry)` answers; entries are recorded. */
async function startServer(host, handler) {
	const requests = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			const entry = { method: req.method, url: req.url, headers: req.headers, body };
			requests.push(entry);
			handler(req, res, entry);
		});
	});
	await new Promise((resolve) => server.listen(0, host, resolve));
	const { port } = server.address();
	return {
		url: `http://${host}:${port}`,
		requests,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(resolve);
			}),
	};
}

/** Answers 200 with headers at once, then one byte every `everyMs` (never idle long enough for a socket timeout). */
async function startDribbler(totalBytes, everyMs = 400) {
	const counts = { bytesWritten: 0, closedEarly: 0 };
	const server = await startServer('127.0.0.1', (req, res) => {
		res.writeHead(200, {
			'Content-Type': 'application/json',
			'Content-Length': String(totalBytes),
		});
		const timer = setInterval(() => {
			if (res.destroyed) return;
			res.write(' ');
			counts.bytesWritten++;
			if (counts.bytesWritten >= totalBytes) {
				clearInterval(timer);
				res.end();
			}
		}, everyMs);
		res.on('close', () => {
			clearInterval(timer);
			if (!res.writableEnded) counts.closedEarly++;
		});
	});
	return { ...server, counts };
}

/**
 * Answers 200 with a JSON body that never ends (or declares `declaredLength` and stops writing after
 * it), written as fast as the client reads. `counts.bytesWritten` says how much the client accepted.
 */
async function startFlooder({ declaredLength } = {}) {
	const counts = { bytesWritten: 0, closedEarly: 0 };
	const chunk = Buffer.alloc(64 * 1024, ' ');
	const server = await startServer('127.0.0.1', (req, res) => {
		res.writeHead(200, {
			'Content-Type': 'application/json',
			...(declaredLength ? { 'Content-Length': String(declaredLength) } : {}),
		});
		res.write('{"domainList":[');
		const pump = () => {
			while (!res.destroyed) {
				if (declaredLength && counts.bytesWritten + chunk.length > declaredLength) return;
				counts.bytesWritten += chunk.length;
				if (!res.write(chunk)) return void res.once('drain', pump);
			}
		};
		res.on('close', () => {
			if (!res.writableEnded) counts.closedEarly++;
		});
		pump();
	});
	return { ...server, counts };
}

/** Answers every request with `status` and a Location on `target` (same path). */
function startRedirector(status, target) {
	return startServer('127.0.0.1', (req, res) => {
		res.writeHead(status, { Location: `${target.url}${req.url}` });
		res.end();
	});
}

module.exports = { startServer, startDribbler, startFlooder, startRedirector };
