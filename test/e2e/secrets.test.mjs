// Last stage: a scan over everything the real n8n saved or printed during the run (its database and
// logs in the user folder, the CLI outputs and the n8n log in test-results/e2e). The Customer Secrets,
// the NCS secret and a signed request's Authorization header must appear nowhere; the storage keys
// typed into the custom-recording workflow must not appear in any log or execution output (n8n keeps
// workflow parameters as they were typed in its workflow table; that copy is n8n's, not ours, so the
// database is scanned for the other secrets only).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { NCS_SECRET } from './lib/context.mjs';
import { loadBranches } from './lib/workflows.mjs';

const require = createRequire(import.meta.url);
const { scanForSecrets, AUTH_HEADER_PATTERNS } = require('../reliability/secretScan.js');

function filesUnder(dir) {
	if (!dir || !fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(full);
		return entry.isFile() ? [full] : [];
	});
}

/** Scans each file (as latin1, so binary database pages keep every ASCII byte) for the secrets. */
function scanFiles(files, secrets) {
	const hits = [];
	let bytes = 0;
	for (const file of files) {
		const stat = fs.statSync(file);
		if (stat.size > 512 * 1024 * 1024) continue;
		const text = fs.readFileSync(file).toString('latin1');
		bytes += text.length;
		for (const hit of scanForSecrets(text, secrets)) hits.push({ file, ...hit });
	}
	return { hits, bytes };
}

export function register({ test, ctx }) {
	test(
		'secrets: nothing n8n saved or logged holds a secret or an Authorization header',
		async () => {
			const customerSecrets = [
				{ name: 'Customer Secret', value: ctx.sandbox.customerSecret },
				{ name: 'wrong Customer Secret', value: 'not-the-secret' },
				{ name: 'NCS secret', value: NCS_SECRET },
			];
			const storageKeys = [
				{ name: 'storage access key', value: 'AKIAE2EACCESS1234' },
				{ name: 'storage secret key', value: 'e2eSecretKey5678' },
			];
			// Keys kept in an Agora Cloud Storage API credential: n8n stores them encrypted, so they must
			// not appear in plain text anywhere, its database included.
			const credentialKeys = loadBranches()
				.filter((branch) => branch.storageCredential)
				.flatMap((branch) => [
					{
						name: `${branch.name} credential access key`,
						value: branch.storageCredential.storageAccessKey,
					},
					{
						name: `${branch.name} credential secret key`,
						value: branch.storageCredential.storageSecretKey,
					},
				]);
			const saved = filesUnder(ctx.userFolder);
			// Workflow JSON we imported is input, not something n8n saved.
			const printed = filesUnder(ctx.artifactsDir).filter(
				(file) => !/-workflow\.json$|\.png$/.test(file),
			);
			const everywhere = scanFiles(
				[...saved, ...printed],
				[...customerSecrets, ...credentialKeys, ...AUTH_HEADER_PATTERNS],
			);
			const outputs = scanFiles(printed, storageKeys);
			ctx.log(
				`scanned ${saved.length} files n8n saved and ${printed.length} outputs/logs (${Math.round((everywhere.bytes + outputs.bytes) / 1024)} KiB)`,
			);
			const hits = [...everywhere.hits, ...outputs.hits].map(
				(hit) => `${path.basename(hit.file)}: ${hit.secret} (${hit.form}) …${hit.context}…`,
			);
			if (saved.length === 0)
				throw new Error('no files found in the n8n user folder: nothing was scanned');
			// Proof the scan reads what n8n stored: the storage keys typed as workflow parameters are in
			// n8n's workflow table, so scanning the saved files for them must find them.
			const canary = scanFiles(saved, storageKeys);
			if (canary.hits.length === 0) {
				throw new Error(
					"the scan did not find the workflow parameters in n8n's database: it reads nothing",
				);
			}
			if (hits.length) throw new Error(`secrets found:\n${hits.join('\n')}`);
		},
		{ smoke: true },
	);
}
