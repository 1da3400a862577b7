// Publishing a workflow that must NOT go live, and a credential whose App ID the transport refuses.
// n8n 2.41 publishes through an outbox: POST /rest/workflows/:id/activate returns at once and the
// activation result (a trigger's error included) shows up in GET /rest/workflows/:id/publication-status
// as { status: 'failed', triggers: [{ nodeId, status: 'failed', errorMessage }] }. n8n 1.x activates
// synchronously: activate answers 400 with the trigger's error message.
import assert from 'node:assert/strict';

import { randomUUID } from 'node:crypto';

import { CREDENTIAL_TYPE } from '../../../scripts/lib/n8n.mjs';
import { exampleTestVariant } from './workflows.mjs';

/**
 * A path-traversal App ID: `..` and `/` would move the request off `/v1/projects/{appid}/fls`. The
 * transport must refuse it before any request (README, "Names": the App ID is checked before any request).
 */
export const BAD_APP_ID = 'e2e/../bad-app';

/** Creates, through REST, an Agora credential pointing at this run's sandbox with BAD_APP_ID. */
export async function createBadAppIdCredential(ctx, name) {
	const data = {
		customerId: ctx.sandbox.customerId,
		customerSecret: ctx.sandbox.customerSecret,
		appId: BAD_APP_ID,
		baseUrl: ctx.sandbox.url,
		requestsPerSecond: 50,
		ncsSecret: ctx.sandbox.ncsSecret,
	};
	const created = await ctx.rest.data('POST', '/rest/credentials', {
		name,
		type: CREDENTIAL_TYPE,
		data,
	});
	return { id: created.id, name, type: CREDENTIAL_TYPE, data };
}

/**
 * Saves through REST a copy of `workflow` (an example or fixture) whose Agora nodes use a new
 * BAD_APP_ID credential; its trigger (of `triggerType`) gets a webhook path of its own, so it cannot
 * collide with the original's. Returns the saved workflow's id and its trigger node.
 */
export async function saveWithBadAppId(ctx, workflow, { name, triggerType }) {
	const cred = await createBadAppIdCredential(ctx, `Agora sandbox (bad App ID, ${name})`);
	const wf = exampleTestVariant(workflow, { id: 'unused', cred });
	delete wf.id;
	wf.name = `[e2e] ${name}, bad App ID`;
	const trigger = wf.nodes.find((n) => n.type === triggerType);
	if (trigger.webhookId) trigger.webhookId = randomUUID();
	const { id } = await ctx.rest.data('POST', '/rest/workflows', wf);
	return { id, trigger };
}

/**
 * Activates `id` and waits until n8n has settled its publication; returns the publication status
 * (n8n 1.x: { status: 'published' } or { status: 'failed', errorMessage } from activate's answer).
 */
export async function publishAndSettle(rest, id, { timeoutMs = 60000 } = {}) {
	if (!rest.publishesThroughOutbox) {
		const { versionId } = await rest.getWorkflow(id);
		const r = await rest.request(
			'POST',
			`/rest/workflows/${id}/activate`,
			{ versionId },
			{ expect: [200, 400] },
		);
		return r.status === 200
			? { status: 'published' }
			: { status: 'failed', errorMessage: r.body?.message ?? r.text };
	}
	await rest.activateWorkflow(id);
	const until = Date.now() + timeoutMs;
	let last;
	while (Date.now() < until) {
		last = await rest.data('GET', `/rest/workflows/${id}/publication-status`);
		if (!['in_progress', 'not_published'].includes(last.status)) return last;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`workflow ${id} did not settle within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

/**
 * Publishes workflow `id`, whose trigger `triggerNodeId` uses a BAD_APP_ID credential, and checks
 * what the README promises: no request reaches the sandbox (checked first: it is the point), the
 * publication fails, and the trigger's error names the App ID. Unpublishes whatever happened, so a
 * failing case leaves nothing that polls later tests' sandbox. Returns n8n's error message.
 */
export async function expectBadAppIdPublicationFails(ctx, id, triggerNodeId) {
	try {
		const seq0 = await ctx.sb.lastSeq();
		const publication = await publishAndSettle(ctx.rest, id);
		// A moment for any request a trigger might still send after n8n settled.
		await new Promise((r) => setTimeout(r, 1000));
		const requests = await ctx.sb.requests(seq0);
		assert.deepEqual(
			requests.map((e) => `${e.method} ${e.rawUrl}`),
			[],
			'no request reached the sandbox',
		);
		const shown = JSON.stringify(publication);
		assert.equal(publication.status, 'failed', shown);
		let { errorMessage } = publication;
		if (ctx.rest.publishesThroughOutbox) {
			const status = publication.triggers.find((t) => t.nodeId === triggerNodeId);
			assert.equal(status?.status, 'failed', shown);
			errorMessage = status.errorMessage;
		}
		assert.ok(
			errorMessage.includes(`The credential's App ID "${BAD_APP_ID}" is not valid`),
			`the error names the App ID: ${errorMessage}`,
		);
		return errorMessage;
	} finally {
		await ctx.rest.request('POST', `/rest/workflows/${id}/deactivate`, {});
	}
}
