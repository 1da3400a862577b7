// Runs the Agora Media Broadcast Trigger the way n8n 2.41.1 runs a webhook trigger, in-process, with
// n8n's own code where it is exported:
//   - activation / deactivation: n8n-core's HookContext, and the node's webhookMethods called the way
//     n8n's WebhookService does (per registered HTTP method: checkExists, then create when it said
//     false; delete on deactivation), then the workflow's static data saved when it changed;
//   - a request: a real HTTP request on a loopback server, the raw body kept as n8n's rawBodyReader /
//     parseBody middleware keep it (req.rawBody, req.contentType, JSON and form bodies parsed, a JSON
//     body that does not parse answered 422 before the node runs), n8n-core's WebhookContext around
//     it, the node's webhook() called, and its result handled as n8n's webhook-helpers.js
//     executeWebhook does (noWebhookResponse, webhookResponse without workflowData, responseMode
//     onReceived / responseNode / lastNode, the webhook description's responseCode and responseData,
//     500 "Error in workflow" when the run fails before answering, the empty answer with responseCode
//     when a responseNode run ends without answering);
//   - an execution: n8n-core's WorkflowExecute with the trigger's output on the stack, like
//     prepareExecutionData; a node answers through ExecuteContext.sendResponse → the 'sendResponse'
//     hook, which is how n8n's Respond to Webhook node answers.
// Only n8n's server (express, database, queue) is replaced: this file plays those parts.
'use strict';

const http = require('node:http');
const path = require('node:path');
const { rawRequest } = require('../../sandbox/client');
const crypto = require('node:crypto');
const querystring = require('node:querystring');
const {
	ExecutionLifecycleHooks,
	HookContext,
	WebhookContext,
	WorkflowExecute,
} = require('n8n-core');
const { ICredentialsHelper, NodeHelpers, NodeOperationError, Workflow } = require('n8n-workflow');

const DIST = path.join(__dirname, '..', '..', 'dist');
const { AgoraMediaBroadcastTrigger } = require(
	path.join(DIST, 'nodes/AgoraMediaBroadcastTrigger/AgoraMediaBroadcastTrigger.node.js'),
);
const { AgoraMediaBroadcastApi } = require(
	path.join(DIST, 'credentials/AgoraMediaBroadcastApi.credentials.js'),
);

const TRIGGER_TYPE = 'n8n-nodes-agora-media-broadcast.agoraMediaBroadcastTrigger';
const CREDENTIAL_TYPE = 'agoraMediaBroadcastApi';
const PAYLOAD_SIZE_MAX = 16 * 1024 * 1024; // n8n's N8N_PAYLOAD_SIZE_MAX default (16 MB)

// ------------------------------------------------------------------------------------------ test nodes

/** Deciders by id: a workflow's downstream node calls `decide(json)` for the trigger's first item. */
const deciders = new Map();

/** Passes the trigger's items on (the "Slack" of the tests). */
class RecordNode {
	constructor() {
		this.description = {
			displayName: 'Record',
			name: 'record',
			group: ['transform'],
			version: 1,
			description: 'Passes items on',
			defaults: { name: 'Record' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [],
		};
	}
	async execute() {
		return [this.getInputData()];
	}
}

/**
 * Answers the webhook like n8n's Respond to Webhook node: `this.sendResponse({ body, headers, statusCode })`.
 * decide(json) returns {statusCode, body} to answer, null to end without answering, or throws (the run fails).
 */
class AnswerNode {
	constructor() {
		this.description = {
			displayName: 'Answer',
			name: 'answer',
			group: ['transform'],
			version: 1,
			description: 'Answers the webhook',
			defaults: { name: 'Answer' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [{ displayName: 'Decider', name: 'decider', type: 'string', default: '' }],
		};
	}
	async execute() {
		const items = this.getInputData();
		const decide = deciders.get(this.getNodeParameter('decider', 0));
		let decision;
		try {
			decision = decide(items[0].json);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), error.message);
		}
		if (decision) {
			await this.sendResponse({
				body: decision.body,
				headers: decision.headers ?? {},
				statusCode: decision.statusCode ?? 200,
			});
		}
		return [items];
	}
}

/** For responseMode lastNode: outputs decide(json) as its one item. */
class LastNode {
	constructor() {
		this.description = {
			displayName: 'Last',
			name: 'last',
			group: ['transform'],
			version: 1,
			description: 'Outputs the answer',
			defaults: { name: 'Last' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [{ displayName: 'Decider', name: 'decider', type: 'string', default: '' }],
		};
	}
	async execute() {
		const items = this.getInputData();
		const decide = deciders.get(this.getNodeParameter('decider', 0));
		const value = decide(items[0].json);
		return [value === null ? [] : [{ json: value, pairedItem: { item: 0 } }]];
	}
}

const { AgoraMediaBroadcast } = require(
	path.join(DIST, 'nodes/AgoraMediaBroadcast/AgoraMediaBroadcast.node.js'),
);
const AGORA_NODE_TYPE = 'n8n-nodes-agora-media-broadcast.agoraMediaBroadcast';

function nodeTypesWith(trigger) {
	const instances = {
		[TRIGGER_TYPE]: trigger,
		[AGORA_NODE_TYPE]: new AgoraMediaBroadcast(),
		'test.record': new RecordNode(),
		'test.answer': new AnswerNode(),
		'test.last': new LastNode(),
	};
	return {
		getByName: (type) => instances[type],
		getByNameAndVersion: (type, version) =>
			NodeHelpers.getVersionedNodeType(instances[type], version),
		getKnownTypes: () => ({}),
	};
}

/**
 * The trigger as another n8n process has it: its own copy of the package's modules (so its own
 * process memory), loaded in an isolated module registry.
 */
function triggerOfAnotherProcess() {
	let Trigger;
	jest.isolateModules(() => {
		({ AgoraMediaBroadcastTrigger: Trigger } = require(
			path.join(DIST, 'nodes/AgoraMediaBroadcastTrigger/AgoraMediaBroadcastTrigger.node.js'),
		));
	});
	return new Trigger();
}

// ------------------------------------------------------------------------------------------ credentials

const { TestCredentialsHelper } = require('../helpers/credentialsHelper');

// ------------------------------------------------------------------------------------------ helpers

function deferred() {
	let resolve;
	let reject;
	const promise = new Promise((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

const clone = (value) => JSON.parse(JSON.stringify(value ?? {}));

function readRequestBody(req, limit) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > limit) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** Like n8n's WebhookRequestHandler.sendLegacyResponse (raw: a string is sent as is, anything else as JSON). */
function sendLegacy(res, data, responseCode, headers = {}) {
	if (res.headersSent || res.writableEnded) return;
	const out = { ...headers };
	let text = '';
	if (typeof data === 'string') {
		text = data;
		if (!Object.keys(out).some((h) => h.toLowerCase() === 'content-type'))
			out['Content-Type'] = 'text/html; charset=utf-8';
	} else {
		text = data === undefined ? '' : JSON.stringify(data);
		if (!Object.keys(out).some((h) => h.toLowerCase() === 'content-type'))
			out['Content-Type'] = 'application/json; charset=utf-8';
	}
	out['Content-Length'] = Buffer.byteLength(text);
	res.writeHead(responseCode ?? 200, out);
	res.end(text);
}

// ------------------------------------------------------------------------------------------ the "n8n"

/**
 * Starts a loopback "n8n" serving /webhook/... and /webhook-test/... for the workflows added to it.
 * `credentials()` returns the decrypted Agora credential (read at every use, so tests may change it).
 */
async function startN8n({ credentials, trigger, database, publicUrl }) {
	const nodeTypes = nodeTypesWith(trigger ?? new AgoraMediaBroadcastTrigger());
	/** workflow id → { staticData }: n8n's database, shared by the "processes" given the same one. */
	const db = database ?? new Map();
	const registered = new Map(); // `${kind} ${METHOD} ${path}` → { workflowRecord, webhookData }
	const running = new Set();
	let executionCounter = 0;

	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			sendLegacy(res, { code: 500, message: String(error && error.message) }, 500);
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const baseUrl = `http://127.0.0.1:${server.address().port}`;

	function additionalData(extra = {}) {
		return {
			credentialsHelper: new TestCredentialsHelper(credentials),
			restApiUrl: `${baseUrl}/rest`,
			instanceBaseUrl: baseUrl,
			// N8N_WEBHOOK_URL: behind a load balancer, its address (`publicUrl`), not this process's.
			webhookBaseUrl: `${publicUrl ?? baseUrl}/webhook`,
			webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
			webhookTestBaseUrl: `${baseUrl}/webhook-test`,
			formWaitingBaseUrl: `${baseUrl}/form-waiting`,
			variables: {},
			currentNodeParameters: undefined,
			executeWorkflow: async () => {
				throw new Error('not used');
			},
			getRunExecutionData: async () => undefined,
			logAiEvent: () => {},
			setExecutionStatus: () => {},
			sendDataToUI: () => {},
			...extra,
		};
	}

	/**
	 * Adds a workflow: Trigger (with `parameters`) → `downstream` ('record' | 'answer' | 'last').
	 * `decide(json)` is used by 'answer' and 'last'. `staticData` seeds the stored static data.
	 */
	function addWorkflow({
		id,
		parameters,
		downstream = 'record',
		/** Parameters of the downstream node when it is our Agora Media Broadcast node ('agora'). */
		downstreamParameters,
		decide,
		staticData = {},
		triggerName = 'Agora Trigger',
		/** The same workflow in another process: same webhook id; static data from the shared database. */
		webhookId = crypto.randomUUID(),
	}) {
		const deciderId = `${id}:${crypto.randomUUID()}`;
		if (decide) deciders.set(deciderId, decide);
		if (!db.has(id)) db.set(id, { staticData: clone(staticData) });
		const row = db.get(id);
		const downstreamType = {
			record: 'test.record',
			answer: 'test.answer',
			last: 'test.last',
			agora: AGORA_NODE_TYPE,
		}[downstream];
		const nodes = [
			{
				id: 'trigger',
				name: triggerName,
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters,
				credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'Agora' } },
			},
			{
				id: 'next',
				name: 'Next',
				type: downstreamType,
				typeVersion: 1,
				position: [200, 0],
				parameters: downstreamParameters ?? { decider: deciderId },
				...(downstreamParameters
					? { credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'Agora' } } }
					: {}),
			},
		];
		const connections = { [triggerName]: { main: [[{ node: 'Next', type: 'main', index: 0 }]] } };
		const record = {
			id,
			nodes,
			connections,
			webhookId,
			triggerName,
			/** The static data as n8n's database holds it. */
			get storedStaticData() {
				return row.staticData;
			},
			set storedStaticData(value) {
				row.staticData = value;
			},
			executions: [],
			setDecide(fn) {
				deciders.set(deciderId, fn);
			},
			productionUrl: `${baseUrl}/webhook/${webhookId}/agora`,
			testUrl: `${baseUrl}/webhook-test/${webhookId}/agora`,
			activate: (options) => setActive(record, true, options),
			deactivate: (options) => setActive(record, false, options),
			/** The registrations n8n would hold for this workflow (method + path). */
			webhooks: () =>
				[...registered.entries()].filter(([, v]) => v.record === record).map(([k]) => k),
		};
		return record;
	}

	function toWorkflow(record, staticData = record.storedStaticData) {
		return new Workflow({
			id: record.id,
			name: record.id,
			nodes: record.nodes,
			connections: record.connections,
			active: true,
			nodeTypes,
			staticData: clone(staticData),
			settings: {},
		});
	}

	/** Like WorkflowStaticDataService.saveStaticData: written back only when it changed. */
	function saveStaticData(record, workflow) {
		if (workflow.staticData.__dataChanged === true) {
			record.storedStaticData = clone(workflow.staticData);
			workflow.staticData.__dataChanged = false;
		}
	}

	/** The node's webhooks as WebhookService.getNodeWebhooks computes them. */
	function nodeWebhooks(workflow, node, data, isTest) {
		const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const result = [];
		for (const description of nodeType.description.webhooks) {
			const webhookPath = workflow.expression.getSimpleParameterValue(
				node,
				description.path,
				'internal',
				{},
			);
			const isFullPath = workflow.expression.getSimpleParameterValue(
				node,
				description.isFullPath,
				'internal',
				{},
				undefined,
				false,
			);
			const fullPath = NodeHelpers.getNodeWebhookPath(
				workflow.id,
				node,
				String(webhookPath),
				isFullPath,
				false,
			);
			const methods = workflow.expression.getSimpleParameterValue(
				node,
				description.httpMethod,
				'internal',
				{},
				undefined,
				'GET',
			);
			for (const method of String(methods).split(',')) {
				if (!method.trim()) continue;
				result.push({
					httpMethod: method.trim(),
					node: node.name,
					path: fullPath,
					webhookDescription: description,
					workflowId: workflow.id,
					workflowExecuteAdditionalData: data,
					...(isTest ? { isTest: true } : {}),
				});
			}
		}
		return result;
	}

	/** Like WebhookService.runWebhookMethod. */
	async function runWebhookMethod(method, workflow, webhookData, mode, activation) {
		const node = workflow.getNode(webhookData.node);
		const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const fn = nodeType.webhookMethods?.[webhookData.webhookDescription.name]?.[method];
		if (fn === undefined) return undefined;
		const context = new HookContext(
			workflow,
			node,
			webhookData.workflowExecuteAdditionalData,
			mode,
			activation,
			webhookData,
		);
		return await fn.call(context);
	}

	/**
	 * Activation like ActiveWorkflowManager.addWebhooks (production) or TestWebhooks (test: isTest, mode
	 * 'manual'); deactivation like clearWebhooks / the test deregistration. Static data saved after.
	 */
	async function setActive(record, active, { test = false } = {}) {
		// Test webhooks (TestWebhooks): static data starts empty and lives with the test registration.
		const workflow = test ? toWorkflow(record, record.testStaticData ?? {}) : toWorkflow(record);
		const node = workflow.getNode(record.triggerName);
		const mode = test ? 'manual' : 'webhook';
		const activation = test ? 'manual' : active ? 'activate' : 'update';
		const kind = test ? 'webhook-test' : 'webhook';
		const webhooks = nodeWebhooks(workflow, node, additionalData(), test);
		try {
			for (const webhookData of webhooks) {
				if (active) {
					const exists = await runWebhookMethod(
						'checkExists',
						workflow,
						webhookData,
						mode,
						activation,
					);
					if (!exists) await runWebhookMethod('create', workflow, webhookData, mode, activation);
					registered.set(`${kind} ${webhookData.httpMethod} ${webhookData.path}`, {
						record,
						webhookData,
						test,
					});
				} else {
					// n8n removes test webhooks in mode "internal" (test-webhooks.js deactivateWebhooks).
					await runWebhookMethod(
						'delete',
						workflow,
						webhookData,
						test ? 'internal' : mode,
						test ? 'update' : activation,
					);
					registered.delete(`${kind} ${webhookData.httpMethod} ${webhookData.path}`);
				}
			}
		} finally {
			if (test) record.testStaticData = active ? clone(workflow.staticData) : undefined;
			else saveStaticData(record, workflow);
		}
	}

	/** Evaluates the webhook description's response options like webhook-helpers.js evaluateResponseOptions. */
	function responseOptions(workflow, node, webhookData) {
		const d = webhookData.webhookDescription;
		const simple = (field, dflt) =>
			workflow.expression.getSimpleParameterValue(node, d[field], 'webhook', {}, undefined, dflt);
		const complex = (field, dflt) =>
			workflow.expression.getComplexParameterValue(node, d[field], 'webhook', {}, undefined, dflt);
		return {
			responseMode: simple('responseMode', 'onReceived'),
			responseCode: simple('responseCode', 200),
			responseData: complex('responseData', 'firstEntryJson'),
		};
	}

	async function handle(req, res) {
		const url = new URL(req.url, baseUrl);
		const match = /^\/(webhook|webhook-test)\/(.+)$/.exec(url.pathname);
		const key = match && `${match[1]} ${req.method} ${match[2]}`;
		const entry = key && registered.get(key);
		if (!entry) {
			return sendLegacy(
				res,
				{
					code: 404,
					message: `The requested webhook "${req.method} ${url.pathname}" is not registered.`,
				},
				404,
			);
		}
		const { record, webhookData, test } = entry;

		// rawBodyReader + parseBody
		const raw = await readRequestBody(req, PAYLOAD_SIZE_MAX);
		if (raw === null)
			return sendLegacy(res, { code: 413, message: 'request entity too large' }, 413);
		const contentTypeHeader = String(req.headers['content-type'] ?? '');
		const [mediaType, ...params] = contentTypeHeader.split(';').map((s) => s.trim());
		req.contentType = mediaType ? mediaType.toLowerCase() : undefined;
		const charset = params.find((p) => p.toLowerCase().startsWith('charset='));
		req.encoding = charset ? charset.split('=')[1].toLowerCase().replace('utf8', 'utf-8') : 'utf-8';
		req.rawBody = raw;
		req.readRawBody = async () => {};
		req._body = true;
		req.query = querystring.parse(url.search.replace(/^\?/, ''));
		req.params = {};
		// express's req.ip with n8n's default (no proxy hops trusted): the socket's address.
		req.ip = req.socket.remoteAddress;
		if (raw.length) {
			const text = raw.toString('utf8');
			if (req.contentType === 'application/json') {
				try {
					req.body = JSON.parse(text);
				} catch (error) {
					return sendLegacy(
						res,
						{ code: 422, message: 'Failed to parse request body', hint: error.message },
						422,
					);
				}
			} else if (req.contentType === 'application/x-www-form-urlencoded') {
				req.body = querystring.parse(text);
			} else if (req.contentType === 'text/plain') {
				req.body = text;
			}
		}

		const hadStaticData = record.storedStaticData !== null && record.storedStaticData !== undefined;
		const workflow = test ? toWorkflow(record, {}) : toWorkflow(record);
		if (test) workflow.setTestStaticData(record.testStaticData);
		const node = workflow.getNode(webhookData.node);
		const data = additionalData({ httpRequest: req, httpResponse: res });
		const { responseMode, responseCode, responseData } = responseOptions(
			workflow,
			node,
			webhookData,
		);

		let responded = false;
		const respond = (body, code, headers) => {
			if (responded) return;
			responded = true;
			sendLegacy(res, body, code, headers);
		};

		let result;
		try {
			// n8n runs test webhooks in mode "manual" (test-webhooks.js), production ones in "webhook".
			const context = new WebhookContext(
				workflow,
				node,
				data,
				test ? 'manual' : 'webhook',
				webhookData,
				[],
				null,
			);
			result = await nodeTypes
				.getByNameAndVersion(node.type, node.typeVersion)
				.webhook.call(context);
		} catch (error) {
			record.webhookErrors = [...(record.webhookErrors ?? []), error];
			return respond(
				{ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' },
				500,
			);
		} finally {
			// n8n 2.41 does not save what the webhook changed when the request starts an execution
			// (WorkflowRunner.establishContextForPersistence wraps the same staticData object in another
			// Workflow, which resets its change flag), unless the workflow had no static data yet.
			const startsExecution = result?.workflowData !== undefined;
			if (!test && !(startsExecution && hadStaticData)) saveStaticData(record, workflow);
		}

		if (result.noWebhookResponse === true) responded = true;
		if (result.workflowData === undefined) {
			return respond(
				result.webhookResponse !== undefined
					? result.webhookResponse
					: { message: 'Webhook call received' },
				responseCode,
			);
		}

		// An execution starts.
		const executionId = String(++executionCounter);
		const hooks = new ExecutionLifecycleHooks('webhook', executionId, {
			id: record.id,
			name: record.id,
			nodes: record.nodes,
			connections: record.connections,
			settings: {},
		});
		const done = deferred();
		hooks.addHandler('sendResponse', (response) => {
			if (responseMode !== 'responseNode') return;
			respond(response.body, response.statusCode, response.headers);
		});
		hooks.addHandler('workflowExecuteAfter', (run) => done.resolve(run));
		const runExecutionData = {
			startData: {},
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				nodeExecutionStack: [{ node, data: { main: result.workflowData }, source: null }],
				waitingExecution: {},
				waitingExecutionSource: {},
			},
		};
		const execution = { id: executionId, triggerItems: result.workflowData[0].map((i) => i.json) };
		record.executions.push(execution);
		const workflowExecute = new WorkflowExecute(
			{ ...data, hooks, executionId },
			'webhook',
			runExecutionData,
		);
		const finished = (async () => {
			// The execution runs on static data loaded afresh (WorkflowRunner.prepareNewExecution), and
			// saves it only when one of its nodes changed it.
			const executionWorkflow = test ? workflow : toWorkflow(record);
			await workflowExecute.processRunExecutionData(executionWorkflow);
			const run = await done.promise;
			if (!test) saveStaticData(record, executionWorkflow);
			execution.run = run;
			execution.error = run.data.resultData.error;
			const lastNode = run.data.resultData.lastNodeExecuted;
			const lastTask = run.data.resultData.runData[lastNode]?.at(-1);
			if (execution.error || lastTask?.error) {
				return respond({ message: 'Error in workflow' }, 500);
			}
			if (responseMode === 'responseNode') return respond(undefined, responseCode);
			if (responseMode === 'lastNode') {
				const first = lastTask?.data?.main?.[0]?.[0];
				if (!first) return respond({ code: 0, message: 'No item to return was found' }, 500);
				return respond(
					responseData === 'firstEntryJson' ? first.json : lastTask.data.main[0].map((i) => i.json),
					responseCode,
				);
			}
			return undefined;
		})();
		execution.done = finished;
		running.add(finished);
		finished.finally(() => running.delete(finished));

		if (responseMode === 'onReceived') {
			// extractWebhookOnReceivedResponse
			let body;
			if (responseData === 'noData') body = undefined;
			else if (responseData) body = responseData;
			else if (result.webhookResponse !== undefined) body = result.webhookResponse;
			else body = { message: 'Workflow was started' };
			respond(body, responseCode);
		}
		await finished;
		return undefined;
	}

	return {
		baseUrl,
		addWorkflow,
		/** Waits until every started execution has finished. */
		async idle() {
			while (running.size) await Promise.allSettled([...running]);
		},
		async close() {
			await Promise.allSettled([...running]);
			await new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}

/**
 * Sends one HTTP request and returns {status, headers, text, body (JSON or undefined)}: the sandbox's
 * raw client, with POST as the default method and objects sent as JSON.
 */
function request(url, { method = 'POST', headers = {}, body } = {}) {
	const raw =
		body === undefined || typeof body === 'string' || Buffer.isBuffer(body)
			? body
			: JSON.stringify(body);
	return rawRequest(url, { method, headers, body: raw });
}

function signV2(secret, raw) {
	return crypto.createHmac('sha256', secret).update(raw).digest('hex');
}

module.exports = { startN8n, triggerOfAnotherProcess, request, signV2, TRIGGER_TYPE, DIST };
