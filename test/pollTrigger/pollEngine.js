// Runs the polling trigger inside n8n-core the way an active workflow runs it: a real Workflow whose
// static data lives across polls, a PollContext, and n8n-core's PollTriggerExecutor (the code behind
// each Poll Times tick: the poll, then __emit when it returned items). "Fetch Test Event" goes through
// WorkflowExecute in manual mode, as the editor runs it.
'use strict';

const path = require('node:path');
const {
	ExecutionLifecycleHooks,
	PollContext,
	PollTriggerExecutor,
	WorkflowExecute,
} = require('n8n-core');
const { NodeHelpers, Workflow } = require('n8n-workflow');

const { createSandbox } = require('../../sandbox/server');
const { CREDENTIAL_TYPE, DIST, TestCredentialsHelper } = require('../helpers/engine');

// n8n-core's own copy of the DI container (the executor is registered there) and of its Logger.
const coreRequire = (name) =>
	require(require.resolve(name, { paths: [require.resolve('n8n-core')] }));
const { Container } = coreRequire('@n8n/di');
const { Logger } = coreRequire('@n8n/backend-common');

/** What nodes log with this.logger.warn, in order (the poller's "not checked" lines). */
const warned = [];
const logger = Container.get(Logger);
const warn = logger.warn.bind(logger);
logger.warn = (message, ...rest) => {
	warned.push(String(message));
	return warn(message, ...rest);
};
const { AgoraMediaBroadcastPollTrigger } = require(
	path.join(DIST, 'nodes/AgoraMediaBroadcastPollTrigger/AgoraMediaBroadcastPollTrigger.node.js'),
);

const POLL_TYPE = 'n8n-nodes-agora-media-broadcast.agoraMediaBroadcastPollTrigger';
const NODE_NAME = 'Agora Poll';
const nodeType = new AgoraMediaBroadcastPollTrigger();
const nodeTypes = {
	getByName: () => nodeType,
	getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(nodeType, version),
	getKnownTypes: () => ({}),
};

function baseAdditionalData(credentials) {
	return {
		credentialsHelper: new TestCredentialsHelper(credentials),
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		variables: {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
	};
}

/** A workflow holding only the polling trigger (static data empty, kept on the Workflow). */
function triggerWorkflow(parameters, { id, active }) {
	const node = {
		id: 'poll-node',
		name: NODE_NAME,
		type: POLL_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'Agora test' } },
	};
	const workflow = new Workflow({
		id,
		name: id,
		nodes: [node],
		connections: {},
		nodeTypes,
		active,
		staticData: {},
		settings: {},
	});
	return { node, workflow };
}

/**
 * An active workflow with the polling trigger. `poll()` runs one Poll Times tick and returns the json
 * of the items it emitted ([] when it emitted nothing); `state()` is what the node saved.
 * `poll({ activation: true })` is the poll n8n runs when the workflow is published (errors are thrown
 * there, as they make publishing fail); later polls report errors through __emitError.
 */
function createPoller({ parameters, credentials }) {
	const { node, workflow } = triggerWorkflow(parameters, { id: 'wf-poll', active: true });
	const additionalData = baseAdditionalData(credentials);
	const executor = Container.get(PollTriggerExecutor);
	const warnedBefore = warned.length;

	// Like n8n's activatePollTrigger: one context per activation, reused by every tick.
	let emitted = [];
	let errors = [];
	let tick;
	let ticked = false;
	function activate(activationMode) {
		ticked = false;
		const context = new PollContext(
			workflow,
			node,
			additionalData,
			'trigger',
			activationMode,
			(data) => emitted.push(data),
			(error) => errors.push(error),
		);
		tick = executor.create(workflow, node, context, () => true);
	}
	activate('activate');

	/**
	 * One tick; `activation: true` is the poll n8n runs at activation (`activationMode` 'activate' when
	 * a user publishes, 'init' when n8n starts with the workflow published).
	 */
	async function poll({ activation = false, activationMode = 'activate' } = {}) {
		if (activation && ticked) activate(activationMode); // published again, or n8n restarted
		ticked = true;
		emitted = [];
		errors = [];
		await tick(activation);
		if (errors.length > 0) throw errors[0];
		return emitted.flatMap((data) => data[0].map((item) => item.json));
	}

	return {
		workflow,
		poll,
		/** The saved state with its [name, value] pairs as objects (own keys, `__proto__` included). */
		state: () => stateView(workflow.staticData[`node:${NODE_NAME}`]?.pollState),
		/** The state exactly as saved in static data. */
		savedState: () => workflow.staticData[`node:${NODE_NAME}`]?.pollState,
		/** What the node logged as warnings since this poller was created. */
		warnings: () => warned.slice(warnedBefore),
	};
}

function stateView(saved) {
	if (saved === undefined) return undefined;
	const entryPoint = (state) => {
		const view = { ...state };
		for (const field of ['live', 'banned', 'files'])
			if (Array.isArray(state[field])) view[field] = Object.fromEntries(state[field]);
		return view;
	};
	return {
		...saved,
		entryPoints: Object.fromEntries(
			saved.entryPoints.map(([name, state]) => [name, entryPoint(state)]),
		),
	};
}

/** "Fetch Test Event": the trigger alone, run by WorkflowExecute in manual mode. */
async function fetchTestEvent({ parameters, credentials }) {
	const { node, workflow } = triggerWorkflow(parameters, { id: 'wf-manual', active: false });
	const hooks = new ExecutionLifecycleHooks('manual', 'm1', {
		id: workflow.id,
		name: workflow.name,
		nodes: [node],
		connections: {},
		settings: {},
	});
	let done;
	const finished = new Promise((resolve) => (done = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => done(run));
	const additionalData = { ...baseAdditionalData(credentials), hooks, executionId: 'm1' };
	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [{ node, data: { main: [[{ json: {} }]] }, source: null }],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	};
	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(
		workflow,
	);
	const run = await finished;
	const nodeRun = run.data.resultData.runData[NODE_NAME]?.[0];
	return {
		items: (nodeRun?.data?.main?.[0] ?? []).map((item) => item.json),
		error: nodeRun?.error ?? run.data.resultData.error,
		staticData: workflow.staticData,
	};
}

/**
 * A test file's sandbox (started before its tests, closed after them, reset before each unless
 * `reset: false`) and a credential for `appId` on it: read `env.sb` and `env.credentials` in tests.
 */
function usePollSandbox(appId, { reset = true } = {}) {
	const env = {};
	beforeAll(async () => {
		env.sb = await createSandbox({ port: 0, rateLimit: 0 });
		env.credentials = {
			customerId: env.sb.customerId,
			customerSecret: env.sb.customerSecret,
			appId,
			baseUrl: env.sb.url,
			requestsPerSecond: 50,
		};
	});
	afterAll(async () => env.sb.close());
	if (reset) beforeEach(() => env.sb.reset());
	return env;
}

/** The trigger's Entry Points parameter with these names, picked By Name. */
const entryPointsByName = (...names) => ({
	entryPoint: names.map((value) => ({ entryPoint: { __rl: true, mode: 'name', value } })),
});

module.exports = {
	createPoller,
	entryPointsByName,
	fetchTestEvent,
	POLL_TYPE,
	NODE_NAME,
	usePollSandbox,
};
