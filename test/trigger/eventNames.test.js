// Names in NCS events (the node's name rule): an event whose stream or entry point name breaks the
// rule still starts its execution (it already happened at Agora: a moderation workflow must see it),
// and the item says so in `nameProblem`, shown without control characters. Good names get no flag.
'use strict';

const crypto = require('node:crypto');
const { setup, NCS_SECRET } = require('./setup');

const APP = 'app-event-names';
let env;
let all;

function envelope(eventType, payload) {
	return {
		noticeId: crypto.randomUUID(),
		productId: 7,
		eventType,
		notifyMs: 1764331200000,
		payload,
	};
}

beforeAll(async () => {
	env = await setup({ appId: APP });
	all = env.n8n.addWorkflow({ id: 'names', parameters: { mode: 'events', events: ['*'] } });
	await all.activate();
	env.sandbox.setConfig({ ncs: { url: all.productionUrl, secret: NCS_SECRET } });
});

afterAll(async () => {
	await env.close();
});

async function deliver(payload, eventType = 103) {
	const body = envelope(eventType, payload);
	const res = await env.sandbox.sendNcs({ body, signature: 'valid' });
	await env.n8n.idle();
	const run = all.executions.find((e) => e.triggerItems[0].noticeId === body.noticeId);
	return { res, item: run?.triggerItems[0] };
}

test.each([
	['a space', 'bad name', 'Stream name "bad name" is not valid'],
	['a path step', '..', 'Stream name ".." is not valid: it is a path step'],
	['a line break (shown as ?)', 'cam1\nINFO forged log line', 'Stream name "cam1?INFO forged'],
	['a percent escape', 'cam%2F1', 'Stream name "cam%2F1" is not valid'],
])(
	'a stream name with %s: accepted (200), one execution, the item flagged',
	async (_label, streamName, problem) => {
		const { res, item } = await deliver({
			entryPoint: 'live',
			streamName,
			suggestion: 'block',
		});
		expect(res.delivery.status).toBe(200);
		expect(JSON.parse(res.delivery.responseBody)).toMatchObject({ result: 'accepted' });
		expect(item).toBeDefined();
		expect(item.streamName).toBe(streamName);
		expect(item.nameProblem).toContain(problem);
		expect(item.nameProblem).not.toMatch(/[\u0000-\u001f]/);
	},
);

test('a bad entry point name is flagged the same way', async () => {
	const { item } = await deliver({ entryPoint: 'a/b', streamName: 'cam1' }, 1);
	expect(item.nameProblem).toMatch(/^Entry point "a\/b" is not valid/);
});

test('names that follow the rule: no nameProblem', async () => {
	const { item } = await deliver({ entryPoint: 'live', streamName: 'cam-1_ok.v2' }, 1);
	expect(item.streamName).toBe('cam-1_ok.v2');
	expect(item).not.toHaveProperty('nameProblem');
});
