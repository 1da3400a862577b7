'use strict';
// The SMTP stand-in the email example sends to under `npm run dev` (smtp.js): a real SMTP dialogue over
// TCP, then what the control API lists.
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { createSandbox } = require('./server');
const { rawRequest } = require('./client');
const { isLoopback } = require('./smtp');

/**
 * A minimal SMTP client: sends each command once the previous reply is complete and returns the
 * replies ([{code, lines}]), the greeting first. `commands` may hold a DATA payload as a string.
 */
function smtpDialogue(port, commands, { host = '127.0.0.1', localAddress } = {}) {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ port, host, localAddress });
		const replies = [];
		let buffer = '';
		let lines = [];
		let next = 0;
		socket.setEncoding('utf8');
		socket.on('data', (chunk) => {
			buffer += chunk;
			let i;
			while ((i = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, i);
				buffer = buffer.slice(i + 2);
				lines.push(line.slice(4));
				if (line[3] === '-') continue; // a multi-line reply goes on
				replies.push({ code: Number(line.slice(0, 3)), lines });
				lines = [];
				if (next < commands.length) socket.write(`${commands[next++]}\r\n`);
				else socket.end();
			}
		});
		socket.on('error', reject);
		socket.on('close', () => resolve(replies));
	});
}

const message = ({
	to = 'ops@example.com',
	subject = 'Nightly report',
	body = 'cam1 09:00-11:00',
}) =>
	[
		'From: "Agora reports" <reports@example.com>',
		`To: ${to}`,
		`Subject: ${subject}`,
		'MIME-Version: 1.0',
		'Content-Type: text/plain; charset=utf-8',
		'Content-Transfer-Encoding: quoted-printable',
		'',
		body,
		'.',
	].join('\r\n');

const send = (port, { from = 'reports@example.com', rcpt = ['ops@example.com'], ...m } = {}) =>
	smtpDialogue(port, [
		'EHLO client.test',
		`MAIL FROM:<${from}>`,
		...rcpt.map((r) => `RCPT TO:<${r}>`),
		'DATA',
		message(m),
		'QUIT',
	]);

let sb;
beforeAll(async () => {
	sb = await createSandbox({ port: 0, smtpPort: 0 });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => sb.reset());

test('a message sent over SMTP is accepted and listed with its envelope, headers and decoded text', async () => {
	const replies = await send(sb.smtp.port, {
		rcpt: ['ops@example.com', 'audit@example.com'],
		to: 'ops@example.com',
		// "Ünterwegs" as an RFC 2047 encoded word, a quoted-printable body line
		subject: 'Nightly report =?UTF-8?B?w5xudGVyd2Vncw==?=',
		body: 'cam1 09:00=E2=80=9311:00 120 min',
	});
	expect(replies.map((r) => r.code)).toEqual([220, 250, 250, 250, 250, 354, 250, 221]);
	expect(replies[6].lines[0]).toMatch(/accepted as message 1/);
	const list = await rawRequest(`${sb.url}/_sandbox/mail`);
	expect(list.status).toBe(200);
	expect(list.body.smtp).toEqual({ host: '127.0.0.1', port: sb.smtp.port });
	expect(list.body.messages).toEqual([
		expect.objectContaining({
			seq: 1,
			envelope: {
				mailFrom: 'reports@example.com',
				rcptTo: ['ops@example.com', 'audit@example.com'],
			},
			from: '"Agora reports" <reports@example.com>',
			to: ['ops@example.com'],
			subject: 'Nightly report Ünterwegs',
			text: 'cam1 09:00–11:00 120 min\n',
			html: null,
			user: null,
		}),
	]);
	expect(sb.mailMessages).toHaveLength(1);
	// Not an Agora request: the API request log stays empty.
	expect(sb.requestLog).toHaveLength(0);
});

test('plain SMTP: STARTTLS is not offered (the credential turns it off), AUTH is optional and any user is accepted, the password is not kept', async () => {
	const replies = await smtpDialogue(sb.smtp.port, [
		'EHLO client.test',
		`AUTH PLAIN ${Buffer.from('\0sandbox-user\0a-password').toString('base64')}`,
		'MAIL FROM:<reports@example.com>',
		'RCPT TO:<ops@example.com>',
		'DATA',
		message({}),
		'QUIT',
	]);
	const ehlo = replies[1].lines;
	expect(ehlo).not.toContain('STARTTLS');
	expect(ehlo).toContain('AUTH LOGIN PLAIN');
	expect(replies[2].code).toBe(235);
	expect(replies[6].code).toBe(250);
	expect(sb.mailMessages[0].user).toBe('sandbox-user');
	expect(JSON.stringify(sb.mailMessages)).not.toContain('a-password');
});

test('DELETE forgets the messages, reset() too; an unknown mail route is a 404 naming the two routes', async () => {
	await send(sb.smtp.port, { subject: 'one' });
	const cleared = await rawRequest(`${sb.url}/_sandbox/mail`, { method: 'DELETE' });
	expect(cleared.body).toEqual({ cleared: 1 });
	await send(sb.smtp.port, { subject: 'two' });
	expect(sb.mailMessages.map((m) => [m.seq, m.subject])).toEqual([[2, 'two']]);
	sb.reset();
	expect(sb.mailMessages).toHaveLength(0);
	await send(sb.smtp.port, { subject: 'three' });
	expect(sb.mailMessages.map((m) => m.seq)).toEqual([1]);
	const wrong = await rawRequest(`${sb.url}/_sandbox/mail/1`);
	expect(wrong.status).toBe(404);
	expect(wrong.body.message).toMatch(/GET \/_sandbox\/mail lists the messages/);
});

test('loopback means 127.0.0.0/8 and ::1, also IPv4-mapped; nothing else', () => {
	for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])
		expect([a, isLoopback(a)]).toEqual([a, true]);
	for (const a of [
		'192.0.2.2',
		'::ffff:10.0.0.1',
		'fd00::2',
		'0.0.0.0',
		'',
		undefined,
		'1127.0.0.1',
	])
		expect([a, isLoopback(a)]).toEqual([a, false]);
});

// A client from another address of this machine stands for one from the network.
const otherAddress = Object.values(os.networkInterfaces())
	.flat()
	.find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
(otherAddress ? test : test.skip)(
	`a client that is not on loopback (${otherAddress || 'no such address on this machine'}) is refused with 554 before any command`,
	async () => {
		const open = await createSandbox({ port: 0, host: '0.0.0.0', smtpPort: 0 });
		try {
			const replies = await smtpDialogue(open.smtp.port, ['EHLO client.test'], {
				host: otherAddress,
				localAddress: otherAddress,
			});
			expect(replies[0].code).toBe(554);
			expect(replies[0].lines[0]).toMatch(/loopback connections only/);
			expect(open.mailMessages).toHaveLength(0);
		} finally {
			await open.close();
		}
	},
);

test('without smtpPort no SMTP server runs and /_sandbox/mail says how to start one', async () => {
	const plain = await createSandbox({ port: 0 });
	try {
		expect(plain.smtp).toBeNull();
		const r = await rawRequest(`${plain.url}/_sandbox/mail`);
		expect(r.status).toBe(404);
		expect(r.body.message).toMatch(/--smtp-port/);
	} finally {
		await plain.close();
	}
});

test('close() stops the SMTP server: its port refuses connections', async () => {
	const own = await createSandbox({ port: 0, smtpPort: 0 });
	const { port } = own.smtp;
	await own.close();
	await expect(smtpDialogue(port, [])).rejects.toThrow(/ECONNREFUSED/);
});

test('a busy SMTP port is a clear error naming it, and the HTTP port it had opened is free again', async () => {
	const httpPort = await new Promise((resolve) => {
		const probe = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});
	await expect(createSandbox({ port: httpPort, smtpPort: sb.smtp.port })).rejects.toThrow(
		new RegExp(`mail stand-in could not listen on port ${sb.smtp.port}: .*EADDRINUSE`),
	);
	const again = await createSandbox({ port: httpPort });
	await again.close();
});

test('cli.js --smtp-port starts it, prints where, and logs each message', async () => {
	const child = spawn(
		process.execPath,
		[path.join(__dirname, 'cli.js'), '--port', '0', '--smtp-port', '0'],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let out = '';
	child.stdout.on('data', (d) => (out += d));
	try {
		const port = await new Promise((resolve, reject) => {
			const t = setTimeout(() => reject(new Error(`no SMTP line printed: ${out}`)), 10000);
			child.stdout.on('data', () => {
				const m = /Mail stand-in at smtp:\/\/127\.0\.0\.1:(\d+) /.exec(out);
				if (m && /sandbox at http/.test(out)) {
					clearTimeout(t);
					resolve(Number(m[1]));
				}
			});
		});
		await send(port, { subject: 'from the CLI' });
		await new Promise((r) => setTimeout(r, 100));
		expect(out).toMatch(/Mail stand-in ← to ops@example\.com: "from the CLI"/);
	} finally {
		const code = await new Promise((resolve) => {
			child.on('exit', (c) => resolve(c));
			child.kill('SIGTERM');
		});
		expect(code).toBe(0);
	}
});
