// The importable example workflows in examples/ and helpers to import them into a dev or test n8n.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { CREDENTIAL_TYPE, ROOT, TRIGGER_TYPE } from './n8n.mjs';

export const EXAMPLES_DIR = path.join(ROOT, 'examples');
/**
 * Where the examples expect the local sandbox (`npm run dev`'s default): the "notify" example posts to
 * its Slack stand-in, `${DEV_SANDBOX_URL}/_sandbox/slack/...`, until the user puts in their own URL.
 * (The email example reaches the sandbox's SMTP stand-in through a credential, not a URL.)
 */
export const DEV_SANDBOX_URL = 'http://127.0.0.1:8787';

/** A 16-character alphanumeric id (n8n's id shape) derived from a name, stable across runs. */
export function stableId(prefix, name) {
	const h = createHash('sha256').update(name).digest('hex');
	return (prefix + h).replace(/[^a-zA-Z0-9]/g, '').slice(0, 16);
}

export function loadExample(file) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
}

/** Every example: [{file, workflow}], sorted by file name. */
export function loadExamples() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: loadExample(file) }));
}

/** The credential type of n8n's Send Email node (the email example). */
export const SMTP_CREDENTIAL_TYPE = 'smtp';

/**
 * Points every Agora credential reference of a workflow at `cred` ({id, name}), and every reference
 * to a credential of another type at the one of that type in `others` ([{id, name, type}]), if any;
 * returns the workflow.
 */
export function pointCredentials(workflow, cred, others = []) {
	const byType = { [CREDENTIAL_TYPE]: cred };
	for (const c of others) byType[c.type] = c;
	for (const node of workflow.nodes) {
		for (const type of Object.keys(node.credentials || {})) {
			const c = byType[type];
			if (c) node.credentials[type] = { id: c.id, name: c.name };
		}
	}
	return workflow;
}

/**
 * Points URLs in node parameters that start with DEV_SANDBOX_URL at the sandbox actually running (dev
 * on another port, the e2e tests' sandbox); returns the workflow.
 */
export function pointSandboxUrls(workflow, sandboxUrl) {
	const base = sandboxUrl.replace(/\/+$/, '');
	if (base === DEV_SANDBOX_URL) return workflow;
	const repoint = (value) => {
		if (typeof value === 'string')
			return value.startsWith(`${DEV_SANDBOX_URL}/`)
				? base + value.slice(DEV_SANDBOX_URL.length)
				: value;
		if (Array.isArray(value)) return value.map(repoint);
		if (value && typeof value === 'object')
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, repoint(v)]));
		return value;
	};
	for (const node of workflow.nodes) node.parameters = repoint(node.parameters || {});
	return workflow;
}

/** The Agora trigger node of a workflow, if any. */
export function agoraTrigger(workflow) {
	return workflow.nodes.find((n) => n.type === TRIGGER_TYPE);
}

/** Production URL of the Agora trigger of a workflow (the trigger's webhook path is "agora"). */
export function triggerProductionUrl(baseUrl, workflow) {
	const t = agoraTrigger(workflow);
	return t ? `${baseUrl.replace(/\/+$/, '')}/webhook/${t.webhookId}/agora` : null;
}
