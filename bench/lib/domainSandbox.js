// The sandbox the transport and pacing tests send through: one Agora account with one push domain,
// so Domain → Get is a cheap signed request to repeat, and its request log read by sequence number.
'use strict';

const { createSandbox } = require('../../sandbox/server');
const { runNode } = require('./engine');

/** Domain → Add of the push domain every test sandbox starts with (adding it again is Agora's 400). */
const ADD_PUSH_DOMAIN = Object.freeze({
	resource: 'domain',
	operation: 'add',
	domainName: 'push.example.com',
	type: 'publish',
	region: 'eu',
});

/**
 * Starts a sandbox (`sandboxOptions` go to createSandbox), builds a credential for its first customer
 * (`credentials` override fields of it) and adds push.example.com through the node.
 */
async function startDomainSandbox({ sandboxOptions = {}, credentials = {} } = {}) {
	const sandbox = await createSandbox({ port: 0, rateLimit: 0, ...sandboxOptions });
	const credential = {
		customerId: sandbox.customerId,
		customerSecret: sandbox.customerSecret,
		baseUrl: sandbox.url,
		requestsPerSecond: 50,
		...credentials,
	};
	const added = await runNode({ parameters: { ...ADD_PUSH_DOMAIN }, credentials: credential });
	if (added.error) {
		await sandbox.close();
		throw added.error;
	}
	return { sandbox, credentials: credential };
}

/** The API requests the sandbox logged after sequence number `seq`. */
function requestsSince(sandbox, seq) {
	return sandbox.requestLog.filter((entry) => entry.seq > seq && entry.path.startsWith('/v1/'));
}

/** The sequence number of the last request the sandbox logged (0 when none). */
function lastSeq(sandbox) {
	const log = sandbox.requestLog;
	return log.length ? log[log.length - 1].seq : 0;
}

module.exports = { ADD_PUSH_DOMAIN, startDomainSandbox, requestsSince, lastSeq };
