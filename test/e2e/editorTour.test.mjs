// Browser: the editor tour, the frames of docs/editor-tour.gif. A user's first minute with the node in
// n8n's editor (lib/editorTour.mjs): the node creator finds it, Resource and Operation are picked, the
// credential opens and n8n tests it, Execute step shows the live streams, the canvas shows the run.
// Each step is checked before its frame is saved to test-results/e2e/docs/frames/; `npm run
// docs:refresh` assembles them (ffmpeg) into docs/editor-tour.gif.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { ROOT } from '../../scripts/lib/n8n.mjs';
import { DEFAULT_OWNER } from '../../scripts/lib/rest.mjs';
import { BROWSER_READY } from './browser.test.mjs';
import { editorCredential } from './cli.test.mjs';
import { ARTIFACTS, DOC_SHOTS } from './lib/context.mjs';
import { editorTour, TOUR_FRAMES } from './lib/editorTour.mjs';

export const TOUR_FRAMES_DIR = path.join(DOC_SHOTS, 'frames');

/** PNG width and height from its IHDR chunk. */
function pngSize(file) {
	const b = fs.readFileSync(file);
	assert.equal(b.toString('latin1', 1, 4), 'PNG', `${file} is not a PNG`);
	return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

export function register({ test, ctx }) {
	test(
		'browser: editor tour (frames of docs/editor-tour.gif): add the node, pick Stream → Get Many Online, credential tested, Execute step lists the live streams',
		async () => {
			// The credential the editor picks for a new node ("Agora Media Broadcast account", imported
			// last by the CLI stage): its App ID gets two live streams.
			const { appId } = editorCredential(ctx).data;
			const streams = ['main-stage', 'backstage-cam'];
			await ctx.sb.seed({ appId, onlineStreams: streams.map((name) => ({ name })) });
			const r = await editorTour({
				url: ctx.server.url,
				email: DEFAULT_OWNER.email,
				password: DEFAULT_OWNER.password,
				framesDir: TOUR_FRAMES_DIR,
				artifactsDir: ARTIFACTS,
				log: ctx.log,
			});
			assert.match(r.credentialMessage, /Connection tested successfully/i);
			assert.equal(r.outputRows.length, streams.length, JSON.stringify(r.outputRows));
			for (const name of streams)
				assert.ok(
					r.outputRows.some((row) => row.includes(name)),
					`no output row for ${name}: ${JSON.stringify(r.outputRows)}`,
				);
			assert.ok(
				r.canvasNodes.some((t) => /Get many online/i.test(t)),
				`canvas: ${JSON.stringify(r.canvasNodes)}`,
			);
			assert.deepEqual(r.pageErrors, [], 'no uncaught errors in the page');
			const files = fs.readdirSync(TOUR_FRAMES_DIR).sort();
			assert.deepEqual(
				files,
				TOUR_FRAMES.map(([file]) => file),
				'one frame per step, nothing else',
			);
			const sizes = files.map((f) => pngSize(path.join(TOUR_FRAMES_DIR, f)));
			assert.equal(
				new Set(sizes.map((s) => `${s.width}x${s.height}`)).size,
				1,
				'frames of one size',
			);
			return `${files.length} frames (${sizes[0].width}×${sizes[0].height}) in ${path.relative(ROOT, TOUR_FRAMES_DIR)}; "${r.credentialMessage}"; ${r.outputRows.length} output rows`;
		},
		{
			needs: [
				BROWSER_READY,
				'server: owner created with POST /rest/owner/setup, login with POST /rest/login',
			],
		},
	);
}
