#!/usr/bin/env node
'use strict';
/**
 * Starts the Agora Media Broadcast sandbox.
 *   node sandbox/cli.js [--port 8787] [--host 127.0.0.1] [--rate-limit 50] [--latency 150]
 *        [--ncs-url URL --ncs-secret S] [--customer-id ID --customer-secret S] [--retry-after]
 *        [--smtp-port N] [--quiet]
 */
const { createSandbox } = require('./server');

const USAGE = `usage: node sandbox/cli.js [options]
  --port N               port to listen on (default 8787; 0 = any free port)
  --host H               address to bind (default 127.0.0.1)
  --rate-limit N         accepted requests per second per Customer ID (default 50; 0 = unlimited)
  --latency MS           delay added before every API response (default 0)
  --retry-after          send "Retry-After: 1" with 429 responses
  --ncs-url URL          where simulated NCS events are POSTed
  --ncs-secret S         NCS signing secret
  --customer-id ID       Customer ID accepted by the sandbox (default sandbox-customer-id)
  --customer-secret S    its Customer Secret (default sandbox-customer-secret)
  --smtp-port N          also start the mail stand-in (SMTP, no TLS, loopback clients only) on
                         port N (0 = any free port); GET /_sandbox/mail lists what it received
  --quiet                do not log one line per request
  --help                 this text`;

function parseArgs(argv) {
	const o = {};
	const takesValue = new Set([
		'--port',
		'--host',
		'--rate-limit',
		'--latency',
		'--ncs-url',
		'--ncs-secret',
		'--customer-id',
		'--customer-secret',
		'--smtp-port',
	]);
	for (let i = 0; i < argv.length; i++) {
		let a = argv[i];
		let v;
		const eq = a.indexOf('=');
		if (a.startsWith('--') && eq > 0) {
			v = a.slice(eq + 1);
			a = a.slice(0, eq);
		}
		if (takesValue.has(a)) {
			if (v === undefined) v = argv[++i];
			if (v === undefined) throw new Error(`${a} needs a value`);
			o[a.slice(2)] = v;
		} else if (a === '--quiet' || a === '--retry-after' || a === '--help' || a === '-h') {
			o[a.replace(/^-+/, '')] = true;
		} else {
			throw new Error(`unknown option ${a}`);
		}
	}
	return o;
}

function toInt(v, name) {
	const n = Number(v);
	if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
	return n;
}

async function main() {
	let args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (e) {
		console.error(e.message);
		console.error(USAGE);
		process.exit(2);
	}
	if (args.help || args.h) {
		console.log(USAGE);
		return;
	}
	if ((args['customer-id'] === undefined) !== (args['customer-secret'] === undefined)) {
		console.error('--customer-id and --customer-secret go together');
		process.exit(2);
	}
	const quiet = !!args.quiet;
	const options = {
		host: args.host || '127.0.0.1',
		port: args.port === undefined ? 8787 : toInt(args.port, '--port'),
		rateLimit: args['rate-limit'] === undefined ? 50 : toInt(args['rate-limit'], '--rate-limit'),
		latencyMs: args.latency === undefined ? 0 : toInt(args.latency, '--latency'),
		retryAfter: !!args['retry-after'],
		ncs: { url: args['ncs-url'] || null, secret: args['ncs-secret'] || null },
		smtpPort: args['smtp-port'] === undefined ? undefined : toInt(args['smtp-port'], '--smtp-port'),
		onRequest: quiet
			? undefined
			: (e) => {
					const status = e.dropped ? 'DROP' : e.status;
					const fault = e.fault ? ` [fault:${e.fault}]` : '';
					const why = e.authError ? ` (${e.authError})` : '';
					console.log(`${e.method} ${e.path} ${status} ${e.ms}ms${fault}${why}`);
				},
		onDelivery: quiet
			? undefined
			: (d) =>
					console.log(
						`NCS ${d.eventName || d.eventType || '?'} → ${d.url} ${d.delivered ? 'delivered' : 'failed'} (${d.attempts.length} attempt(s), last status ${d.status})`,
					),
		onSlackMessage: quiet
			? undefined
			: (m) => console.log(`Slack stand-in ← ${m.path}: ${JSON.stringify(m.text)}`),
		onMailMessage: quiet
			? undefined
			: (m) =>
					console.log(
						`Mail stand-in ← to ${m.envelope.rcptTo.join(', ')}: ${JSON.stringify(m.subject)}`,
					),
	};
	if (args['customer-id'])
		options.customers = [
			{ customerId: args['customer-id'], customerSecret: args['customer-secret'] },
		];
	const sb = await createSandbox(options);
	// Printed before the line below, which tells a launcher the sandbox is ready (scripts/lib/sandbox.mjs).
	if (sb.smtp)
		console.log(
			`Mail stand-in at smtp://${sb.smtp.host}:${sb.smtp.port} (no TLS, loopback clients only; received: ${sb.url}/_sandbox/mail)`,
		);
	console.log(
		`Agora Media Broadcast sandbox at ${sb.url}  customerId=${sb.customerId} customerSecret=${sb.customerSecret}  (API ${sb.url}/v1/projects/{appid}/fls/..., control ${sb.url}/_sandbox/...)`,
	);
	let stopping = false;
	const stop = async (sig) => {
		if (stopping) return;
		stopping = true;
		if (!quiet) console.log(`${sig}: stopping`);
		await sb.close();
		process.exit(0);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
	console.error(e && e.stack ? e.stack : e);
	process.exit(1);
});
