'use strict';
// The Slack incoming-webhook stand-in the "notify" example posts to under `npm run dev` (slack.js).
const { createSandbox } = require('./server');
const { rawRequest } = require('./client');

let sb;
beforeAll(async () => {
	sb = await createSandbox({ port: 0 });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => sb.reset());

const post = (path, body, headers = { 'Content-Type': 'application/json' }) =>
	rawRequest(`${sb.url}/_sandbox/slack${path}`, {
		method: 'POST',
		headers,
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});

test('a message posted to any webhook path is answered "ok" and recorded with its path and text', async () => {
	const res = await post('/services/T0/B0/xyz', { text: '*cam3* is live' });
	expect(res.status).toBe(200);
	expect(res.text).toBe('ok');
	const list = await rawRequest(`${sb.url}/_sandbox/slack`);
	expect(list.body.messages).toEqual([
		expect.objectContaining({ seq: 1, path: '/services/T0/B0/xyz', text: '*cam3* is live' }),
	]);
	expect(sb.slackMessages).toHaveLength(1);
	// It is not an Agora request: the API request log stays empty.
	expect(sb.requestLog).toHaveLength(0);
});

test('answers like Slack to a bad payload and to a message without text; records neither', async () => {
	const notAnObject = await post('/services/T0/B0/xyz', '["text"]');
	expect([notAnObject.status, notAnObject.text]).toEqual([400, 'invalid_payload']);
	// Not JSON at all: the sandbox's gate refuses it before the stand-in (controlGate.js).
	const form = await post('/services/T0/B0/xyz', 'text=hello', {
		'Content-Type': 'application/x-www-form-urlencoded',
	});
	expect(form.status).toBe(415);
	const noText = await post('/services/T0/B0/xyz', { text: '  ' });
	expect([noText.status, noText.text]).toEqual([400, 'no_text']);
	const blocks = await post('/services/T0/B0/xyz', { blocks: [{ type: 'divider' }] });
	expect(blocks.status).toBe(200);
	expect(sb.slackMessages.map((m) => m.seq)).toEqual([1]);
});

test('DELETE forgets the messages, reset() too; GET on a webhook path is a 404 naming the route', async () => {
	await post('/a', { text: 'one' });
	const cleared = await rawRequest(`${sb.url}/_sandbox/slack`, { method: 'DELETE' });
	expect(cleared.body).toEqual({ cleared: 1 });
	await post('/a', { text: 'two' });
	sb.reset();
	expect(sb.slackMessages).toHaveLength(0);
	const wrong = await rawRequest(`${sb.url}/_sandbox/slack/a`);
	expect(wrong.status).toBe(404);
	expect(wrong.body.message).toMatch(/POST \/_sandbox\/slack\/<webhook path>/);
});
