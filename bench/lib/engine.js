// Runs our node inside n8n's own execution engine (n8n-core's WorkflowExecute), in-process, the way
// n8n's NodeTestHarness does: a real Workflow, real expression resolution, real continueOnFail and
// pairedItem handling, real httpRequestWithAuthentication calling the credential's authenticate().
// Only the credential store is ours (it hands out the decrypted test credentials).
'use strict';

const path = require('node:path');
const { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } = require('n8n-core');
const { Workflow, NodeHelpers } = require('n8n-workflow');

const { TestCredentialsHelper, STORAGE_CREDENTIAL_TYPE } = require('./credentialsHelper');

function createDeferredPromise() {
	let resolve;
	const promise = new Promise((r) => (resolve = r));
	return { promise, resolve };
}

const DIST = path.join(__dirname, '..', '..', 'dist');
const { AgoraMediaBroadcast } = require(
	path.join(DIST, 'nodes/AgoraMediaBroadcast/AgoraMediaBroadcast.node.js'),
);
// What the credentials and nodes share (signer, clock): tests move the clock here.
const agoraCommon = require(path.join(DIST, 'credentials/common/agora/index.js'));

const PACKAGE = 'n8n-nodes-agora-media-broadcast';
const NODE_TYPE = `${PACKAGE}.agoraMediaBroadcast`;
const INPUT_TYPE = 'test.input';
const CREDENTIAL_TYPE = 'agoraMediaBroadcastApi';

/** A plain pass-through node: the stack starts here with the test's items (a trigger would wait forever). */
class TestInput {
	constructor() {
		this.description = {
			displayName: 'Test Input',
			name: 'input',
			group: ['input'],
			version: 1,
			description: 'Passes the test items on',
			defaults: { name: 'Input' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		};
	}
	async execute() {
		return [this.getInputData()];
	}
}

const nodeTypeInstances = {
	[NODE_TYPE]: new AgoraMediaBroadcast(),
	[INPUT_TYPE]: new TestInput(),
};

const nodeTypes = {
	getByName: (type) => nodeTypeInstances[type],
	getByNameAndVersion: (type, version) =>
		NodeHelpers.getVersionedNodeType(nodeTypeInstances[type], version),
	getKnownTypes: () => ({}),
};

/** The node's properties shown for one resource (its operation list first), as the editor reads them. */
function resourceProperties(resource) {
	return new AgoraMediaBroadcast().description.properties.filter((property) =>
		property.displayOptions?.show?.resource?.includes(resource),
	);
}

let executionCounter = 0;

/**
 * Executes `Input → Agora Media Broadcast` with the given parameters on the given items.
 * `timezone` is the workflow's time zone setting; `storageCredentials` selects an Agora Cloud
 * Storage API credential on the node.
 * Returns `{ items, error, run, runData, authenticateCalls, decryptedCredentials }` where `items` are
 * the node's output items (json, pairedItem, error when Continue On Fail turned an item into an
 * error), `error` the node's error when the node failed and `decryptedCredentials` the credential
 * types the node read.
 */
async function runNode({
	parameters,
	items = [{ json: {} }],
	credentials,
	storageCredentials,
	continueOnFail = false,
	nodeName = 'Agora',
	typeVersion = 1,
	// The workflow's time zone (Workflow Settings → Timezone). UTC unless a test sets one, so results do
	// not depend on n8n's default zone (America/New_York) or the machine's.
	timezone = 'UTC',
}) {
	const nodes = [
		{
			id: 'input',
			name: 'Input',
			type: INPUT_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'agora',
			name: nodeName,
			type: NODE_TYPE,
			typeVersion,
			position: [200, 0],
			parameters,
			credentials: {
				[CREDENTIAL_TYPE]: { id: '1', name: 'Agora test' },
				...(storageCredentials
					? { [STORAGE_CREDENTIAL_TYPE]: { id: '2', name: 'Storage test' } }
					: {}),
			},
			...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		},
	];
	const connections = { Input: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } };
	const workflow = new Workflow({
		id: 'wf',
		name: 'test',
		nodes,
		connections,
		nodeTypes,
		active: false,
		settings: { timezone },
	});

	const executionId = String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'wf',
		name: 'test',
		nodes,
		connections,
		settings: { timezone },
	});
	const done = createDeferredPromise();
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => done.resolve(fullRunData));

	const credentialsHelper = new TestCredentialsHelper(credentials, storageCredentials);
	const additionalData = {
		hooks,
		credentialsHelper,
		executionId,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		variables: {},
		currentNodeParameters: undefined,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not used');
		},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
	};

	const runExecutionData = {
		startData: {},
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			nodeExecutionStack: [
				{ node: workflow.getNode('Input'), data: { main: [items] }, source: null },
			],
			waitingExecution: {},
			waitingExecutionSource: {},
		},
	};
	const workflowExecute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	await workflowExecute.processRunExecutionData(workflow);
	const run = await done.promise;
	const runData = run.data.resultData.runData;
	const nodeRun = runData[nodeName]?.[0];
	return {
		run,
		runData,
		items: nodeRun?.data?.main?.[0] ?? [],
		error: nodeRun?.error ?? run.data.resultData.error,
		authenticateCalls: credentialsHelper.authenticateCalls,
		decryptedCredentials: credentialsHelper.decrypted,
	};
}

/**
 * Calls one of the node's list searches (resource locator "From List") the way the editor does:
 * through n8n-core's LoadOptionsContext, with the node's current parameters.
 */
async function runListSearch({ method, filter, parameters = {}, credentials }) {
	const node = {
		id: 'agora',
		name: 'Agora',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'Agora test' } },
	};
	const workflow = new Workflow({
		id: 'wf',
		name: 'test',
		nodes: [node],
		connections: {},
		nodeTypes,
		active: false,
		settings: {},
	});
	const credentialsHelper = new TestCredentialsHelper(credentials);
	const additionalData = {
		credentialsHelper,
		currentNodeParameters: parameters,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		variables: {},
	};
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	return await nodeTypeInstances[NODE_TYPE].methods.listSearch[method].call(context, filter);
}

/** Stream → Ban of entry point "live", the stream named by each item's `name` field. */
const BAN_BY_ITEM_NAME = Object.freeze({
	resource: 'stream',
	operation: 'ban',
	entryPoint: { __rl: true, mode: 'name', value: 'live' },
	streamName: '={{ $json.name }}',
});

module.exports = {
	BAN_BY_ITEM_NAME,
	runNode,
	runListSearch,
	resourceProperties,
	agoraCommon,
	nodeTypeInstances,
	TestCredentialsHelper,
	NODE_TYPE,
	CREDENTIAL_TYPE,
	STORAGE_CREDENTIAL_TYPE,
	DIST,
};
