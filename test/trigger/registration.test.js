// Activation registers the trigger's URL with Agora and deactivation puts back what was there before
// (webhookMethods checkExists / create / delete, the previous setting kept in static data).
'use strict';

const { setup, request, signV2, derivedFor, openedPrevious, withQuery, rl } = require('./setup');

const APP = 'app-registration';
let env;

const authState = () => env.sandbox.state.app(APP).streamAuthWebhook;
const epState = (ep = 'live') => env.sandbox.state.app(APP).entryPoints.get(ep);
const patches = (seq) => env.apiCallsSince(seq).filter(([method]) => method === 'PATCH');
const allow = () => ({ statusCode: 200 });
const PREVIOUS_AUTH = {
	enabled: true,
	url: 'https://auth.example.com/cb',
	secret: 'previous-secret',
};

async function askAuth(url, secret, streamName = 's1') {
	const raw = JSON.stringify({ host: 'push.example.com', entryPoint: 'live', streamName });
	return await request(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'Agora-Signature-V2': signV2(secret, raw) },
		body: raw,
	});
}

/** A workflow whose trigger registers itself for origin authentication and allows everything. */
const authWorkflow = (id) =>
	env.n8n.addWorkflow({
		id,
		parameters: { mode: 'originAuth' },
		downstream: 'answer',
		decide: allow,
	});

beforeAll(async () => {
	env = await setup({ appId: APP });
});

afterAll(async () => {
	await env.close();
});

beforeEach(() => {
	env.sandbox.seed({ appId: APP, streamAuthWebhook: { ...PREVIOUS_AUTH } });
	epState().transfer = { enabled: false };
});

afterEach(async () => {
	await env.n8n.idle();
});

test('origin authentication: one PATCH on activation (secret never logged), the exact previous setting back on deactivation', async () => {
	const wf = authWorkflow('auth');
	const seq = env.lastSeq();
	await wf.activate();
	// checkExists (GET) → create (GET, PATCH) for GET; checkExists (GET) → true for POST.
	expect(env.apiCallsSince(seq)).toEqual([
		['GET', '/settings/streamauth/webhook', null],
		['GET', '/settings/streamauth/webhook', null],
		[
			'PATCH',
			'/settings/streamauth/webhook',
			{ enabled: true, url: wf.productionUrl, secret: '[redacted]' },
		],
		['GET', '/settings/streamauth/webhook', null],
	]);
	const registered = wf.storedStaticData['node:Agora Trigger'].registration;
	// No secret in clear text: the registered one is derived from the credential, the previous one sealed.
	expect(registered).toEqual({
		target: 'originAuth',
		entryPoint: null,
		url: wf.productionUrl,
		previous: { sealed: expect.stringMatching(/^v2\.[\w-]+\.[\w-]+\.[\w-]+$/) },
		registeredAt: expect.any(String),
		variant: 'production',
	});
	expect(openedPrevious(env, wf)).toEqual(PREVIOUS_AUTH);
	expect(authState().secret).toBe(derivedFor(env, wf).originAuthSecret);
	expect(JSON.stringify(wf.storedStaticData)).not.toContain(PREVIOUS_AUTH.secret);
	expect(JSON.stringify(wf.storedStaticData)).not.toContain(PREVIOUS_AUTH.url);
	expect(JSON.stringify(wf.storedStaticData)).not.toContain(authState().secret);

	const seq2 = env.lastSeq();
	await wf.deactivate();
	// delete for GET restores; delete for POST finds nothing left to do.
	expect(env.apiCallsSince(seq2)).toEqual([
		['GET', '/settings/streamauth/webhook', null],
		[
			'PATCH',
			'/settings/streamauth/webhook',
			{ enabled: true, url: 'https://auth.example.com/cb', secret: '[redacted]' },
		],
	]);
	expect(authState()).toEqual(PREVIOUS_AUTH);
	expect(wf.storedStaticData['node:Agora Trigger'].registration).toBeUndefined();
});

test('origin authentication that was never configured: restored as disabled with empty url and secret', async () => {
	env.sandbox.state.app(APP).streamAuthWebhook = { enabled: false };
	const wf = authWorkflow('auth-fresh');
	await wf.activate();
	expect(authState().enabled).toBe(true);
	await wf.deactivate();
	expect(authState()).toEqual({ enabled: false, url: '', secret: '' });
});

test('activating again while registered (n8n restart): checkExists says yes, nothing is changed, the same secret still works', async () => {
	const wf = authWorkflow('auth-restart');
	await wf.activate();
	const secret = authState().secret;
	const seq = env.lastSeq();
	await wf.activate();
	expect(patches(seq)).toEqual([]);
	expect(authState().secret).toBe(secret);
	expect((await askAuth(wf.productionUrl, secret)).status).toBe(200);
	await wf.deactivate();
	expect(authState()).toEqual(PREVIOUS_AUTH);
});

test('someone pointed Agora elsewhere while the workflow was active: deactivation leaves their setting alone', async () => {
	const wf = env.n8n.addWorkflow({
		id: 'transfer-moved',
		parameters: { mode: 'streamTransfer', entryPoint: rl('live') },
		downstream: 'answer',
		decide: allow,
	});
	await wf.activate();
	expect(epState().transfer).toEqual({
		enabled: true,
		callbackUrl: withQuery(wf.productionUrl, { n8nToken: derivedFor(env, wf).callbackToken }),
	});
	epState().transfer = { enabled: true, callbackUrl: 'https://someone-else.example.com/transfer' };
	const seq = env.lastSeq();
	await wf.deactivate();
	expect(env.apiCallsSince(seq)).toEqual([['GET', '/entry_points/live/settings/transfer', null]]);
	expect(epState().transfer).toEqual({
		enabled: true,
		callbackUrl: 'https://someone-else.example.com/transfer',
	});
	expect(wf.storedStaticData['node:Agora Trigger'].registration).toBeUndefined();
});

test('changed behind our back while active (disabled in Console): a re-activation registers again and keeps the original previous setting', async () => {
	const wf = authWorkflow('auth-disabled');
	await wf.activate();
	authState().enabled = false;
	const seq = env.lastSeq();
	await wf.activate();
	expect(patches(seq)).toHaveLength(1);
	expect(authState()).toMatchObject({ enabled: true, url: wf.productionUrl });
	expect(openedPrevious(env, wf)).toEqual(PREVIOUS_AUTH);
	await wf.deactivate();
	expect(authState()).toEqual(PREVIOUS_AUTH);
});

test('static data lost while Agora still points at us: registration is taken over and restoring switches it off', async () => {
	const wf = env.n8n.addWorkflow({
		id: 'transfer-lost',
		parameters: { mode: 'streamTransfer', entryPoint: rl('live') },
		downstream: 'answer',
		decide: allow,
	});
	epState().transfer = {
		enabled: true,
		callbackUrl: withQuery(wf.productionUrl, { n8nToken: derivedFor(env, wf).callbackToken }),
	};
	await wf.activate();
	expect(openedPrevious(env, wf)).toEqual({ enabled: false, callbackUrl: '' });
	await wf.deactivate();
	expect(epState().transfer).toEqual({ enabled: false, callbackUrl: '' });
});

test('listening for a test event while active: Agora points at /webhook-test/... and the production setting comes back after', async () => {
	const wf = authWorkflow('auth-test');
	await wf.activate();
	const production = { ...authState() };
	expect(production.url).toBe(wf.productionUrl);

	await wf.activate({ test: true });
	expect(wf.testUrl).toMatch(/\/webhook-test\/[0-9a-f-]{36}\/agora$/);
	expect(authState()).toMatchObject({ enabled: true, url: wf.testUrl });
	expect(authState().secret).not.toBe(production.secret);
	// The test URL answers with the test registration's secret.
	expect((await askAuth(wf.testUrl, authState().secret)).status).toBe(200);
	expect((await askAuth(wf.testUrl, production.secret)).status).toBe(401);

	await wf.deactivate({ test: true });
	expect(authState()).toEqual(production);
	expect((await askAuth(wf.productionUrl, production.secret)).status).toBe(200);
	await wf.deactivate();
	expect(authState()).toEqual(PREVIOUS_AUTH);
});

test('stream events register nothing (NCS has no API); Register Callback URL off registers nothing either', async () => {
	const seq = env.lastSeq();
	const events = env.n8n.addWorkflow({
		id: 'events',
		parameters: { mode: 'events', events: ['*'] },
	});
	await events.activate();
	await events.deactivate();
	const manual = env.n8n.addWorkflow({
		id: 'pull-manual',
		parameters: { mode: 'pullFromOrigin', entryPoint: rl('live'), registerCallback: false },
		downstream: 'answer',
		decide: allow,
	});
	await manual.activate();
	expect(manual.webhooks().sort()).toEqual([
		`webhook GET ${manual.webhookId}/agora`,
		`webhook POST ${manual.webhookId}/agora`,
	]);
	await manual.deactivate();
	expect(env.apiCallsSince(seq)).toEqual([]);
});

test('Agora refuses the registration (API error): activation fails and nothing is remembered', async () => {
	env.sandbox.setConfig({
		faultPlan: [{ match: { method: 'PATCH' }, status: 400, body: { message: 'invalid url' } }],
	});
	try {
		const wf = env.n8n.addWorkflow({
			id: 'auth-refused',
			parameters: { mode: 'originAuth' },
			downstream: 'answer',
			decide: allow,
		});
		await expect(wf.activate()).rejects.toThrow('Agora rejected the request (400): invalid url');
		expect(wf.storedStaticData['node:Agora Trigger']?.registration).toBeUndefined();
		expect(authState()).toEqual(PREVIOUS_AUTH);
	} finally {
		env.sandbox.setConfig({ faultPlan: [] });
	}
});

test('a restore record that does not open (Customer Secret changed, or altered) switches origin authentication off on deactivation, never points it anywhere', async () => {
	const wf = authWorkflow('auth-rotated');
	await wf.activate();
	// Sealed under another key (as after the Customer Secret was rotated) or tampered with.
	const previous = wf.storedStaticData['node:Agora Trigger'].registration.previous;
	const [, iv, tag, data] = previous.sealed.split('.');
	previous.sealed = ['v2', iv, tag, `${data.slice(0, -2)}AA`].join('.');
	await wf.deactivate();
	expect(authState()).toEqual({ enabled: false, url: '', secret: '' });
});

test('a registration in the format of earlier versions (previous setting in clear, unauthenticated): taken over as ours, the secret re-derived, but its previous setting is not trusted: switched off on deactivation', async () => {
	const wf = authWorkflow('auth-legacy');
	const legacySecret = 'a'.repeat(64);
	env.sandbox.state.app(APP).streamAuthWebhook = {
		enabled: true,
		url: wf.productionUrl,
		secret: legacySecret,
	};
	// Anyone who can write static data can write this: it must not choose where Agora points.
	const chosen = { enabled: true, url: 'https://chosen.example.com/auth', secret: 'chosen' };
	wf.storedStaticData['node:Agora Trigger'] = {
		registration: {
			target: 'originAuth',
			entryPoint: null,
			url: wf.productionUrl,
			previous: chosen,
			secret: legacySecret,
			registeredAt: '2026-11-01T00:00:00.000Z',
		},
	};
	await wf.activate();
	expect(authState()).toEqual({
		enabled: true,
		url: wf.productionUrl,
		secret: derivedFor(env, wf).originAuthSecret,
	});
	const stored = JSON.stringify(wf.storedStaticData);
	expect(stored).not.toContain(legacySecret);
	expect(stored).not.toContain('chosen.example.com');
	await wf.deactivate();
	expect(authState()).toEqual({ enabled: false, url: '', secret: '' });
});

test.each([
	['re-activated, then deactivated', true],
	['deactivated without a new activation', false],
])(
	'a transfer registration of an earlier version (bare URL, no token) is recognised as ours: %s, its unauthenticated previous setting is not restored (switched off)',
	async (label, reactivate) => {
		const wf = env.n8n.addWorkflow({
			id: `transfer-legacy-${reactivate}`,
			parameters: { mode: 'streamTransfer', entryPoint: rl('live') },
			downstream: 'answer',
			decide: allow,
		});
		const before = { enabled: true, callbackUrl: 'https://old.example.com/transfer' };
		epState().transfer = { enabled: true, callbackUrl: wf.productionUrl };
		wf.storedStaticData['node:Agora Trigger'] = {
			registration: {
				target: 'streamTransfer',
				entryPoint: 'live',
				url: wf.productionUrl,
				previous: before,
				secret: null,
				registeredAt: '2026-11-01T00:00:00.000Z',
			},
		};
		if (reactivate) {
			await wf.activate();
			expect(epState().transfer).toEqual({
				enabled: true,
				callbackUrl: withQuery(wf.productionUrl, { n8nToken: derivedFor(env, wf).callbackToken }),
			});
			expect(JSON.stringify(wf.storedStaticData)).not.toContain('old.example.com');
			expect(openedPrevious(env, wf)).toEqual({ enabled: false, callbackUrl: '' });
		}
		await wf.deactivate();
		expect(epState().transfer).toEqual({ enabled: false, callbackUrl: '' });
	},
);

describe('callback tokens and the restore record (issue 30, items 4 and 7)', () => {
	const transferWorkflow = (id) =>
		env.n8n.addWorkflow({
			id,
			parameters: { mode: 'streamTransfer', entryPoint: rl('live') },
			downstream: 'answer',
			decide: allow,
		});

	test("a previous callback URL (another trigger's token, a password in the URL) is kept only sealed; deactivation puts it back exactly", async () => {
		const other =
			'https://user:hunter2@other.example.com/webhook/x/agora?n8nToken=OtherTriggersToken';
		epState().transfer = { enabled: true, callbackUrl: other };
		const wf = transferWorkflow('transfer-sealed');
		await wf.activate();
		const stored = JSON.stringify(wf.storedStaticData);
		expect(stored).not.toContain('OtherTriggersToken');
		expect(stored).not.toContain('hunter2');
		expect(stored).not.toContain('other.example.com');
		await wf.deactivate();
		expect(epState().transfer).toEqual({ enabled: true, callbackUrl: other });
	});

	test('Agora echoing the registered URL in an error: the activation error shows the token masked', async () => {
		const wf = transferWorkflow('transfer-echo');
		const token = derivedFor(env, wf).callbackToken;
		const url = withQuery(wf.productionUrl, { n8nToken: token });
		env.sandbox.setConfig({
			faultPlan: [
				{
					match: { method: 'PATCH' },
					status: 400,
					body: { message: `invalid callbackUrl ${url}` },
				},
			],
		});
		try {
			const error = await wf.activate().then(
				() => undefined,
				(e) => e,
			);
			expect(error).toBeDefined();
			expect(error.message).toContain('invalid callbackUrl');
			expect(error.message).toContain('n8nToken=****');
			const everything = JSON.stringify({
				...error,
				message: error.message,
				description: error.description,
				stack: error.stack,
			});
			expect(everything).not.toContain(token);
		} finally {
			env.sandbox.setConfig({ faultPlan: [] });
		}
	});

	test('a sealed restore record opens only for its own registration: moved to another URL or target, it does not open and the callback is switched off', async () => {
		const wf = authWorkflow('auth-moved');
		await wf.activate();
		const registration = wf.storedStaticData['node:Agora Trigger'].registration;
		expect(openedPrevious(env, wf)).toEqual(PREVIOUS_AUTH);
		expect(
			openedPrevious(env, wf, { ...registration, url: 'https://elsewhere.example.com/x' }),
		).toBe(undefined);
		expect(openedPrevious(env, wf, { ...registration, target: 'streamTransfer' })).toBe(undefined);
		expect(openedPrevious(env, wf, { ...registration, variant: 'test' })).toBe(undefined);
		await wf.deactivate();
		expect(authState()).toEqual(PREVIOUS_AUTH);
	});
});
