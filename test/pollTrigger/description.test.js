// The polling trigger's description as n8n reads it: a polling trigger of the package, its codex and
// icons, its settings' defaults, and which fields the editor shows for which settings.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { NodeHelpers } = require('n8n-workflow');

const { DIST } = require('../helpers/engine');
const { POLL_TYPE } = require('./pollEngine');

const NODE_DIR = path.join(DIST, 'nodes/AgoraMediaBroadcastPollTrigger');
const { AgoraMediaBroadcastPollTrigger } = require(
	path.join(NODE_DIR, 'AgoraMediaBroadcastPollTrigger.node.js'),
);
const { description } = new AgoraMediaBroadcastPollTrigger();
const pkg = require('../../package.json');

test('a polling trigger of this package: listed in package.json, codex and icons in dist', () => {
	expect(pkg.n8n.nodes).toContain(
		'dist/nodes/AgoraMediaBroadcastPollTrigger/AgoraMediaBroadcastPollTrigger.node.js',
	);
	expect(description).toMatchObject({
		name: 'agoraMediaBroadcastPollTrigger',
		group: ['trigger'],
		polling: true,
		inputs: [],
		credentials: [{ name: 'agoraMediaBroadcastApi', required: true }],
	});
	const codex = JSON.parse(
		fs.readFileSync(path.join(NODE_DIR, 'AgoraMediaBroadcastPollTrigger.node.json'), 'utf8'),
	);
	expect(codex.node).toBe(POLL_TYPE);
	const light = path.resolve(NODE_DIR, description.icon.light.replace(/^file:/, ''));
	const dark = path.resolve(NODE_DIR, description.icon.dark.replace(/^file:/, ''));
	expect(fs.existsSync(light) && fs.existsSync(dark)).toBe(true);
	expect(fs.readFileSync(light, 'utf8')).not.toBe(fs.readFileSync(dark, 'utf8'));
});

test('defaults: went live and ended on entry point "live", at most 20 requests per poll', () => {
	const values = NodeHelpers.getNodeParameters(description.properties, {}, true, false, null, null);
	expect(values).toMatchObject({
		events: ['publish_start', 'publish_end'],
		watch: 'selected',
		entryPoints: { entryPoint: [{ entryPoint: { mode: 'list', value: 'live' } }] },
		maxRequests: 20,
	});
	const maxRequests = description.properties.find((p) => p.name === 'maxRequests');
	expect(maxRequests.description).toMatch(/1 request to list entry points/);
	const notice = description.properties.find((p) => p.type === 'notice');
	expect(notice.displayName).toMatch(/shorter than the poll interval/);
});

test('Entry Points shows only for Selected, Recording Region only with Standard Record File', () => {
	const shown = (parameters) =>
		description.properties
			.filter((p) => NodeHelpers.displayParameter(parameters, p, null, null))
			.map((p) => p.name);
	expect(shown({ watch: 'selected', events: ['publish_start'] })).toContain('entryPoints');
	expect(shown({ watch: 'all', events: ['publish_start'] })).not.toContain('entryPoints');
	expect(shown({ watch: 'all', events: ['publish_start'] })).not.toContain('region');
	expect(shown({ watch: 'all', events: ['publish_end', 'new_standard_record_file'] })).toContain(
		'region',
	);
});
