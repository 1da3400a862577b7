'use strict';
/**
 * A stand-in for a Slack incoming webhook (https://hooks.slack.com/services/T…/B…/…), so the "notify"
 * example posts somewhere under `npm run dev` and in the e2e tests, and ends green. Users replace the
 * URL with their own Slack webhook. It answers the way Slack documents incoming webhooks: 200 and the
 * text "ok" for a JSON body with a non-empty "text" (or "blocks"), 400 "invalid_payload" for a body that
 * is not a JSON object, 400 "no_text" when neither is there.
 *
 *   POST   /_sandbox/slack/<any path>   a message (recorded)
 *   GET    /_sandbox/slack              {messages: [{seq, path, text, body, at}]}
 *   DELETE /_sandbox/slack              forgets them
 */

const PREFIX = '/_sandbox/slack';
const MAX_MESSAGES = 1000;

function sendText(res, status, text) {
	res.writeHead(status, {
		'Content-Type': 'text/plain; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

function sendJson(res, status, body) {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
	});
	res.end(text);
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** onMessage(message) is called for every accepted message (the CLI prints a line). */
function createSlackWebhook({ onMessage } = {}) {
	const messages = [];
	let seq = 0;

	const matches = (pathname) => pathname === PREFIX || pathname.startsWith(`${PREFIX}/`);

	async function handle(req, res, parsedUrl) {
		const p = parsedUrl.pathname.replace(/\/+$/, '');
		if (p === PREFIX && req.method === 'GET') return sendJson(res, 200, { messages });
		if (p === PREFIX && req.method === 'DELETE') {
			const cleared = messages.length;
			messages.length = 0;
			return sendJson(res, 200, { cleared });
		}
		if (p === PREFIX || req.method !== 'POST')
			return sendJson(res, 404, {
				message: `unknown Slack stand-in route ${req.method} ${p}: POST ${PREFIX}/<webhook path> posts a message`,
			});
		const raw = await readBody(req);
		let body;
		try {
			body = JSON.parse(raw);
		} catch {
			body = undefined;
		}
		if (!body || typeof body !== 'object' || Array.isArray(body))
			return sendText(res, 400, 'invalid_payload');
		const text = typeof body.text === 'string' ? body.text : '';
		if (!text.trim() && !(Array.isArray(body.blocks) && body.blocks.length))
			return sendText(res, 400, 'no_text');
		const message = {
			seq: ++seq,
			path: p.slice(PREFIX.length),
			text,
			body,
			at: new Date().toISOString(),
		};
		messages.push(message);
		if (messages.length > MAX_MESSAGES) messages.shift();
		if (onMessage) {
			try {
				onMessage(message);
			} catch {
				/* a logging callback never breaks the answer */
			}
		}
		return sendText(res, 200, 'ok');
	}

	return {
		matches,
		handle,
		messages,
		/** Back to a fresh stand-in (the sandbox's reset()). */
		clear() {
			messages.length = 0;
			seq = 0;
		},
	};
}

module.exports = { createSlackWebhook, SLACK_PREFIX: PREFIX };
