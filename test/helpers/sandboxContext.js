// Shared set-up of the engine tests: one sandbox per test file, reset before each test, a credential
// pointing at it, `run(parameters)` through n8n's engine and `requests()` as the sandbox logged them.
'use strict';

const { createSandbox } = require('../../sandbox/server');
const { runNode } = require('./engine');

/**
 * Registers beforeAll/afterAll/beforeEach for a test file and returns accessors.
 * `resource` (when given) and `defaults` are merged into every run's parameters, under the run's own;
 * `sandboxOptions` go to createSandbox.
 */
function useSandbox({ appId, resource, defaults = {}, sandboxOptions = {} }) {
	const prefix = `/v1/projects/${appId}/fls`;
	const context = { sandbox: undefined, credentials: undefined, prefix };
	const base = resource === undefined ? defaults : { resource, ...defaults };

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

	/** Runs the node with `{ resource, ...defaults, ...parameters }` on `items`. */
	context.run = (parameters, options = {}) =>
		runNode({
			parameters: { ...base, ...parameters },
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

	/** The last API request the sandbox received, as `requests()` shows it. */
	context.lastRequest = () => context.requests().at(-1);

	/**
	 * Bad input: the run fails with a message matching `pattern`, and no request reaches the sandbox.
	 * Returns the run's result.
	 */
	context.expectInputError = async (parameters, pattern, options) => {
		const before = context.sandbox.requestLog.length;
		const result = await context.run(parameters, options);
		expect(result.error).toBeDefined();
		expect(result.error.message).toMatch(pattern);
		expect(context.sandbox.requestLog.length).toBe(before);
		return result;
	};

	return context;
}

const byName = (value) => ({ __rl: true, mode: 'name', value });

/** The json of every output item. */
const itemsJson = (result) => result.items.map((item) => item.json);

/** The json of every output item of a run that must have succeeded. */
function jsonOf(result) {
	expect(result.error).toBeUndefined();
	return itemsJson(result);
}

/**
 * None of `secrets` appears in the output items, the node's output in runData or the error texts.
 * (n8n itself attaches the node, parameters included, to every error object; that is outside the
 * node's control.)
 */
function expectHiddenFromOutput(result, secrets) {
	const text = JSON.stringify({
		items: result.items,
		output: result.runData?.Agora?.[0]?.data,
		message: result.error?.message,
		description: result.error?.description,
	});
	for (const secret of secrets) expect(text).not.toContain(secret);
}

module.exports = { useSandbox, byName, itemsJson, jsonOf, expectHiddenFromOutput };
