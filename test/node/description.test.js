// The action node's description as the editor reads it: canvas subtitles with display names (as n8n's
// own nodes show them), evaluated with n8n-workflow's expression engine, and the locator mode labels.
'use strict';

const path = require('node:path');
const { Workflow } = require('n8n-workflow');

const { DIST, NODE_TYPE, runNode } = require('../helpers/engine');

const { AgoraMediaBroadcast } = require(
	path.join(DIST, 'nodes/AgoraMediaBroadcast/AgoraMediaBroadcast.node.js'),
);
const agora = new AgoraMediaBroadcast();
const { description } = agora;

function subtitleOf(parameters) {
	const node = {
		id: 'a',
		name: 'Agora',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const workflow = new Workflow({
		id: 'wf',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => agora,
			getByNameAndVersion: () => agora,
			getKnownTypes: () => ({}),
		},
	});
	return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
}

test.each([
	['domain', 'getMany', 'Get many: Domain'],
	['stream', 'ban', 'Ban: Stream'],
	['stream', 'getManyOnline', 'Get many online: Stream'],
	['customRecording', 'start', 'Start for stream: Custom Recording'],
	['report', 'getPublishHistory', 'Get publish history: Report'],
])('the subtitle of %s / %s is "%s"', (resource, operation, expected) => {
	expect(subtitleOf({ resource, operation })).toBe(expected);
});

test('every operation of every resource has a display-name subtitle', () => {
	const resourceNames = Object.fromEntries(
		description.properties
			.find((property) => property.name === 'resource')
			.options.map((option) => [option.value, option.name]),
	);
	const operations = description.properties.filter((property) => property.name === 'operation');
	let count = 0;
	for (const property of operations) {
		for (const resource of property.displayOptions.show.resource) {
			for (const option of property.options) {
				const [first, ...rest] = option.name.split(' ');
				const expected = [first, ...rest.map((word) => word.toLowerCase())].join(' ');
				expect(subtitleOf({ resource, operation: option.value })).toBe(
					`${expected}: ${resourceNames[resource]}`,
				);
				count++;
			}
		}
	}
	expect(count).toBeGreaterThan(40);
});

test('an unknown pair (an old workflow) falls back to the raw values', () => {
	expect(subtitleOf({ resource: 'stream', operation: 'gone' })).toBe('gone: stream');
});

test('the locator modes have short labels the narrow mode dropdown does not clip', () => {
	const locators = description.properties.filter((property) => property.type === 'resourceLocator');
	expect(locators.length).toBeGreaterThan(0);
	for (const locator of locators) {
		expect(locator.modes.map((mode) => mode.displayName)).toEqual(['From List', 'Name']);
	}
});

test('the action node describes itself, not the trigger', () => {
	expect(description.description).toMatch(/^Control Agora Media Broadcast live streaming/);
	expect(description.description).not.toMatch(/Starts the workflow/);
});

test("the Region choices show Agora's region codes as codes (CN, AP, EU, NA)", () => {
	const region = description.properties.find((property) => property.name === 'region');
	expect(region.options.map((option) => option.name)).toEqual([
		'China Mainland (CN)',
		'Asia Excluding China Mainland (AP)',
		'Europe (EU)',
		'North America (NA)',
	]);
});

test('the MP4 and HLS choices say what happens to the recordings, not what is sent', () => {
	const formats = description.properties.filter((property) =>
		['mp4', 'hls'].includes(property.name),
	);
	expect(formats.length).toBeGreaterThan(1);
	for (const format of formats) {
		const label = format.displayName;
		expect(format.options.map((option) => option.description)).toEqual([
			`Stop writing ${label} files`,
			`Write ${label} files`,
			`Keep the current ${label} setting`,
		]);
	}
});

test('the snapshot Storage field describes the choice, not one of its options', () => {
	const storage = description.properties.filter((property) => property.name === 'storage');
	expect(storage.map((property) => property.description)).toEqual([
		'Which snapshot settings to read: those for Agora storage or for your storage',
		'Where the snapshots are written: Agora storage or your cloud storage',
	]);
	for (const property of storage)
		for (const option of property.options)
			expect(property.description).not.toBe(option.description);
});

test('a stream name description and the name rule after it are two sentences', () => {
	const streamNames = description.properties.filter((property) => property.name === 'streamName');
	expect(streamNames.length).toBeGreaterThan(10);
	for (const property of streamNames)
		expect(property.description).toMatch(/[.!?] Use letters, digits and /);
});

test('every operation the editor offers has a module the router runs', async () => {
	// Nothing listens on port 9: whatever reaches the transport fails at once; what matters is that
	// no pair ends in the router's "not supported".
	const credentials = {
		customerId: 'c',
		customerSecret: 's',
		appId: '0123456789abcdef0123456789abcdef',
		baseUrl: 'http://127.0.0.1:9',
	};
	const pairs = description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) =>
			property.displayOptions.show.resource.flatMap((resource) =>
				property.options.map((option) => [resource, option.value]),
			),
		);
	expect(pairs.length).toBeGreaterThan(40);
	for (const [resource, operation] of pairs) {
		// Required fields hold an expression: n8n's own check of required fields passes, the operation's does not.
		const required = description.properties.filter(
			(property) =>
				property.required &&
				property.displayOptions?.show?.resource?.includes(resource) &&
				(property.displayOptions.show.operation ?? [operation]).includes(operation),
		);
		const result = await runNode({
			parameters: {
				resource,
				operation,
				...Object.fromEntries(required.map((property) => [property.name, '={{ "" }}'])),
				requestSettings: { maxAttempts: 1, timeout: 1 },
			},
			credentials,
		});
		expect([resource, operation, result.error?.message ?? 'ran']).toEqual([
			resource,
			operation,
			expect.not.stringMatching(/is not supported/),
		]);
	}
	const unknown = await runNode({
		parameters: { resource: 'stream', operation: 'gone' },
		credentials,
	});
	expect(unknown.error?.message).toBe('The operation "gone" of resource "stream" is not supported');
});

test('each node’s codex puts it in categories of n8n’s nodes panel', () => {
	// The categories n8n's docs list for codex files (reference/codex-files): any other name,
	// e.g. "Marketing" for "Marketing & Content", puts the node in no category.
	const N8N_CATEGORIES = [
		'Data & Storage',
		'Finance & Accounting',
		'Marketing & Content',
		'Productivity',
		'Miscellaneous',
		'Sales',
		'Development',
		'Analytics',
		'Communication',
		'Utility',
	];
	for (const node of [
		'AgoraMediaBroadcast',
		'AgoraMediaBroadcastTrigger',
		'AgoraMediaBroadcastPollTrigger',
	]) {
		const codex = require(path.join(DIST, `nodes/${node}/${node}.node.json`));
		expect([node, codex.categories]).toEqual([node, ['Communication', 'Development']]);
		for (const category of codex.categories) expect(N8N_CATEGORIES).toContain(category);
	}
});
