// Stream events (NCS): signed events from the sandbox reach the trigger and start one execution each;
// forged, unsigned, repeated, malformed and oversized requests start nothing.
'use strict';

const crypto = require('node:crypto');
const { setup, request, signV2, ncs, NCS_SECRET } = require('./setup');

const APP = 'app-events';
let env;
let all; // events: Any Event
let some; // events: publish_start only, entry point "live", streams "match_*"

const executions = (wf) => wf.executions.length;

/** Sends a raw body straight to a URL, signed with `secret` unless `signature` is given. */
async function post(
	url,
	raw,
	{ secret = NCS_SECRET, signature, contentType = 'application/json;charset=utf-8' } = {},
) {
	const headers = { 'Content-Type': contentType };
	const sig = signature !== undefined ? signature : signV2(secret, raw);
	if (sig !== null) headers['Agora-Signature-V2'] = sig;
	return await request(url, { method: 'POST', headers, body: raw });
}

function envelope(eventType, payload, extra = {}) {
	return {
		noticeId: crypto.randomUUID(),
		productId: 7,
		eventType,
		notifyMs: 1764331200000,
		payload,
		...extra,
	};
}

beforeAll(async () => {
	env = await setup({ appId: APP });
	all = env.n8n.addWorkflow({ id: 'all', parameters: { mode: 'events', events: ['*'] } });
	some = env.n8n.addWorkflow({
		id: 'some',
		parameters: {
			mode: 'events',
			events: ['publish_start'],
			eventOptions: { entryPoints: 'live', streamNames: 'match_*, final' },
		},
	});
	await all.activate();
	await some.activate();
	env.sandbox.setConfig({ ncs: { url: all.productionUrl, secret: NCS_SECRET } });
});

afterAll(async () => {
	await env.close();
});

afterEach(async () => {
	await env.n8n.idle();
	env.sandbox.setConfig({ ncs: { url: all.productionUrl, secret: NCS_SECRET } });
});

describe('signature (reference §14.1)', () => {
	const body =
		'{"eventMs":1560408533119,"eventType":10,"noticeId":"4eb720f0-8da7-11e9-a43e-53f411c2761f","notifyMs":1560408533119,"payload":{"a":"1","b":2},"productId":1}';
	const vector = '6d3320c60b11101395b7fc8f9068748808a0aa1bfa064438e39d1bc2c7d74d99';

	test("the reference's test vector passes, anything else fails", () => {
		expect(ncs.signatureV2('secret', body)).toBe(vector);
		expect(ncs.verifySignatureV2('secret', Buffer.from(body), vector)).toBe(true);
		expect(ncs.verifySignatureV2('secret', Buffer.from(body), vector.toUpperCase())).toBe(true);
		expect(ncs.verifySignatureV2('secret', Buffer.from(body + ' '), vector)).toBe(false);
		expect(ncs.verifySignatureV2('Secret', Buffer.from(body), vector)).toBe(false);
		expect(ncs.verifySignatureV2('secret', Buffer.from(body), vector.slice(0, 63))).toBe(false);
		expect(ncs.verifySignatureV2('secret', Buffer.from(body), `${vector.slice(0, 63)}g`)).toBe(
			false,
		);
		expect(ncs.verifySignatureV2('secret', Buffer.from(body), [vector])).toBe(false);
		expect(ncs.verifySignatureV2('secret', Buffer.from(body), undefined)).toBe(false);
		expect(ncs.verifySignatureV2('', Buffer.from(body), ncs.signatureV2('', body))).toBe(false);
	});

	test('the vector through the trigger: a correctly signed eventType 10 is answered 200 and ignored (unknown type, productId 1)', async () => {
		env.credentials.ncsSecret = 'secret';
		try {
			const before = executions(all);
			const res = await post(all.productionUrl, body, { signature: vector });
			expect(res.status).toBe(200);
			expect(res.body).toEqual({
				ok: true,
				noticeId: '4eb720f0-8da7-11e9-a43e-53f411c2761f',
				result: 'filtered',
			});
			const forged = await post(all.productionUrl, body, {
				signature: signV2('not-the-secret', body),
			});
			expect(forged.status).toBe(401);
			expect(executions(all)).toBe(before);
		} finally {
			env.credentials.ncsSecret = NCS_SECRET;
		}
	});
});

describe('events from the sandbox', () => {
	test('publish_start: answered 200 with JSON at once, one execution, the event flattened for mapping', async () => {
		const before = executions(all);
		const sim = await env.sandbox.simulate('publish-start', {
			appId: APP,
			streamName: 'lobby',
			domain: 'push.example.com',
			clientIp: '203.0.113.5',
			nodeIp: '198.51.100.7',
		});
		expect(sim.delivery).toMatchObject({ delivered: true, status: 200, attempts: 1 });
		expect(JSON.parse(sim.delivery.responseBody)).toEqual({
			ok: true,
			noticeId: sim.event.noticeId,
			result: 'accepted',
		});
		await env.n8n.idle();
		expect(executions(all)).toBe(before + 1);
		const execution = all.executions[all.executions.length - 1];
		expect(execution.triggerItems).toEqual([
			{
				event: 'publish_start',
				eventType: 1,
				noticeId: sim.event.noticeId,
				productId: 7,
				notifyTime: new Date(sim.event.notifyMs).toISOString(),
				eventTime: new Date(sim.event.notifyMs).toISOString(),
				domain: 'push.example.com',
				entryPoint: 'live',
				streamName: 'lobby',
				clientIp: '203.0.113.5',
				nodeIp: '198.51.100.7',
				raw: sim.event,
			},
		]);
		// The next node ran with that item (the execution went through n8n's engine).
		expect(execution.error).toBeUndefined();
		expect(execution.run.data.resultData.runData.Next[0].data.main[0][0].json.streamName).toBe(
			'lobby',
		);
		const delivery = env.sandbox.deliveries[env.sandbox.deliveries.length - 1];
		expect(delivery.attempts[0].ms).toBeLessThan(2000);
	});

	test('publish_end and publish_media_info: media info as numbers even when sent as strings (reference §19.7)', async () => {
		await env.sandbox.simulate('publish-start', { appId: APP, streamName: 'media' });
		const info = await env.sandbox.simulate('media-info', {
			appId: APP,
			streamName: 'media',
			videoFps: '25',
			videoRate: '1800000',
			width: '1920',
			height: '1080',
		});
		expect(info.delivery.status).toBe(200);
		const end = await env.sandbox.simulate('publish-end', { appId: APP, streamName: 'media' });
		expect(end.delivery.status).toBe(200);
		await env.n8n.idle();
		const [mediaItem] = all.executions.find(
			(e) => e.triggerItems[0].noticeId === info.event.noticeId,
		).triggerItems;
		expect(mediaItem).toMatchObject({
			event: 'publish_media_info',
			eventType: 11,
			videoCodec: 'H264',
			videoFps: 25,
			videoRate: 1800000,
			width: 1920,
			height: 1080,
			audioCodec: 'AAC',
			streamName: 'media',
		});
		const [endItem] = all.executions.find(
			(e) => e.triggerItems[0].noticeId === end.event.noticeId,
		).triggerItems;
		expect(endItem).toMatchObject({
			event: 'publish_end',
			eventType: 2,
			streamName: 'media',
			entryPoint: 'live',
		});
	});

	test('moderation "block" (standard, 103): suggestion, scene and scores as fields', async () => {
		const sim = await env.sandbox.simulate('moderation', {
			appId: APP,
			streamName: 'bad',
			kind: 'standard',
			suggestion: 'block',
		});
		expect(sim.delivery.status).toBe(200);
		await env.n8n.idle();
		const [item] = all.executions.find(
			(e) => e.triggerItems[0].noticeId === sim.event.noticeId,
		).triggerItems;
		expect(item).toMatchObject({
			event: 'new_standard_moderation_result',
			eventType: 103,
			streamName: 'bad',
			suggestion: 'block',
			scene: 'porn',
			neutralScore: 0.02,
			pornScore: 0.95,
			sexyScore: 0.03,
		});
		expect(item.fileName).toMatch(/^snapshot\/live\/bad\//);
		expect(item.raw.payload.results.porn.outputs.porn).toBe(0.95);
	});

	test('record and snapshot files (custom and standard)', async () => {
		const sims = [
			await env.sandbox.simulate('record-file', { appId: APP, streamName: 'rec', kind: 'custom' }),
			await env.sandbox.simulate('record-file', {
				appId: APP,
				streamName: 'rec',
				kind: 'standard',
			}),
			await env.sandbox.simulate('snapshot-file', {
				appId: APP,
				streamName: 'rec',
				kind: 'custom',
			}),
			await env.sandbox.simulate('snapshot-file', {
				appId: APP,
				streamName: 'rec',
				kind: 'standard',
			}),
			await env.sandbox.simulate('moderation', {
				appId: APP,
				streamName: 'rec',
				kind: 'custom',
				suggestion: 'review',
			}),
		];
		await env.n8n.idle();
		const items = sims.map(
			(sim) =>
				all.executions.find((e) => e.triggerItems[0].noticeId === sim.event.noticeId)
					.triggerItems[0],
		);
		expect(items.map((i) => [i.event, i.eventType])).toEqual([
			['new_custom_record_file', 3],
			['new_standard_record_file', 101],
			['new_custom_snapshot_file', 4],
			['new_standard_snapshot_file', 102],
			['new_custom_moderation_result', 5],
		]);
		expect(items[0].fileName).toBe(sims[0].event.payload.fileName);
		expect(items[1].fileName).toMatch(/^record\//);
		expect(items[4]).toMatchObject({ suggestion: 'review', scene: 'sexy', sexyScore: 0.75 });
	});

	test('the event is named from eventType, not from the payload eventName the docs copy-paste wrong (reference §19.7)', async () => {
		const types = [1, 2, 11, 3, 4, 5, 101, 102, 103];
		const sent = [];
		for (const eventType of types) {
			const body = envelope(eventType, {
				eventName: 'new_custom_snapshot_file',
				entryPoint: 'live',
				streamName: 'named',
			});
			sent.push(body.noticeId);
			const res = await env.sandbox.sendNcs({ body, signature: 'valid' });
			expect(res.delivery.status).toBe(200);
		}
		await env.n8n.idle();
		const names = sent.map(
			(id) => all.executions.find((e) => e.triggerItems[0].noticeId === id).triggerItems[0].event,
		);
		expect(names).toEqual([
			'publish_start',
			'publish_end',
			'publish_media_info',
			'new_custom_record_file',
			'new_custom_snapshot_file',
			'new_custom_moderation_result',
			'new_standard_record_file',
			'new_standard_snapshot_file',
			'new_standard_moderation_result',
		]);
	});
});

describe('stream names that are Object.prototype members', () => {
	const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

	test('__proto__, constructor, toString, hasOwnProperty: one execution each, named as sent, matched by the Stream Names filter', async () => {
		const wf = env.n8n.addWorkflow({
			id: 'hostile-names',
			parameters: {
				mode: 'events',
				events: ['publish_start'],
				eventOptions: { streamNames: NAMES.join(', ') },
			},
		});
		await wf.activate();
		try {
			const bodies = NAMES.map((streamName) => envelope(1, { entryPoint: 'live', streamName }));
			for (const body of [...bodies, ...bodies]) await post(wf.productionUrl, JSON.stringify(body));
			const other = await post(
				wf.productionUrl,
				JSON.stringify(envelope(1, { entryPoint: 'live', streamName: 'valueOf' })),
			);
			expect(other.body.result).toBe('filtered');
			await env.n8n.idle();
			expect(wf.executions.map((e) => e.triggerItems[0].streamName)).toEqual(NAMES);
		} finally {
			await wf.deactivate();
		}
	});

	test("payload keys such as __proto__ neither change the item's prototype nor reach the item; raw keeps them", async () => {
		const before = executions(all);
		const raw =
			'{"noticeId":"proto-key-1","productId":7,"eventType":1,"payload":{"__proto__":{"polluted":"yes"},"constructor":"x","streamName":"cam_p"}}';
		const res = await post(all.productionUrl, raw);
		expect(res.body.result).toBe('accepted');
		await env.n8n.idle();
		expect(executions(all)).toBe(before + 1);
		const item = all.executions.at(-1).triggerItems[0];
		expect(item.streamName).toBe('cam_p');
		expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
		expect(item.polluted).toBeUndefined();
		expect(Object.prototype.hasOwnProperty.call(item, 'constructor')).toBe(false);
	});
});

describe('filters', () => {
	test('events not selected, other entry points, other streams and other products: 200 and no execution', async () => {
		env.sandbox.setConfig({ ncs: { url: some.productionUrl } });
		const before = executions(some);
		const cases = [
			envelope(2, { entryPoint: 'live', streamName: 'match_1' }), // publish_end: not selected
			envelope(1, { entryPoint: 'studio', streamName: 'match_1' }), // other entry point
			envelope(1, { entryPoint: 'live', streamName: 'warmup' }), // other stream
			envelope(1, { entryPoint: 'live', streamName: 'match_1' }, { productId: 1 }), // not Media Broadcast
			envelope(999, { entryPoint: 'live', streamName: 'match_1' }), // unknown event type
		];
		for (const body of cases) {
			const res = await env.sandbox.sendNcs({ body, signature: 'valid' });
			expect(res.delivery.status).toBe(200);
			expect(JSON.parse(res.delivery.responseBody)).toEqual({
				ok: true,
				noticeId: body.noticeId,
				result: 'filtered',
			});
		}
		await env.n8n.idle();
		expect(executions(some)).toBe(before);

		const wanted = [
			envelope(1, { entryPoint: 'live', streamName: 'match_7' }),
			envelope(1, { entryPoint: 'live', streamName: 'final' }),
		];
		for (const body of wanted) {
			const res = await env.sandbox.sendNcs({ body, signature: 'valid' });
			expect(JSON.parse(res.delivery.responseBody).result).toBe('accepted');
		}
		await env.n8n.idle();
		expect(executions(some)).toBe(before + 2);
		expect(some.executions.slice(-2).map((e) => e.triggerItems[0].streamName)).toEqual([
			'match_7',
			'final',
		]);
	});
});

describe('requests that start nothing', () => {
	test('forged and unsigned events: 401, no execution', async () => {
		const before = executions(all);
		const body = envelope(1, { entryPoint: 'live', streamName: 'forged' });
		const forged = await env.sandbox.sendNcs({ body, signature: 'forged' });
		expect(forged.delivery.status).toBe(401);
		expect(JSON.parse(forged.delivery.responseBody)).toEqual({
			ok: false,
			error: 'invalid or missing Agora-Signature-V2',
		});
		const unsigned = await env.sandbox.sendNcs({ body, signature: 'none' });
		expect(unsigned.delivery.status).toBe(401);
		// Signed correctly, but for other bytes than the ones sent (re-serialised body).
		const raw = JSON.stringify(body);
		const reformatted = await post(all.productionUrl, JSON.stringify(body, null, 2), {
			signature: signV2(NCS_SECRET, raw),
		});
		expect(reformatted.status).toBe(401);
		// Only the SHA-1 header (Agora-Signature), no V2.
		const v1only = await request(all.productionUrl, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				'Agora-Signature': crypto.createHmac('sha1', NCS_SECRET).update(raw).digest('hex'),
			},
			body: raw,
		});
		expect(v1only.status).toBe(401);
		await env.n8n.idle();
		expect(executions(all)).toBe(before);
	});

	test('a replayed delivery (same noticeId): 200 "duplicate", one execution; static data holds a hash of the id, never the noticeId', async () => {
		const before = executions(all);
		const body = envelope(1, { entryPoint: 'live', streamName: 'replayed' });
		const first = await env.sandbox.sendNcs({ body, signature: 'valid' });
		const second = await env.sandbox.sendNcs({ body, signature: 'valid' });
		const third = await post(all.productionUrl, JSON.stringify(body));
		expect(JSON.parse(first.delivery.responseBody).result).toBe('accepted');
		expect(JSON.parse(second.delivery.responseBody)).toEqual({
			ok: true,
			noticeId: body.noticeId,
			result: 'duplicate',
		});
		expect(third.status).toBe(200);
		expect(third.body.result).toBe('duplicate');
		await env.n8n.idle();
		expect(executions(all)).toBe(before + 1);
		expect(all.storedStaticData['node:Agora Trigger']?.seenNoticeIds).toBeUndefined();
		expect(all.storedStaticData['node:Agora Trigger'].deliveryRecord.ids).toHaveLength(
			new Set(all.storedStaticData['node:Agora Trigger'].deliveryRecord.ids).size,
		);
		expect(JSON.stringify(all.storedStaticData)).not.toContain(body.noticeId);
	});

	test('without a noticeId the same bytes are the same delivery; other bytes are another one', async () => {
		const before = executions(all);
		const { noticeId, ...body } = envelope(2, { streamName: 'no-id' });
		expect(noticeId).toBeDefined();
		const raw = JSON.stringify(body);
		const answers = [];
		for (const bytes of [raw, raw, JSON.stringify(body, null, 1)]) {
			answers.push((await post(all.productionUrl, bytes)).body.result);
		}
		expect(answers).toEqual(['accepted', 'duplicate', 'accepted']);
		await env.n8n.idle();
		expect(executions(all)).toBe(before + 2);
	});

	test('repeats stored by earlier versions in static data are removed on activation', async () => {
		const wf = env.n8n.addWorkflow({
			id: 'legacy',
			parameters: { mode: 'events', events: ['*'] },
			staticData: { 'node:Agora Trigger': { seenNoticeIds: ['old-1', 'old-2'] } },
		});
		await wf.activate();
		expect(wf.storedStaticData['node:Agora Trigger'].seenNoticeIds).toBeUndefined();
		await wf.deactivate();
	});

	test('malformed bodies: n8n itself answers 422 to bad JSON sent as JSON; the trigger answers 400 otherwise; no execution', async () => {
		const before = executions(all);
		// What Agora's Content-Type (application/json) gets: n8n's body parser refuses before the trigger runs.
		const viaSandbox = await env.sandbox.sendNcs({ body: 'not json {', signature: 'valid' });
		expect(viaSandbox.delivery.status).toBe(422);
		// Other content types reach the trigger, which checks the signature on the raw bytes, then the JSON.
		const text = await post(all.productionUrl, 'not json {', { contentType: 'text/plain' });
		expect(text.status).toBe(400);
		expect(text.body).toEqual({ ok: false, error: 'the body is not JSON' });
		const unsignedText = await post(all.productionUrl, 'not json {', {
			contentType: 'text/plain',
			signature: null,
		});
		expect(unsignedText.status).toBe(401);
		const array = await post(all.productionUrl, '[1,2,3]');
		expect(array.status).toBe(400);
		const noType = await post(all.productionUrl, JSON.stringify({ noticeId: 'x', payload: {} }));
		expect(noType.status).toBe(400);
		expect(noType.body).toEqual({ ok: false, error: 'not an Agora NCS event (no eventType)' });
		const badPayload = await post(
			all.productionUrl,
			JSON.stringify({ eventType: 1, payload: 'x' }),
		);
		expect(badPayload.status).toBe(400);
		await env.n8n.idle();
		expect(executions(all)).toBe(before);
	});

	test('oversized body (> 1 MB): 413 before any signature work, no execution', async () => {
		const before = executions(all);
		const body = envelope(1, {
			entryPoint: 'live',
			streamName: 'big',
			padding: 'x'.repeat(1024 * 1024),
		});
		const res = await env.sandbox.sendNcs({ body, signature: 'valid' });
		expect(res.delivery.status).toBe(413);
		expect(JSON.parse(res.delivery.responseBody)).toEqual({
			ok: false,
			error: 'payload too large',
		});
		const unsigned = await env.sandbox.sendNcs({ body, signature: 'none' });
		expect(unsigned.delivery.status).toBe(413);
		await env.n8n.idle();
		expect(executions(all)).toBe(before);
	});

	test('no Notification Secret in the credential: activation refuses with a clear message; requests get 401', async () => {
		env.credentials.ncsSecret = '';
		try {
			const wf = env.n8n.addWorkflow({
				id: 'nosecret',
				parameters: { mode: 'events', events: ['*'] },
			});
			await expect(wf.activate()).rejects.toThrow(
				/Set "Notification Secret \(NCS\)" in the Agora Media Broadcast credential/,
			);
			const before = executions(all);
			const res = await env.sandbox.sendNcs({
				body: envelope(1, { streamName: 's' }),
				signature: 'valid',
				secret: NCS_SECRET,
			});
			expect(res.delivery.status).toBe(401);
			await env.n8n.idle();
			expect(executions(all)).toBe(before);
		} finally {
			env.credentials.ncsSecret = NCS_SECRET;
		}
	});

	test('a URL that is not registered (workflow deactivated): n8n answers 404', async () => {
		const wf = env.n8n.addWorkflow({ id: 'gone', parameters: { mode: 'events', events: ['*'] } });
		await wf.activate();
		expect(wf.webhooks()).toEqual([`webhook POST ${wf.webhookId}/agora`]);
		await wf.deactivate();
		const res = await post(wf.productionUrl, JSON.stringify(envelope(1, {})));
		expect(res.status).toBe(404);
		expect(wf.executions).toHaveLength(0);
	});
});
