'use strict';
/**
 * A stand-in for an SMTP server (your mail provider's), so the email example sends its report
 * somewhere under `npm run dev` and in the e2e tests, and ends green. n8n's Send Email node delivers
 * to it through an SMTP credential (host 127.0.0.1, its port, SSL/TLS off, STARTTLS disabled); users
 * replace that credential with their provider's. Not Agora, so not in the reference: it is a real SMTP
 * server (the `smtp-server` package, a devDependency), without TLS, that accepts every message (any
 * sender, any recipient, AUTH optional and any user) from loopback addresses only, parses it
 * (`mailparser`) and keeps it for the control API:
 *
 *   GET    /_sandbox/mail    {smtp: {host, port}, messages: [{seq, at, envelope, from, to, cc, subject, text, html, messageId, user, size}]}
 *   DELETE /_sandbox/mail    forgets them
 *
 * Started only when asked (createSandbox's `smtpPort`, the CLI's --smtp-port); until then the routes
 * answer 404 saying how to start it.
 */
const PREFIX = '/_sandbox/mail';
const MAX_MESSAGES = 1000;
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

const { sendJson } = require('./httpUtil');

/** 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6 (::ffff:127.0.0.1). */
function isLoopback(address) {
	const a = String(address || '')
		.toLowerCase()
		.replace(/^::ffff:/, '');
	return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

function smtpError(code, message) {
	const err = new Error(message);
	err.responseCode = code;
	return err;
}

const addresses = (field) =>
	[]
		.concat(field || [])
		.flatMap((group) => group.value || [])
		.map((a) => a.address)
		.filter(Boolean);

/** onMessage(message) is called for every accepted message (the CLI prints a line). */
function createMailStandIn({ onMessage } = {}) {
	const messages = [];
	let seq = 0;
	let server = null;
	let address = null;

	async function record(raw, session) {
		const { simpleParser } = require('mailparser');
		const parsed = await simpleParser(raw);
		const message = {
			seq: ++seq,
			at: new Date().toISOString(),
			envelope: {
				mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
				rcptTo: session.envelope.rcptTo.map((r) => r.address),
			},
			from: parsed.from ? parsed.from.text : null,
			to: addresses(parsed.to),
			cc: addresses(parsed.cc),
			subject: parsed.subject ?? null,
			text: parsed.text ?? null,
			html: typeof parsed.html === 'string' ? parsed.html : null,
			messageId: parsed.messageId ?? null,
			// Who signed in, if the client did; the password is never kept.
			user: session.user ?? null,
			size: raw.length,
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
		return message;
	}

	/** Starts the SMTP server on host:port (0 = a free port); resolves {host, port}. */
	async function listen({ host = '127.0.0.1', port = 0 } = {}) {
		if (server) throw new Error('the mail stand-in is already listening');
		const { SMTPServer } = require('smtp-server');
		const smtp = new SMTPServer({
			name: 'mail.sandbox.invalid',
			banner: 'Agora sandbox mail stand-in (no TLS, loopback only)',
			// Plain SMTP on loopback: no certificate to trust, nothing to upgrade to.
			disabledCommands: ['STARTTLS'],
			hideSTARTTLS: true,
			authOptional: true,
			allowInsecureAuth: true,
			disableReverseLookup: true,
			size: MAX_MESSAGE_BYTES,
			logger: false,
			closeTimeout: 2000,
			onConnect(session, callback) {
				if (!isLoopback(session.remoteAddress))
					return callback(
						smtpError(
							554,
							`the sandbox mail stand-in accepts loopback connections only, not ${session.remoteAddress}`,
						),
					);
				callback();
			},
			onAuth(auth, session, callback) {
				callback(null, { user: auth.username || '' });
			},
			onData(stream, session, callback) {
				const chunks = [];
				stream.on('data', (c) => chunks.push(c));
				stream.on('error', callback);
				stream.on('end', () => {
					if (stream.sizeExceeded)
						return callback(
							smtpError(552, `message larger than ${MAX_MESSAGE_BYTES} bytes: not accepted`),
						);
					record(Buffer.concat(chunks), session).then(
						(m) => callback(null, `accepted as message ${m.seq}`),
						(e) => callback(smtpError(451, `could not parse the message: ${e.message}`)),
					);
				});
			},
		});
		// A client that goes away mid-session is its own business, not the sandbox's.
		smtp.on('error', () => {});
		await new Promise((resolve, reject) => {
			smtp.server.once('error', reject);
			smtp.listen(port, host, () => {
				smtp.server.off('error', reject);
				resolve();
			});
		});
		server = smtp;
		const addr = smtp.server.address();
		address = { host: addr.address, port: addr.port };
		return address;
	}

	async function close() {
		if (!server) return;
		const s = server;
		server = null;
		await new Promise((resolve) => s.close(() => resolve()));
	}

	const matches = (pathname) => pathname === PREFIX || pathname.startsWith(`${PREFIX}/`);

	async function handle(req, res, parsedUrl) {
		const p = parsedUrl.pathname.replace(/\/+$/, '');
		if (!address)
			return sendJson(res, 404, {
				message:
					'the mail stand-in is not running: start the sandbox with --smtp-port N (createSandbox({smtpPort}))',
			});
		if (p === PREFIX && req.method === 'GET')
			return sendJson(res, 200, { smtp: address, messages });
		if (p === PREFIX && req.method === 'DELETE') {
			const cleared = messages.length;
			messages.length = 0;
			return sendJson(res, 200, { cleared });
		}
		return sendJson(res, 404, {
			message: `unknown mail stand-in route ${req.method} ${p}: GET ${PREFIX} lists the messages, DELETE ${PREFIX} forgets them`,
		});
	}

	return {
		listen,
		close,
		matches,
		handle,
		messages,
		/** {host, port} once listening, else null. */
		get address() {
			return address;
		},
		/** Forgets the messages (the sandbox's reset()); keeps listening. */
		clear() {
			messages.length = 0;
			seq = 0;
		},
	};
}

module.exports = { createMailStandIn, isLoopback, MAIL_PREFIX: PREFIX };
