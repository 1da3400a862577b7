// Publishing a workflow that must NOT go live, and a credential whose App ID the transport refuses.
// n8n 2.41 publishes through an outbox: POST /rest/workflows/:id/activate returns at once and the
// activation result (a trigger's error included) shows up in GET /rest/workflows/:id/publication-status
// as { status: 'failed', triggers: [{ nodeId, status: 'failed', errorMessage }] }.
import { CREDENTIAL_TYPE } from '../../../scripts/lib/n8n.mjs';

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

/** Activates `id` and waits until n8n has settled its publication; returns the publication status. */
export async function publishAndSettle(rest, id, { timeoutMs = 60000 } = {}) {
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
