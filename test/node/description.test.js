// The action node's description as the editor reads it: canvas subtitles with display names (as n8n's
// own nodes show them), evaluated with n8n-workflow's expression engine, and the locator mode labels.
'use strict';

const path = require('node:path');
const { Workflow } = require('n8n-workflow');

const { DIST, NODE_TYPE } = require('../helpers/engine');

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
