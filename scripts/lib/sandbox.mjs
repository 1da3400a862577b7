// The local Agora Media Broadcast sandbox (sandbox/): started as a child process (`npm run dev`)
// or in-process (tests), plus a client for its control API (/_sandbox/...).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

import { SMTP_CREDENTIAL_TYPE } from './examples.mjs';
import { forEachLine } from './lines.mjs';
import { ROOT } from './n8n.mjs';

const require = createRequire(import.meta.url);

export const SANDBOX_CUSTOMER_ID = 'sandbox-customer-id';
export const SANDBOX_CUSTOMER_SECRET = 'sandbox-customer-secret';

/**
 * An Agora Cloud Storage API credential for the sandbox at `sandboxUrl`: made-up keys (the sandbox
 * stores them, nobody checks them) and the sandbox's loopback host:port in Allowed Agora API Hosts,
 * since storage keys go only to listed hosts and loopback is never allowed implicitly.
 */
export function sandboxStorageCredential(sandboxUrl, { id = 'agoraDevStorage1' } = {}) {
	return {
		id,
		name: 'Agora cloud storage (sandbox)',
		type: 'agoraCloudStorageApi',
		data: {
			storageVendor: 1,
			storageRegionAmazonS3: 0,
			storageBucket: 'sandbox-recordings',
			storageAccessKey: 'sandbox-storage-access-key',
			storageSecretKey: 'sandbox-storage-secret-key',
			allowedApiHosts: new URL(sandboxUrl).host,
		},
	};
}

/** In-process sandbox: createSandbox(options) from sandbox/server.js. */
export async function startSandboxInProcess(options = {}) {
	const { createSandbox } = require(path.join(ROOT, 'sandbox/server.js'));
	return await createSandbox(options);
}

/**
 * `node sandbox/cli.js` as a child process; resolves once it prints its URL.
 * args: {port, rateLimit, latency, ncsUrl, ncsSecret, smtpPort, quiet}; onLine gets every output line.
 * With smtpPort (0 = any free port) it also runs the mail stand-in; `smtp` is then {host, port}.
 */
export async function startSandboxProcess({
	port = 0,
	rateLimit,
	latency,
	ncsUrl,
	ncsSecret,
	smtpPort,
	quiet = false,
	onLine = () => {},
} = {}) {
	const args = [path.join(ROOT, 'sandbox/cli.js'), '--port', String(port)];
	if (rateLimit !== undefined) args.push('--rate-limit', String(rateLimit));
	if (latency !== undefined) args.push('--latency', String(latency));
	if (ncsUrl) args.push('--ncs-url', ncsUrl);
	if (ncsSecret) args.push('--ncs-secret', ncsSecret);
	if (smtpPort !== undefined) args.push('--smtp-port', String(smtpPort));
	if (quiet) args.push('--quiet');
	const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
	let exited = null;
	const killOnExit = () => {
		if (!exited) child.kill('SIGKILL');
	};
	process.once('exit', killOnExit); // never leave it running behind a crashed parent
	const exitPromise = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			process.off('exit', killOnExit);
			resolve((exited = { code, signal }));
		}),
	);
	let resolveUrl;
	const urlPromise = new Promise((r) => (resolveUrl = r));
	let smtp = null;
	const watch = (line) => {
		const mail = /Mail stand-in at smtp:\/\/(\S+):(\d+) /.exec(line);
		if (mail) smtp = { host: mail[1], port: Number(mail[2]) };
		const m = /sandbox at (http:\/\/\S+)/.exec(line);
		if (m) resolveUrl(m[1]);
		onLine(line);
	};
	forEachLine(child.stdout, watch);
	forEachLine(child.stderr, watch);
	const url = await Promise.race([
		urlPromise,
		exitPromise.then((e) => {
			throw new Error(`the sandbox exited before it was ready (${JSON.stringify(e)})`);
		}),
		new Promise((_, reject) =>
			setTimeout(() => reject(new Error('the sandbox did not start within 30 s')), 30000).unref(),
		),
	]);
	const stop = async () => {
		if (!exited) child.kill('SIGTERM');
		const t = setTimeout(() => !exited && child.kill('SIGKILL'), 5000);
		const r = await exitPromise;
		clearTimeout(t);
		return r;
	};
	if (smtpPort !== undefined && !smtp) {
		await stop();
		throw new Error('the sandbox did not say where its mail stand-in listens');
	}
	return { url, smtp, pid: child.pid, process: child, stop, exited: exitPromise };
}

/**
 * n8n's SMTP credential (the Send Email node's) for the sandbox's SMTP stand-in at smtp = {host, port}:
 * plain SMTP on loopback, so SSL/TLS off and STARTTLS disabled (n8n would otherwise try to upgrade),
 * no user (the stand-in needs none).
 */
export function sandboxMailCredential(
	smtp,
	{ id = 'agoraDevMailSmtp', name = 'Sandbox mail (local)' } = {},
) {
	return {
		id,
		name,
		type: SMTP_CREDENTIAL_TYPE,
		data: {
			user: '',
			password: '',
			host: smtp.host,
			port: smtp.port,
			secure: false,
			disableStartTls: true,
			hostName: '',
		},
	};
}

/** Client for the sandbox control API. */
export function sandboxControl(url) {
	const base = url.replace(/\/+$/, '');
	const call = async (method, p, body) => {
		// Writes are JSON, with or without a body: the sandbox refuses anything else (README "Sandbox safety").
		const sendsJson = body !== undefined || ['POST', 'PUT', 'PATCH'].includes(method);
		const res = await fetch(base + p, {
			method,
			headers: sendsJson ? { 'Content-Type': 'application/json' } : {},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60000),
		});
		const text = await res.text();
		const json = text ? JSON.parse(text) : undefined;
		if (res.status >= 400)
			throw new Error(`sandbox ${method} ${p} → ${res.status}: ${text.slice(0, 300)}`);
		return json;
	};
	return {
		url: base,
		health: () => call('GET', '/_sandbox/health'),
		requests: async (since = 0) =>
			(await call('GET', `/_sandbox/requests?since=${since}`)).requests,
		lastSeq: async () => (await call('GET', '/_sandbox/requests?since=999999999')).lastSeq,
		clearRequests: () => call('DELETE', '/_sandbox/requests'),
		reset: () => call('POST', '/_sandbox/reset'),
		config: (patch) =>
			patch ? call('POST', '/_sandbox/config', patch) : call('GET', '/_sandbox/config'),
		state: (appId) =>
			call('GET', `/_sandbox/state${appId ? `?appId=${encodeURIComponent(appId)}` : ''}`),
		seed: (body) => call('POST', '/_sandbox/seed', body),
		simulate: (name, body) => call('POST', `/_sandbox/simulate/${name}`, body),
		sendNcs: (body) => call('POST', '/_sandbox/ncs/send', body),
		deliveries: async () => (await call('GET', '/_sandbox/ncs/deliveries')).deliveries,
		mail: async () => (await call('GET', '/_sandbox/mail')).messages,
		clearMail: () => call('DELETE', '/_sandbox/mail'),
	};
}
