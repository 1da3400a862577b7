// Builds the workflows the e2e tests import into n8n:
//  - "branch" files (test/e2e/workflows/*.json): one per resource (plus the stock HTTP Request node and
//    a wrong-secret check). Each is a chain of nodes with the requests and outputs it must produce.
//    All branches hang off ONE Manual Trigger in one combined workflow, so one `n8n execute` runs them
//    all. Each branch has its own credential with its own App ID, so its requests are told apart in the
//    sandbox log and its sandbox state is its own.
//  - test variants of examples/*.json (a Schedule Trigger swapped for a Manual Trigger, a Slack node
//    for a Set node, credentials and sandbox URLs pointed at this run's sandbox).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import {
	loadExamples,
	pointCredentials,
	pointSandboxUrls,
	stableId,
} from '../../../scripts/lib/examples.mjs';
import { CREDENTIAL_TYPE, NODE_TYPE, ROOT } from '../../../scripts/lib/n8n.mjs';

export { loadExamples, pointCredentials, stableId };
export const STORAGE_CREDENTIAL_TYPE = 'agoraCloudStorageApi';
export const BRANCH_DIR = path.join(ROOT, 'test/e2e/workflows');

/**
 * A branch whose data must stay inside Agora's report retention (60/6/30 days back from now) names the
 * day its dates were written around in "datesAround"; every YYYY-MM-DD in the file then moves by the
 * same whole number of days so that day becomes two days ago (times, order and windows unchanged).
 */
export function shiftDates(text, now = new Date()) {
	const around = /"datesAround":\s*"(\d{4}-\d{2}-\d{2})"/.exec(text);
	if (!around) return text;
	const DAY = 86400000;
	const target = Math.floor(now.getTime() / DAY) - 2;
	const shift = target - Date.parse(`${around[1]}T00:00:00Z`) / DAY;
	return text.replace(/\b(\d{4}-\d{2}-\d{2})(?=T|")/g, (d) =>
		new Date(Date.parse(`${d}T00:00:00Z`) + shift * DAY).toISOString().slice(0, 10),
	);
}

export function loadBranches(dir = BRANCH_DIR) {
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => {
			const b = JSON.parse(shiftDates(fs.readFileSync(path.join(dir, f), 'utf8')));
			b.file = path.relative(ROOT, path.join(dir, f));
			b.name = b.name || path.basename(f, '.json');
			if (!Array.isArray(b.nodes) || b.nodes.length === 0)
				throw new Error(`${b.file}: "nodes" must be a non-empty array`);
			b.appId = b.appId || `e2e-${b.name}`;
			return b;
		});
}

/** The credential a branch uses: the sandbox one with the branch's App ID, or a deliberately wrong one. */
export function branchCredential(branch, sandbox) {
	const kind = branch.credential || 'sandbox';
	const data = {
		customerId: sandbox.customerId,
		customerSecret: sandbox.customerSecret,
		appId: branch.appId,
		baseUrl: sandbox.url,
		requestsPerSecond: 50,
		ncsSecret: sandbox.ncsSecret || '',
	};
	if (kind === 'wrongSecret') data.customerSecret = 'not-the-secret';
	else if (kind !== 'sandbox') throw new Error(`${branch.file}: unknown credential kind ${kind}`);
	return {
		id: stableId('cred', `branch:${branch.name}:${kind}`),
		name: `Agora sandbox (${branch.name}${kind === 'sandbox' ? '' : `, ${kind}`})`,
		type: CREDENTIAL_TYPE,
		data,
	};
}

/**
 * The Agora Cloud Storage API credential of a branch that declares `"storageCredential": {fields}`
 * (node version 1.1 reads storage settings and keys from it), or null. "%SANDBOX_HOST%" in a field
 * becomes the host:port of `sandbox` (for Allowed Agora API Hosts); without it (a reference to the
 * credential needs only its id and name) it stays as written.
 */
export function branchStorageCredential(branch, sandbox) {
	if (!branch.storageCredential) return null;
	const vars = sandbox ? { SANDBOX_HOST: new URL(sandbox.url).host } : {};
	return {
		id: stableId('cred', `storage:${branch.name}`),
		name: `Agora cloud storage (${branch.name})`,
		type: STORAGE_CREDENTIAL_TYPE,
		data: fill({ ...branch.storageCredential }, vars),
	};
}

function fill(value, vars) {
	if (typeof value === 'string')
		return value.replace(/%([A-Z_]+)%/g, (m, k) => (k in vars ? vars[k] : m));
	if (Array.isArray(value)) return value.map((v) => fill(v, vars));
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]));
	return value;
}

export const branchNodeName = (branch, name) => `${branch.name}: ${name}`;

/** One workflow: Manual Trigger → every branch's chain, each node set to continue on error. */
export function buildCombinedWorkflow(
	branches,
	credentials,
	{ id = stableId('wf', 'e2e-resources'), name = '[e2e] every resource' } = {},
) {
	const trigger = {
		id: randomUUID(),
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodes = [trigger];
	const connections = {};
	const connect = (from, to, output = 0) => {
		connections[from] ??= { main: [] };
		while (connections[from].main.length <= output) connections[from].main.push([]);
		connections[from].main[output].push({ node: to, type: 'main', index: 0 });
	};
	branches.forEach((branch, bi) => {
		const cred = credentials.get(branch.name);
		let previous = null;
		branch.nodes.forEach((spec, ni) => {
			const { from, fromOutput, ...rest } = spec;
			if (!rest.name) throw new Error(`${branch.file}: node ${ni} has no name`);
			const node = {
				id: randomUUID(),
				type: NODE_TYPE,
				typeVersion: 1,
				position: [260 + ni * 240, bi * 200],
				onError: 'continueRegularOutput',
				...rest,
				name: branchNodeName(branch, rest.name),
				// "%SANDBOX_URL%" and "%APP_ID%" in parameters become the branch credential's values.
				parameters: fill(rest.parameters || {}, {
					SANDBOX_URL: cred.data.baseUrl,
					APP_ID: cred.data.appId,
				}),
			};
			if (node.type === NODE_TYPE || rest.credentials === 'branch') {
				node.credentials = { [CREDENTIAL_TYPE]: { id: cred.id, name: cred.name } };
			}
			const storage = node.type === NODE_TYPE && branchStorageCredential(branch);
			if (storage)
				node.credentials[STORAGE_CREDENTIAL_TYPE] = { id: storage.id, name: storage.name };
			nodes.push(node);
			const source = from
				? branchNodeName(branch, from)
				: previous === null
					? trigger.name
					: previous;
			connect(source, node.name, fromOutput || 0);
			previous = node.name;
		});
	});
	return {
		id,
		name,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * A test variant of an example: stable id, Agora credentials → `cred`, other credentials → the one of
 * their type in `others` (the SMTP one → the sandbox's SMTP stand-in), URLs of the dev sandbox → the
 * sandbox of `cred`, a Schedule Trigger → Manual Trigger (same name, so connections hold), a Slack
 * node (which would need a Slack credential) → a Set node that builds the same text.
 */
export function exampleTestVariant(example, { id, cred, others = [], manual = true }) {
	const wf = structuredClone(example);
	wf.id = id;
	wf.name = `[e2e] ${example.name}`;
	wf.active = false;
	delete wf.versionId;
	pointCredentials(wf, cred, others);
	// The "notify" example's Slack incoming-webhook URL → this run's sandbox's Slack stand-in.
	pointSandboxUrls(wf, cred.data.baseUrl);
	for (const node of wf.nodes) {
		if (manual && node.type === 'n8n-nodes-base.scheduleTrigger') {
			node.type = 'n8n-nodes-base.manualTrigger';
			node.typeVersion = 1;
			node.parameters = {};
		}
		if (node.type === 'n8n-nodes-base.slack') {
			const text = node.parameters.text;
			node.type = 'n8n-nodes-base.set';
			node.typeVersion = 3.4;
			node.parameters = {
				assignments: {
					assignments: [{ id: randomUUID(), name: 'text', value: text, type: 'string' }],
				},
				options: {},
			};
			delete node.credentials;
		}
	}
	return wf;
}
