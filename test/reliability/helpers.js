// Shared set-up of the reliability suite: a sandbox, a credential pointing at it, the node run through
// n8n's engine (test/helpers/engine.js), and readers for the sandbox's request log.
'use strict';

const { createSandbox } = require('../../sandbox/server');
const { runNode, agoraCommon } = require('../helpers/engine');

const rl = (value) => ({ __rl: true, mode: 'name', value });

/** Deterministic randomness (mulberry32), so fault placement repeats from run to run. */
function seededRandom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Starts a sandbox and returns helpers bound to it. `appId` names this file's project; options go to
 * createSandbox (rateLimit defaults to 0 = unlimited).
 */
async function startEnv({ appId, credentialOverrides = {}, ...options }) {
	const sandbox = await createSandbox({ port: 0, rateLimit: 0, ...options });
	const prefix = `/v1/projects/${appId}/fls`;
	const env = {
		sandbox,
		appId,
		prefix,
		credentials: {
			customerId: sandbox.customerId,
			customerSecret: sandbox.customerSecret,
			appId,
			baseUrl: sandbox.url,
			requestsPerSecond: 50,
			...credentialOverrides,
		},
		/** Runs the node once: `parameters` of the node, `items`, `continueOnFail`, `credentials`. */
		run(parameters, options = {}) {
			return runNode({ parameters, credentials: env.credentials, ...options });
		},
		/** The sandbox's API requests (not the control API), paths relative to /v1/projects/{appid}/fls. */
		requests(sinceSeq = 0) {
			return sandbox.requestLog
				.filter((entry) => entry.seq > sinceSeq && entry.path.startsWith('/v1/'))
				.map((entry) => ({
					...entry,
					rel: entry.path.startsWith(prefix) ? entry.path.slice(prefix.length) : entry.path,
				}));
		},
		lastSeq() {
			const log = sandbox.requestLog;
			return log.length ? log[log.length - 1].seq : 0;
		},
		state() {
			return sandbox.state.dump(appId);
		},
		ep(name = 'live') {
			return sandbox.state.dump(appId).entryPoints[name];
		},
		seed(body) {
			return sandbox.seed({ appId, ...body });
		},
		async close() {
			await sandbox.close();
		},
	};
	return env;
}

/** Short description of an error for failure messages and the summary. */
function describeError(error) {
	if (!error) return 'no error';
	return `${error.name ?? 'Error'}: ${error.message}${error.description ? ` — ${error.description}` : ''}`;
}

/** Runs `tasks` (functions returning promises) with at most `limit` at once; results in order. */
async function pool(tasks, limit) {
	const results = new Array(tasks.length);
	let next = 0;
	const worker = async () => {
		while (next < tasks.length) {
			const index = next++;
			results[index] = await tasks[index]();
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
	return results;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

module.exports = {
	startEnv,
	rl,
	seededRandom,
	describeError,
	pool,
	sleep,
	runNode,
	agoraCommon,
};
