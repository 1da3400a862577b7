// A tiny client for n8n's internal REST API (/rest/...), the one the editor uses: owner setup, login
// (cookie), workflows, activation, executions, credential test. Routes checked in n8n 2.41.1's dist:
//   POST /rest/owner/setup  {email, firstName, lastName, password}     (owner.controller.js, skipAuth)
//   POST /rest/login        {emailOrLdapLoginId, password}              (auth.controller.js)
//   POST /rest/credentials/test {credentials: {id, name, type, data}}  (credentials.controller.js)
//   POST /rest/workflows/:id/activate {versionId}                      (workflows.controller.js)
//   GET  /rest/executions?filter={"workflowId": ...}                   (executions.controller.js)
// n8n 1.123.81 has the same routes (checked in its dist), but publishes synchronously: its activate
// returns once the triggers are live, or answers 400 with the trigger's error
// (workflow.service.js, _addToActiveWorkflowManager), and it has no /publication-status.

export const DEFAULT_OWNER = Object.freeze({
	email: 'dev@example.com',
	password: 'AgoraDev2026',
	firstName: 'Agora',
	lastName: 'Developer',
});

export class N8nRest {
	/** n8nVersion: the server's version; 1.x publishes synchronously (see the top of this file). */
	constructor(baseUrl, { n8nVersion = '2' } = {}) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
		this.cookie = '';
		this.publishesThroughOutbox = Number(String(n8nVersion).split('.')[0]) >= 2;
	}

	async request(method, path, body, { expect } = {}) {
		const headers = { Accept: 'application/json' };
		if (this.cookie) headers.Cookie = this.cookie;
		if (body !== undefined) headers['Content-Type'] = 'application/json';
		const res = await fetch(this.baseUrl + path, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60000),
		});
		for (const c of res.headers.getSetCookie?.() ?? []) {
			const [pair] = c.split(';');
			if (pair.startsWith('n8n-auth=')) this.cookie = pair;
		}
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		const out = { status: res.status, body: json, text };
		if (expect !== undefined && ![].concat(expect).includes(res.status)) {
			throw new Error(
				`${method} ${path} → ${res.status} (expected ${expect}): ${text.slice(0, 500)}`,
			);
		}
		return out;
	}

	/** n8n wraps most REST answers in {data: ...}. */
	async data(method, path, body) {
		const r = await this.request(method, path, body, { expect: 200 });
		return r.body && 'data' in r.body ? r.body.data : r.body;
	}

	async settings() {
		return await this.data('GET', '/rest/settings');
	}

	/** Creates the owner when the instance has none yet; returns true when it did. */
	async ensureOwner(owner = DEFAULT_OWNER) {
		const settings = await this.settings();
		if (!settings?.userManagement?.showSetupOnFirstLoad) return false;
		await this.request('POST', '/rest/owner/setup', owner, { expect: 200 });
		return true;
	}

	async login({ email, password } = DEFAULT_OWNER) {
		await this.request(
			'POST',
			'/rest/login',
			{ emailOrLdapLoginId: email, password },
			{ expect: 200 },
		);
		if (!this.cookie) throw new Error('login did not set the n8n-auth cookie');
	}

	async getWorkflow(id) {
		return await this.data('GET', `/rest/workflows/${id}`);
	}

	/** Publishes (activates) a workflow: n8n 2.x activates a version, the current one here. */
	async activateWorkflow(id) {
		const wf = await this.getWorkflow(id);
		return await this.data('POST', `/rest/workflows/${id}/activate`, { versionId: wf.versionId });
	}

	/**
	 * n8n 2.41 publishes through an outbox: activate returns at once and the triggers/webhooks are
	 * registered a moment later. Waits for GET /rest/workflows/:id/publication-status = published.
	 * n8n 1.x has done it all when activate answers 200: the workflow must read as active.
	 */
	async waitForPublication(id, { timeoutMs = 60000 } = {}) {
		if (!this.publishesThroughOutbox) {
			const wf = await this.getWorkflow(id);
			if (wf.active !== true || !wf.activeVersionId)
				throw new Error(
					`workflow ${id} is not active after activate: ${JSON.stringify(wf.active)}`,
				);
			return { status: 'published' };
		}
		const until = Date.now() + timeoutMs;
		let last;
		while (Date.now() < until) {
			last = await this.data('GET', `/rest/workflows/${id}/publication-status`);
			if (last.status === 'published') return last;
			if (last.status === 'failed' || last.status === 'partial') {
				throw new Error(`publishing workflow ${id} failed: ${JSON.stringify(last.triggers)}`);
			}
			await new Promise((r) => setTimeout(r, 250));
		}
		throw new Error(
			`workflow ${id} was not published within ${timeoutMs} ms (last status ${JSON.stringify(last)})`,
		);
	}

	/** Activate and wait until its webhooks answer. */
	async publishWorkflow(id) {
		await this.activateWorkflow(id);
		return await this.waitForPublication(id);
	}

	async deactivateWorkflow(id) {
		return await this.data('POST', `/rest/workflows/${id}/deactivate`, {});
	}

	/** A workflow's executions, newest first. */
	async executions(workflowId, { limit = 100 } = {}) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const d = await this.data('GET', `/rest/executions?filter=${filter}&limit=${limit}`);
		return d.results ?? d;
	}

	/** The id of the newest execution of a workflow (ids count up from 1), or 0 when there is none. */
	async lastExecutionId(workflowId) {
		return Number((await this.executions(workflowId, { limit: 1 }))[0]?.id ?? 0);
	}

	async execution(id) {
		return await this.data('GET', `/rest/executions/${id}`);
	}

	/** The editor's "Test" button: POST /rest/credentials/test. Returns {status: 'OK'|'Error', message}. */
	async testCredential({ id, name, type, data }) {
		return await this.data('POST', '/rest/credentials/test', {
			credentials: { id, name, type, data },
		});
	}
}
