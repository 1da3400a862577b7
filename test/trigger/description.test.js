// The trigger's description as n8n reads it: trigger conventions, the codex, and the webhook
// description evaluated for each mode with n8n-workflow's own expression engine.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { HookContext } = require('n8n-core');
const { NodeHelpers, Workflow } = require('n8n-workflow');
const { DIST, TRIGGER_TYPE } = require('./harness');

const { AgoraMediaBroadcastTrigger } = require(
	path.join(DIST, 'nodes/AgoraMediaBroadcastTrigger/AgoraMediaBroadcastTrigger.node.js'),
);

const trigger = new AgoraMediaBroadcastTrigger();
const { description } = trigger;
const nodeTypes = {
	getByName: () => trigger,
	getByNameAndVersion: () => trigger,
	getKnownTypes: () => ({}),
};

/** A workflow holding one trigger with these parameters (defaults filled in as n8n does). */
function triggerIn(parameters) {
	const node = {
		id: 't',
		name: 'Agora',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
		parameters,
	};
	const workflow = new Workflow({
		id: 'wf',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: {},
	});
	return { workflow, node: workflow.getNode('Agora') };
}

function webhookFor(parameters) {
	const { workflow, node } = triggerIn(parameters);
	const [webhook] = description.webhooks;
	const value = (field, dflt) =>
		workflow.expression.getSimpleParameterValue(
			node,
			webhook[field],
			'internal',
			{},
			undefined,
			dflt,
		);
	return {
		httpMethod: String(value('httpMethod', 'GET')),
		responseMode: value('responseMode', 'onReceived'),
		responseCode: value('responseCode', 200),
		responseData: workflow.expression.getComplexParameterValue(
			node,
			webhook.responseData,
			'internal',
			{},
			undefined,
			'firstEntryJson',
		),
		path: NodeHelpers.getNodeWebhookPath('wf', node, webhook.path, false, false),
		node,
	};
}

test('trigger conventions: name, group, no inputs, not an AI tool, the shared credential', () => {
	expect(description.name).toBe('agoraMediaBroadcastTrigger');
	expect(description.displayName).toBe('Agora Media Broadcast Trigger');
	expect(description.group).toEqual(['trigger']);
	expect(description.inputs).toEqual([]);
	expect(description.outputs).toEqual(['main']);
	expect(description.usableAsTool).toBeUndefined();
	expect(description.credentials).toEqual([{ name: 'agoraMediaBroadcastApi', required: true }]);
	expect(description.icon).toEqual({
		light: 'file:../../icons/agora.svg',
		dark: 'file:../../icons/agora.dark.svg',
	});
	expect(Object.keys(trigger.webhookMethods.default).sort()).toEqual([
		'checkExists',
		'create',
		'delete',
	]);
	expect(typeof trigger.methods.listSearch.searchEntryPoints).toBe('function');
});

test('the subtitle names the mode', () => {
	const subtitles = ['events', 'originAuth', 'streamTransfer', 'pullFromOrigin'].map((mode) => {
		const { workflow, node } = triggerIn({ mode });
		return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
	});
	expect(subtitles).toEqual([
		'Stream events',
		'Origin authentication',
		'Stream transfer lookup',
		'Dynamic pull from origin',
	]);
});

test('the codex is built next to the node', () => {
	const codex = JSON.parse(
		fs.readFileSync(
			path.join(DIST, 'nodes/AgoraMediaBroadcastTrigger/AgoraMediaBroadcastTrigger.node.json'),
			'utf8',
		),
	);
	expect(codex.node).toBe('n8n-nodes-agora-media-broadcast.agoraMediaBroadcastTrigger');
	expect(codex.codexVersion).toBe('1.0');
});

test('the event filter lists the 9 Media Broadcast events by name plus Any Event, sorted', () => {
	const events = description.properties.find((p) => p.name === 'events');
	expect(events.type).toBe('multiOptions');
	expect(events.default).toEqual(['publish_start']);
	expect(events.options.map((o) => o.value).sort()).toEqual(
		[
			'*',
			'new_custom_moderation_result',
			'new_custom_record_file',
			'new_custom_snapshot_file',
			'new_standard_moderation_result',
			'new_standard_record_file',
			'new_standard_snapshot_file',
			'publish_end',
			'publish_media_info',
			'publish_start',
		].sort(),
	);
	const names = events.options.map((o) => o.name);
	expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
});

test.each([
	[
		{ mode: 'events' },
		{ httpMethod: 'POST', responseMode: 'onReceived', responseCode: 200, responseData: '' },
	],
	[
		{ mode: 'originAuth' },
		{ httpMethod: 'GET,POST', responseMode: 'responseNode', responseCode: 401, responseData: '' },
	],
	[
		{ mode: 'originAuth', defaultAnswer: 'allow' },
		{ httpMethod: 'GET,POST', responseMode: 'responseNode', responseCode: 200, responseData: '' },
	],
	[
		{ mode: 'streamTransfer' },
		{ httpMethod: 'GET,POST', responseMode: 'responseNode', responseCode: 404, responseData: '' },
	],
	[
		{ mode: 'streamTransfer', respond: 'lastNode' },
		{
			httpMethod: 'GET,POST',
			responseMode: 'lastNode',
			responseCode: 200,
			responseData: 'firstEntryJson',
		},
	],
	[
		{ mode: 'pullFromOrigin' },
		{ httpMethod: 'GET,POST', responseMode: 'responseNode', responseCode: 404, responseData: '' },
	],
	[
		{ mode: 'pullFromOrigin', respond: 'lastNode' },
		{
			httpMethod: 'GET,POST',
			responseMode: 'lastNode',
			responseCode: 200,
			responseData: 'firstEntryJson',
		},
	],
])('webhook description for %j', (parameters, expected) => {
	const webhook = webhookFor(parameters);
	expect({
		httpMethod: webhook.httpMethod,
		responseMode: webhook.responseMode,
		responseCode: webhook.responseCode,
		responseData: webhook.responseData,
	}).toEqual(expected);
	expect(webhook.path).toBe(`${webhook.node.webhookId}/agora`);
});

test('production and test URLs as n8n builds them: <base>/webhook/<webhookId>/agora and <base>/webhook-test/...', () => {
	const { workflow, node } = triggerIn({ mode: 'events' });
	const additionalData = {
		webhookBaseUrl: 'https://n8n.example.com/webhook',
		webhookTestBaseUrl: 'https://n8n.example.com/webhook-test',
	};
	const production = new HookContext(workflow, node, additionalData, 'webhook', 'activate', {
		webhookDescription: description.webhooks[0],
	});
	expect(production.getNodeWebhookUrl('default')).toBe(
		`https://n8n.example.com/webhook/${node.webhookId}/agora`,
	);
	const test = new HookContext(workflow, node, additionalData, 'manual', 'manual', {
		webhookDescription: description.webhooks[0],
		isTest: true,
	});
	expect(test.getNodeWebhookUrl('default')).toBe(
		`https://n8n.example.com/webhook-test/${node.webhookId}/agora`,
	);
});

test('notices are short (one line with a link to the set-up steps) and come after the fields they explain', () => {
	const notices = description.properties.filter((p) => p.type === 'notice');
	expect(notices.map((n) => n.name).sort()).toEqual([
		'eventsNotice',
		'lookupNotice',
		'originAuthNotice',
		'unprotectedNotice',
	]);
	for (const notice of notices) {
		const text = notice.displayName.replace(/<a [^>]*>[^<]*<\/a>/g, '');
		expect(text.length).toBeLessThanOrEqual(160);
	}
	// The first field of every mode is a setting, not a notice.
	const names = description.properties.map((p) => p.name);
	for (const name of ['eventsNotice', 'originAuthNotice', 'lookupNotice']) {
		expect(names.indexOf(name)).toBeGreaterThan(names.indexOf('events'));
		expect(names.indexOf(name)).toBeGreaterThan(names.indexOf('registerCallback'));
	}
	// Every notice links to a heading of the repository's README (GitHub's anchor for it).
	const headings = fs
		.readFileSync(path.join(__dirname, '../../README.md'), 'utf8')
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) =>
			line
				.replace(/^#+ /, '')
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N} _-]/gu, '')
				.replace(/ /g, '-'),
		);
	for (const notice of notices.filter((n) => n.displayName.includes('href='))) {
		const href = /href="([^"]+)"/.exec(notice.displayName)[1];
		expect(href).toMatch(/^https:\/\/github\.com\/agora-n8n\/n8n-nodes-agora-media-broadcast#/);
		expect([notice.name, headings.includes(href.split('#')[1])]).toEqual([notice.name, true]);
	}
});

test('with Register Callback URL off, the transfer and pull modes offer a token (password field) and an IP allow-list, and say when neither is set', () => {
	const token = description.properties.find((p) => p.name === 'callbackToken');
	expect(token).toMatchObject({ type: 'string', typeOptions: { password: true }, default: '' });
	for (const name of ['callbackToken', 'allowedIps']) {
		expect(description.properties.find((p) => p.name === name).displayOptions).toEqual({
			show: { mode: ['streamTransfer', 'pullFromOrigin'], registerCallback: [false] },
		});
	}
	const unprotected = description.properties.find((p) => p.name === 'unprotectedNotice');
	expect(unprotected.displayOptions.show).toMatchObject({ callbackToken: [''], allowedIps: [''] });
	expect(unprotected.displayName).toMatch(/^Unprotected/);
});
