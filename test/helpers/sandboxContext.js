// Shared set-up of the engine tests: one sandbox per test file, reset before each test, a credential
// pointing at it, `run(parameters)` through n8n's engine and `requests()` as the sandbox logged them.
'use strict';

const { createSandbox } = require('../sandbox/server');
const { runNode } = require('./engine');

/**
 * Registers beforeAll/afterAll/beforeEach for a test file and returns accessors.
 * `resource` is merged into every run's parameters; `sandboxOptions` go to createSandbox.
 */
function useSandbox({ appId, resource, sandboxOptions = {} }) {
	const prefix = `/v1/projects/${appId}/fls`;
	const context = { sandbox: undefined, credentials: undefined, prefix };

	beforeAll(async () => {
		context.sandbox = await createSandbox({ port: 0, rateLimit: 0, ...sandboxOptions });
		context.credentials = {
			customerId: context.sandbox.customerId,
			customerSecret: context.sandbox.customerSecret,
			appId,
			baseUrl: context.sandbox.url,
			requestsPerSecond: 50,
		};
	});
	afterAll(async () => {
		await context.sandbox.close();
	});
	beforeEach(() => context.sandbox.reset());

	/** Runs the node with `{ resource, ...parameters }` on `items`. */
	context.run = (parameters, options = {}) =>
		runNode({
			parameters: { resource, ...parameters },
			credentials: context.credentials,
			...options,
		});

	/** The API requests the sandbox received, paths relative to /v1/projects/{appid}/fls. */
	context.requests = () =>
		context.sandbox.requestLog
			.filter((entry) => entry.path.startsWith('/v1/'))
			.map((entry) => ({
				method: entry.method,
				path: entry.path.startsWith(prefix) ? entry.path.slice(prefix.length) : entry.path,
				query: entry.query,
				body: entry.body,
				status: entry.status,
			}));

	return context;
}

const byName = (value) => ({ __rl: true, mode: 'name', value });

module.exports = { useSandbox, byName };
