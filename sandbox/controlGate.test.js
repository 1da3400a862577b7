'use strict';
// The gate in front of every /_sandbox/ route (controlGate.js, README "Sandbox safety"): what a web
// page open in the developer's browser could send to the sandbox is refused, and refused requests
// change nothing. Also: /_sandbox/ncs/send signs and posts only to the configured ncs.url.
const http = require('node:http');
const net = require('node:net');
const { createSandbox } = require('./server');
const { rawRequest, control } = require('./client');

const APPID = 'gate-app';
let sb;
let port;

/** An NCS receiver that records what it gets. */
async function startReceiver() {
	const received = [];
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			received.push(req.url);
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{}');
		});
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${server.address().port}`;
	return {
		url,
		received,
		close: () =>
			new Promise((r) => {
				server.close(r);
				server.closeAllConnections();
			}),
	};
}

beforeAll(async () => {
	sb = await createSandbox({ port: 0, rateLimit: 0 });
	port = sb.port;
});
afterAll(() => sb.close());
beforeEach(() => {
	sb.reset();
	sb.seed({ appId: APPID, entryPoints: ['kept'] });
});

const send = (path, { method = 'POST', headers = {}, body } = {}) =>
	rawRequest(`${sb.url}${path}`, { method, headers, body });
const seeded = () => Object.keys(sb.state.dump(APPID).entryPoints ?? {}).includes('kept');

describe('POST, PUT and PATCH need Content-Type: application/json', () => {
	test.each([
		['text/plain (what a page sends without a preflight)', { 'Content-Type': 'text/plain' }, '{}'],
		['a form', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'a=1'],
		['multipart', { 'Content-Type': 'multipart/form-data; boundary=x' }, '--x--'],
		['no Content-Type and no body', {}, undefined],
	])('%s: 415, nothing reset', async (_label, headers, body) => {
		const res = await send('/_sandbox/reset', { headers, body });
		expect(res.status).toBe(415);
		expect(res.body.message).toMatch(/needs Content-Type: application\/json/);
		expect(seeded()).toBe(true);
	});

	test('text/plain to config, seed, simulate and ncs/send changes nothing', async () => {
		const plain = { 'Content-Type': 'text/plain;charset=UTF-8' };
		const before = JSON.stringify(sb.publicConfig());
		for (const [path, body] of [
			['/_sandbox/config', { rateLimit: 1 }],
			['/_sandbox/seed', { appId: APPID, entryPoints: ['planted'] }],
			['/_sandbox/simulate/publish-start', { appId: APPID, streamName: 'cam' }],
			['/_sandbox/ncs/send', { body: { eventType: 1 } }],
		])
			expect((await send(path, { headers: plain, body: JSON.stringify(body) })).status).toBe(415);
		expect(JSON.stringify(sb.publicConfig())).toBe(before);
		expect(Object.keys(sb.state.dump(APPID).entryPoints)).not.toContain('planted');
		expect(sb.deliveries).toHaveLength(0);
	});

	test('application/json (with a charset) passes', async () => {
		const res = await send('/_sandbox/config', {
			headers: { 'Content-Type': 'application/json; charset=utf-8' },
			body: JSON.stringify({ latencyMs: 3 }),
		});
		expect(res.status).toBe(200);
		expect(sb.config.latencyMs).toBe(3);
	});
});

describe('Host must name this machine with the sandbox port', () => {
	test.each([
		['a rebound domain', () => `attacker.example:${port}`],
		['a loopback name on another port', () => `127.0.0.1:${port + 1}`],
		['no port', () => '127.0.0.1'],
	])('%s: 403 on reads and writes, nothing changed', async (_label, host) => {
		const json = { 'Content-Type': 'application/json', Host: host() };
		const read = await send('/_sandbox/requests', { method: 'GET', headers: { Host: host() } });
		expect(read.status).toBe(403);
		expect(read.body.message).toMatch(/answer only requests addressed to this machine/);
		expect(read.body.requests).toBeUndefined();
		const write = await send('/_sandbox/reset', { headers: json, body: '{}' });
		expect(write.status).toBe(403);
		expect(seeded()).toBe(true);
		// Every /_sandbox/ route, those added later too: the gate answers before any route is matched.
		const later = await send('/_sandbox/mail', { method: 'GET', headers: { Host: host() } });
		expect(later.status).toBe(403);
		const slack = await send('/_sandbox/slack', { method: 'GET', headers: { Host: host() } });
		expect(slack.status).toBe(403);
	});

	test('no Host header at all (HTTP/1.0): 403', async () => {
		const answer = await new Promise((resolve, reject) => {
			const socket = net.connect(port, '127.0.0.1', () =>
				socket.write('GET /_sandbox/requests HTTP/1.0\r\n\r\n'),
			);
			let text = '';
			socket.on('data', (chunk) => (text += chunk));
			socket.on('end', () => resolve(text));
			socket.on('error', reject);
		});
		expect(answer).toMatch(/^HTTP\/1\.[01] 403 /);
	});

	test.each([['127.0.0.1'], ['localhost'], ['LOCALHOST'], ['[::1]']])(
		'%s:PORT passes',
		async (name) => {
			const res = await send('/_sandbox/health', {
				method: 'GET',
				headers: { Host: `${name}:${port}` },
			});
			expect(res.status).toBe(200);
		},
	);

	test('the Agora API itself is not behind the gate (a signed request with the usual Host works)', async () => {
		const res = await send(`/v1/projects/${APPID}/fls/domains`, {
			method: 'GET',
			headers: { Host: `attacker.example:${port}` },
		});
		// Refused by the signature check (401), not by the gate (403).
		expect(res.status).toBe(401);
	});

	test('no CORS header is ever granted (a preflight gets none)', async () => {
		const res = await send('/_sandbox/reset', {
			method: 'OPTIONS',
			headers: {
				Origin: 'https://attacker.example',
				'Access-Control-Request-Method': 'POST',
				'Access-Control-Request-Headers': 'content-type',
			},
		});
		expect(res.headers['access-control-allow-origin']).toBeUndefined();
		expect(res.headers['access-control-allow-headers']).toBeUndefined();
		expect(seeded()).toBe(true);
	});
});

describe('/_sandbox/ncs/send posts only to the configured ncs.url', () => {
	let configured;
	let other;
	beforeAll(async () => {
		configured = await startReceiver();
		other = await startReceiver();
	});
	afterAll(async () => {
		await configured.close();
		await other.close();
	});

	test('another URL: 400, nothing signed or sent; the configured one (given or not) is delivered', async () => {
		sb.setConfig({ ncs: { url: `${configured.url}/ncs`, secret: 'gate-secret' } });
		const event = { noticeId: 'n-1', productId: 7, eventType: 1, payload: {} };
		const elsewhere = await control(sb, 'POST', '/_sandbox/ncs/send', {
			url: `${other.url}/steal`,
			body: event,
		});
		expect(elsewhere.status).toBe(400);
		expect(elsewhere.body.message).toMatch(/url must be the configured ncs\.url/);
		expect(other.received).toEqual([]);
		expect(sb.deliveries).toHaveLength(0);
		await expect(sb.sendNcs({ url: `${other.url}/steal`, body: event })).rejects.toThrow(
			/url must be the configured ncs\.url/,
		);

		const given = await control(sb, 'POST', '/_sandbox/ncs/send', {
			url: `${configured.url}/ncs`,
			body: event,
		});
		expect(given.body.delivery).toMatchObject({ delivered: true, status: 200 });
		const implied = await control(sb, 'POST', '/_sandbox/ncs/send', { body: event });
		expect(implied.body.delivery).toMatchObject({ delivered: true, status: 200 });
		expect(configured.received).toEqual(['/ncs', '/ncs']);
		expect(other.received).toEqual([]);
	});

	test('no ncs.url configured: 400, nothing sent', async () => {
		const res = await control(sb, 'POST', '/_sandbox/ncs/send', {
			url: `${other.url}/steal`,
			secret: 'any',
			body: { eventType: 1 },
		});
		expect(res.status).toBe(400);
		expect(res.body.message).toMatch(/no NCS URL is configured/);
		expect(other.received).toEqual([]);
	});
});
