'use strict';
/**
 * Local stand-in for Agora's Media Broadcast ("FLS") REST API.
 *
 *   const { createSandbox } = require('./sandbox/server');
 *   const sb = await createSandbox({ port: 0 });
 *   // sb.url = 'http://127.0.0.1:PORT', credentials: sandbox-customer-id / sandbox-customer-secret
 *   await sb.close();
 *
 * Follows the reference, `../shared/reference/agora-media-broadcast-api.md` (beside the repo), not
 * the node. See README.md, which also maps the files. Plain CommonJS, Node 20, node: built-ins only
 * (but the SMTP stand-in, smtp.js, which loads its devDependencies only when started).
 *
 * This file only wires the parts together: it builds the config, the shared context the modules
 * read, and the HTTP server that hands each request to the Slack stand-in, the mail stand-in's list,
 * the control API or the API gateway; it starts the SMTP stand-in when asked (`smtpPort`); it returns
 * the sandbox object tests and the CLI use.
 */
const http = require('node:http');

const signing = require('./signing');
const { createState, parseRfc3339, formatRfc3339, REGIONS, PRESETS } = require('./state');
const { NO_ROUTE } = require('./api');
const { DEFAULT_CUSTOMER, normalizeCustomers } = require('./auth');
const { DEFAULT_FAULTS, normalizeFaultPlan, createFaults } = require('./faults');
const { createApiGateway } = require('./gateway');
const { DEFAULT_NCS, createDeliverer, createNcsSender } = require('./ncs');
const { createSimulator } = require('./simulate');
const { seed } = require('./seed');
const { setConfig, publicConfig, createControlApi } = require('./control');
const { createSlackWebhook } = require('./slack');
const { createMailStandIn } = require('./smtp');
const { sendJson } = require('./httpUtil');
const { gateRefusal, isSandboxRoute } = require('./controlGate');

/** The live config from createSandbox's options (README table); reset() builds it again from them. */
function buildConfig(options = {}) {
	const faults = { ...DEFAULT_FAULTS, ...(options.faults || {}) };
	const ncs = { ...DEFAULT_NCS, ...(options.ncs || {}) };
	return {
		host: options.host || '127.0.0.1',
		port: options.port === undefined ? 0 : options.port,
		customers: normalizeCustomers(options.customers),
		rateLimit: options.rateLimit === undefined ? 50 : options.rateLimit,
		latencyMs: options.latencyMs || 0,
		// Network jitter before the gateway: each API request waits uniformly 0..N ms before it is
		// counted (rate limit) and logged, the way requests reach Agora at uneven delays.
		arrivalJitterMs: options.arrivalJitterMs || 0,
		retryAfter: options.retryAfter === undefined ? false : options.retryAfter,
		faults,
		faultPlan: normalizeFaultPlan(options.faultPlan),
		clockSkewToleranceSec:
			options.clockSkewToleranceSec === undefined ? 300 : options.clockSkewToleranceSec,
		ncs,
		maxEntryPoints: options.maxEntryPoints || 100,
		maxLogEntries: options.maxLogEntries || 100000,
		now: typeof options.now === 'function' ? options.now : () => Date.now(),
		random: typeof options.random === 'function' ? options.random : Math.random,
	};
}

/**
 * Starts the sandbox.
 * @returns {Promise<{url: string, port: number, host: string, state: object, requestLog: object[], deliveries: object[], slackMessages: object[], smtp: {host: string, port: number}|null, mailMessages: object[], config: object, reset(): void, setConfig(partial: object): object, simulate(name: string, body: object): Promise<object>, seed(body: object): object, sendNcs(body: object): Promise<object>, close(): Promise<void>}>}
 */
async function createSandbox(options = {}) {
	const initialOptions = { ...options };
	const config = buildConfig(options);
	/**
	 * What the modules share. `config`, `state`, `requestLog` and `deliveries` keep their identity for
	 * the sandbox's life (reset empties them in place, tests hold on to them); `seq` and `deliverer`
	 * are replaced, so modules read them through ctx; `url` is known once the server listens.
	 */
	const ctx = {
		config,
		state: createState(() => config.now()),
		requestLog: [],
		deliveries: [],
		seq: 0, // of the last request log entry; it keeps counting when the log is cleared
		deliverer: createDeliverer(),
		onRequest: typeof options.onRequest === 'function' ? options.onRequest : null,
		onDelivery: typeof options.onDelivery === 'function' ? options.onDelivery : null,
		url: null,
	};
	const { state, requestLog, deliveries } = ctx;
	const faults = createFaults(config);
	const handleApiRequest = createApiGateway(ctx, faults);
	const { dispatch, sendNcs } = createNcsSender(ctx);
	const simulate = createSimulator(ctx, dispatch);
	// Not Agora: a Slack incoming-webhook stand-in for the "notify" example (slack.js).
	const slack = createSlackWebhook({ onMessage: options.onSlackMessage });
	// Not Agora: an SMTP server for the email example (smtp.js), listening only when asked.
	const mail = createMailStandIn({ onMessage: options.onMailMessage });

	function reset() {
		const fresh = buildConfig(initialOptions);
		for (const k of Object.keys(fresh)) if (k !== 'host' && k !== 'port') config[k] = fresh[k];
		state.clear();
		requestLog.length = 0;
		deliveries.length = 0;
		slack.clear();
		mail.clear();
		faults.clearRateWindows();
		ctx.seq = 0;
		ctx.deliverer.close();
		ctx.deliverer = createDeliverer();
	}

	const handleControl = createControlApi(ctx, { reset, simulate, sendNcs });

	const server = http.createServer((req, res) => {
		let parsedUrl;
		try {
			parsedUrl = new URL(req.url, 'http://sandbox.invalid');
		} catch {
			sendJson(res, 400, { message: 'bad request' });
			return;
		}
		const isControl = isSandboxRoute(parsedUrl.pathname);
		// One gate in front of every /_sandbox/ route, the Slack stand-in's included (controlGate.js).
		const refusal =
			isControl && gateRefusal(req, { bindHost: config.host, port: server.address().port });
		if (refusal) {
			req.resume();
			sendJson(res, refusal.status, { message: refusal.message });
			return;
		}
		const p = slack.matches(parsedUrl.pathname)
			? slack.handle(req, res, parsedUrl)
			: mail.matches(parsedUrl.pathname)
				? mail.handle(req, res, parsedUrl)
				: isControl
					? handleControl(req, res, parsedUrl)
					: handleApiRequest(req, res, parsedUrl);
		p.catch((e) => {
			if (!res.headersSent && !res.destroyed)
				sendJson(res, 500, { message: String(e && e.message ? e.message : e) });
		});
	});
	server.keepAliveTimeout = 5000;

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	if (options.smtpPort !== undefined && options.smtpPort !== null) {
		try {
			await mail.listen({ host: config.host, port: Number(options.smtpPort) });
		} catch (e) {
			server.close();
			throw new Error(
				`the mail stand-in could not listen on port ${options.smtpPort}: ${e.message}`,
			);
		}
	}
	const addr = server.address();
	const hostForUrl =
		addr.family === 'IPv6' || addr.family === 6 ? `[${addr.address}]` : addr.address;

	let closed = false;
	const sandbox = {
		url: `http://${hostForUrl}:${addr.port}`,
		port: addr.port,
		host: config.host,
		/** Default (first) credentials. */
		customerId: config.customers[0].customerId,
		customerSecret: config.customers[0].customerSecret,
		state,
		requestLog,
		deliveries,
		slackMessages: slack.messages,
		/** The SMTP stand-in's {host, port} (null unless started with `smtpPort`) and what it received. */
		smtp: mail.address,
		mailMessages: mail.messages,
		config,
		reset,
		setConfig: (partial) => setConfig(config, partial),
		publicConfig: () => publicConfig(config),
		seed: (body) => seed(ctx, body),
		simulate,
		sendNcs,
		/** Signs a request for this sandbox with the default customer (for tests). */
		sign({ method = 'GET', path, body, date, customerId, customerSecret } = {}) {
			return signing.signRequest({
				method,
				url: sandbox.url + path,
				body,
				date: date === undefined ? config.now() : date,
				customerId: customerId || config.customers[0].customerId,
				customerSecret: customerSecret || config.customers[0].customerSecret,
			});
		},
		async close() {
			if (closed) return;
			closed = true;
			ctx.deliverer.close();
			await mail.close();
			await new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
	ctx.url = sandbox.url;
	return sandbox;
}

module.exports = {
	createSandbox,
	signRequest: signing.signRequest,
	signNcsBody: signing.signNcsBody,
	computeDigest: signing.computeDigest,
	formatHttpDate: signing.formatHttpDate,
	parseRfc3339,
	formatRfc3339,
	DEFAULT_CUSTOMER,
	DEFAULT_FAULTS,
	REGIONS,
	PRESETS,
	NO_ROUTE,
};
