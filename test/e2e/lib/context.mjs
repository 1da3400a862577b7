// Shared state of one e2e run: the n8n install, a fresh user folder with the packed package installed,
// the sandbox, the n8n environment, and (later) the running `n8n start`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	ensureN8n,
	freePort,
	n8nEnv,
	PINNED_N8N_VERSION,
	preparePackage,
	ROOT,
} from '../../../scripts/lib/n8n.mjs';
import { sandboxControl, startSandboxInProcess } from '../../../scripts/lib/sandbox.mjs';

export const NCS_SECRET = 'e2e-ncs-secret';
export const ARTIFACTS = path.join(ROOT, 'test-results/e2e');
/** Artefacts of a run on another n8n than the pinned one go beside, so one run never mixes with the other. */
export const artifactsDirFor = (n8nVersion) =>
	n8nVersion === PINNED_N8N_VERSION ? ARTIFACTS : `${ARTIFACTS}-n8n-${n8nVersion}`;
/**
 * Screenshots meant for docs/ are written here (git-ignored), so a test run changes no tracked file;
 * `npm run docs:refresh` copies them to docs/.
 */
export const DOC_SHOTS = path.join(ARTIFACTS, 'docs');
/** Where a test saves the screenshot that `npm run docs:refresh` copies to docs/<name>. */
export function docShot(name) {
	fs.mkdirSync(DOC_SHOTS, { recursive: true });
	return path.join(DOC_SHOTS, name);
}

export function createContext(options) {
	const artifactsDir = artifactsDirFor(options.n8nVersion);
	return {
		options,
		n8nVersion: options.n8nVersion, // the n8n this run asks for (ctx.n8n.version: the one installed)
		artifactsDir,
		n8n: null,
		userFolder: null,
		env: null,
		sandbox: null, // in-process sandbox object (url, customerId, customerSecret)
		sb: null, // control API client
		credentials: new Map(), // branch name → credential
		server: null, // running `n8n start`
		rest: null,
		log: (...a) => console.log('#', ...a),
		artifact(name, content) {
			fs.mkdirSync(artifactsDir, { recursive: true });
			const file = path.join(artifactsDir, name);
			fs.writeFileSync(
				file,
				typeof content === 'string' ? content : JSON.stringify(content, null, 2),
			);
			return path.relative(ROOT, file);
		},
	};
}

export function setupN8n(ctx) {
	const t = Date.now();
	ctx.n8n = ensureN8n({ log: ctx.log, version: ctx.n8nVersion });
	return Date.now() - t;
}

export async function setupPackage(ctx) {
	ctx.userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-e2e-'));
	preparePackage(ctx.userFolder, { log: ctx.log, skipBuild: ctx.options.skipBuild });
	const port = await freePort();
	const brokerPort = await freePort();
	ctx.env = n8nEnv({
		userFolder: ctx.userFolder,
		port,
		brokerPort,
		logLevel: 'info',
		n8nVersion: ctx.n8nVersion,
		extra: {
			// Publication of activated workflows goes through an outbox; wake it often (default 15 s).
			N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '1000',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		},
	});
	ctx.log(`user folder ${ctx.userFolder}, n8n port ${port}`);
}

export async function setupSandbox(ctx) {
	ctx.sandbox = await startSandboxInProcess({
		port: 0,
		smtpPort: 0, // the SMTP stand-in the email example sends to
		rateLimit: 50,
		ncs: {
			url: null,
			secret: NCS_SECRET,
			timeoutMs: 5000,
			retryDelaysMs: [200, 200, 200],
			maxRetries: 1,
		},
	});
	ctx.sandbox.ncsSecret = NCS_SECRET;
	ctx.sb = sandboxControl(ctx.sandbox.url);
	await ctx.sb.health();
	ctx.log(`sandbox ${ctx.sandbox.url}, SMTP 127.0.0.1:${ctx.sandbox.smtp.port}`);
}

export async function teardown(ctx, { keep }) {
	if (ctx.server) {
		await ctx.server.stop().catch(() => {});
		ctx.server = null;
	}
	if (ctx.sandbox) await ctx.sandbox.close().catch(() => {});
	if (ctx.userFolder) {
		if (keep) ctx.log(`kept the n8n user folder ${ctx.userFolder}`);
		else fs.rmSync(ctx.userFolder, { recursive: true, force: true });
	}
}
