// Stage 3: the editor in Chromium. First a Chromium (found, or installed with apt-get as root: see
// lib/chromium.mjs). Then sign in, add the node to a new workflow, open its Resource and Operation
// dropdowns. Saves test-results/e2e/docs/editor-agora-node.png (`npm run docs:refresh` copies it to
// docs/, shown in the README) and more shots under test-results/e2e/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { NODE_TYPE, ROOT } from '../../scripts/lib/n8n.mjs';
import { DEFAULT_OWNER } from '../../scripts/lib/rest.mjs';
import { provideChromium } from './lib/chromium.mjs';
import { docShot as docShotPath } from './lib/context.mjs';
import { exploreAgoraNode } from './lib/editor.mjs';

/** The step every editor test needs (`needs: [BROWSER_READY]`). */
export const BROWSER_READY =
	'browser: Chromium is there (found, or installed with apt-get as root or from npm)';

export const RESOURCES = [
	'Custom Recording',
	'Domain',
	'Entry Point',
	'Origin Authentication',
	'Pull From Origin',
	'Report',
	'Snapshot',
	'Standard Recording',
	'Stream',
	'Stream Transfer',
	'Transcoding',
	'Watermark',
];

export function register({ test, ctx }) {
	test(BROWSER_READY, async () => {
		const chromium = await provideChromium({ log: ctx.log });
		return `${chromium.version} (${chromium.path}, from ${chromium.how})`;
	});

	test(
		'browser: the editor adds the Agora Media Broadcast node and lists its resources and operations',
		async () => {
			fs.mkdirSync(ctx.artifactsDir, { recursive: true });
			const docShot = docShotPath('editor-agora-node.png');
			const r = await exploreAgoraNode({
				url: ctx.server.url,
				email: DEFAULT_OWNER.email,
				password: DEFAULT_OWNER.password,
				actionName: 'Ban stream',
				artifactsDir: ctx.artifactsDir,
				shots: {
					resources: docShot,
					actions: docShotPath('editor-node-details.png'), // the node creator's entry and its description
					operations: path.join(ctx.artifactsDir, 'editor-operations.png'),
					canvas: docShotPath('editor-canvas-subtitle.png'), // "Ban: Stream" under the node
				},
			});
			// The Resource dropdown lists what the node describes, which includes the 12 API resources.
			const types = await ctx.rest.request('GET', '/types/nodes.json', undefined, { expect: 200 });
			const node = types.body.find((n) => n.name === NODE_TYPE);
			const described = node.properties
				.find((p) => p.name === 'resource')
				.options.map((o) => o.name);
			assert.deepEqual(
				r.resources,
				described,
				'the Resource dropdown lists the resources the node describes',
			);
			const missing = RESOURCES.filter((name) => !r.resources.includes(name));
			assert.deepEqual(missing, [], 'every API resource is in the Resource dropdown');
			// The Operation dropdown (resource Stream, picked through the "Ban stream" action) lists the
			// operations the node describes for that resource.
			const opField = node.properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('stream'),
			);
			const expectedOps = opField.options.map((o) => o.name);
			assert.deepEqual(
				r.operations,
				expectedOps,
				'the Operation dropdown lists the stream operations',
			);
			assert.ok(r.operations.includes('Ban'));
			// The node creator lists the node's actions by resource (a virtual list: only the first
			// ones are rendered until scrolled; "Ban stream" was found and clicked to add the node).
			assert.ok(
				r.actions.includes('Add domain') && r.actions.includes('Get many domains'),
				`actions: ${r.actions.join(', ')}`,
			);
			assert.ok(
				r.canvasNodes.some((t) => t.startsWith('Ban stream')),
				`canvas: ${JSON.stringify(r.canvasNodes)}`,
			);
			assert.deepEqual(r.consoleErrors, [], 'no uncaught errors in the page');
			return `${r.resources.length} resources, ${r.operations.length} stream operations; screenshot ${path.relative(ROOT, docShot)}`;
		},
		{
			needs: [
				BROWSER_READY,
				'server: owner created with POST /rest/owner/setup, login with POST /rest/login',
			],
		},
	);
}
