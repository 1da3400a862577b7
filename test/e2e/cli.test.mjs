// Stage 1: n8n's CLI, no server. import:credentials → import:workflow → execute --id.
// One `n8n execute` runs every branch in test/e2e/workflows (every resource of the node, the stock
// HTTP Request node with the Agora credential, a wrong secret); more run the manual examples (the
// email one through n8n's Send Email node to the sandbox's SMTP stand-in).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	ensureN8n,
	executeWorkflow,
	importCredentials,
	importWorkflows,
	nodeMajorFor,
	nodeOutput,
} from '../../scripts/lib/n8n.mjs';
import { sandboxMailCredential } from '../../scripts/lib/sandbox.mjs';
import { setupN8n, setupPackage, setupSandbox } from './lib/context.mjs';
import { matchOutput, matchRequests, matchValue } from './lib/expect.mjs';
import { timeZoneCases, timeZoneWorkflow } from './lib/timeZones.mjs';
import {
	branchCredential,
	branchNodeName,
	branchStorageCredential,
	buildCombinedWorkflow,
	exampleTestVariant,
	loadBranches,
	loadExamples,
	stableId,
} from './lib/workflows.mjs';

export const EXAMPLE_IDS = {};
export const EXAMPLE_CREDENTIALS = {};

/** A credential of its own (own App ID) for each example. */
export function exampleCredential(ctx, file) {
	const base = file.replace(/\.json$/, '').replace(/[^a-zA-Z0-9-]+/g, '-');
	return {
		id: stableId('cred', `example:${base}`),
		name: `Agora sandbox (example ${base})`,
		type: 'agoraMediaBroadcastApi',
		data: {
			customerId: ctx.sandbox.customerId,
			customerSecret: ctx.sandbox.customerSecret,
			appId: `e2e-ex-${base}`,
			baseUrl: ctx.sandbox.url,
			requestsPerSecond: 50,
			ncsSecret: ctx.sandbox.ncsSecret,
		},
	};
}

/**
 * The credential the editor picks for a new node (imported last), as the docs' pictures show it: a
 * project's 32-character App ID (the editor tour seeds its live streams).
 */
export function editorCredential(ctx) {
	const c = exampleCredential(ctx, 'editor.json');
	return {
		...c,
		id: stableId('cred', 'editor'),
		name: 'Agora Media Broadcast account',
		data: { ...c.data, appId: '7d3f5a0c2b9e4c18a6f1d2e3b4c5a697' },
	};
}

/** Workflows that only the server stage uses (trigger callback modes + the Callback resource). */
export function loadFixtures() {
	const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => ({
			file: `fixtures/${f}`,
			workflow: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')),
		}));
}

export function register({ test, ctx }) {
	const branches = loadBranches();
	const zoneCases = timeZoneCases();
	const examples = loadExamples();
	const importable = [...examples, ...loadFixtures()];
	const S = {
		n8n: `setup: n8n ${ctx.n8nVersion} on Node ${nodeMajorFor(ctx.n8nVersion)} from the cache`,
		pkg: 'setup: npm run build + npm pack + install into <user folder>/.n8n/nodes/node_modules',
		sandbox: 'setup: sandbox',
		creds: 'cli: n8n import:credentials',
		wfs: 'cli: n8n import:workflow',
		exec: 'cli: n8n execute --id (every branch of test/e2e/workflows in one workflow)',
	};

	test(S.n8n, () => {
		const ms = setupN8n(ctx);
		assert.equal(ctx.n8n.version, ctx.n8nVersion);
		assert.ok(
			fs.existsSync(path.join(ctx.n8n.dir, '.complete')),
			'the cache has no .complete marker',
		);
		const node = spawnSync(ctx.n8n.nodeBin, ['-v'], { encoding: 'utf8' }).stdout.trim();
		assert.match(node, new RegExp(`^v${nodeMajorFor(ctx.n8nVersion)}\\.`));
		// A second call must find the cache and not reinstall (an install ends by writing the marker anew).
		const marker = path.join(ctx.n8n.dir, '.complete');
		const markedAt = fs.statSync(marker).mtimeMs;
		const t = Date.now();
		const again = ensureN8n({ version: ctx.n8nVersion });
		const secondMs = Date.now() - t;
		assert.equal(again.dir, ctx.n8n.dir);
		assert.equal(fs.statSync(marker).mtimeMs, markedAt, 'the second ensure-n8n call reinstalled');
		return `n8n ${ctx.n8n.version}, Node ${node}, ensure ${ms} ms then ${secondMs} ms (cached)`;
	});

	test(
		S.pkg,
		async () => {
			await setupPackage(ctx);
			const installed = path.join(
				ctx.userFolder,
				'.n8n/nodes/node_modules/n8n-nodes-agora-media-broadcast',
			);
			const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
			for (const f of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
				assert.ok(fs.existsSync(path.join(installed, f)), `missing ${f}`);
			assert.ok(
				!fs.existsSync(path.join(installed, 'node_modules')),
				'the package must not bring node_modules',
			);
		},
		{ needs: [S.n8n] },
	);

	test(S.sandbox, async () => {
		await setupSandbox(ctx);
	});

	test(
		S.creds,
		async () => {
			const creds = [];
			for (const b of branches) {
				const c = branchCredential(b, ctx.sandbox);
				ctx.credentials.set(b.name, c);
				creds.push(c);
				const storage = branchStorageCredential(b, ctx.sandbox);
				if (storage) creds.push(storage);
			}
			for (const z of zoneCases) {
				const c = branchCredential(z, ctx.sandbox);
				ctx.credentials.set(z.name, c);
				creds.push(c);
			}
			for (const { file } of importable) {
				const c = exampleCredential(ctx, file);
				EXAMPLE_CREDENTIALS[file] = c;
				creds.push(c);
			}
			// The SMTP credential `npm run dev` makes, for this run's SMTP stand-in.
			ctx.mailCredential = sandboxMailCredential(ctx.sandbox.smtp, {
				id: stableId('cred', 'example:mail'),
				name: 'Sandbox mail (e2e)',
			});
			creds.push(ctx.mailCredential);
			// Imported last, so the editor picks it for a new node (and the README screenshot shows it).
			creds.push(editorCredential(ctx));
			const r = await importCredentials(ctx.n8n, ctx.env, creds);
			assert.match(r.stdout, new RegExp(`Successfully imported ${creds.length} credential`));
			return `${creds.length} credentials in ${r.ms} ms`;
		},
		{ needs: [S.pkg, S.sandbox] },
	);

	test(
		S.wfs,
		async () => {
			const combined = buildCombinedWorkflow(branches, ctx.credentials);
			ctx.combined = combined;
			ctx.artifact('combined-workflow.json', combined);
			const wfs = [combined];
			for (const { file, workflow } of importable) {
				const id = stableId('wf', `example:${file}`);
				EXAMPLE_IDS[file] = id;
				wfs.push(
					exampleTestVariant(workflow, {
						id,
						cred: EXAMPLE_CREDENTIALS[file],
						others: [ctx.mailCredential],
					}),
				);
			}
			for (const z of zoneCases) {
				z.workflow = timeZoneWorkflow(z, ctx.credentials);
				wfs.push(z.workflow);
			}
			const r = await importWorkflows(ctx.n8n, ctx.env, wfs);
			assert.match(r.stdout, new RegExp(`Successfully imported ${wfs.length} workflow`));
			return `${wfs.length} workflows (${combined.nodes.length} nodes in the combined one) in ${r.ms} ms`;
		},
		{ needs: [S.creds] },
	);

	test(
		S.exec,
		async () => {
			for (const b of branches) if (b.seed) await ctx.sb.seed({ ...b.seed, appId: b.appId });
			ctx.seqBefore = await ctx.sb.lastSeq();
			const r = await executeWorkflow(ctx.n8n, ctx.env, ctx.combined.id);
			ctx.artifact('combined-execute.stdout.txt', r.stdout);
			ctx.artifact('combined-execute.stderr.txt', r.stderr);
			assert.ok(
				r.run,
				`no run JSON in the output of n8n execute (exit ${r.code}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-2000)}`,
			);
			assert.equal(r.code, 0, `n8n execute exited ${r.code}`);
			assert.equal(r.run.status, 'success');
			assert.equal(r.run.mode, 'cli');
			ctx.combinedRun = r.run;
			ctx.combinedRequests = await ctx.sb.requests(ctx.seqBefore);
			ctx.artifact('combined-requests.json', ctx.combinedRequests);
			const limited = ctx.combinedRequests.filter((e) => e.status === 429).length;
			return `${r.ms} ms, ${ctx.combinedRequests.length} requests to the sandbox${limited ? ` (${limited} answered 429 and retried by the node)` : ''}`;
		},
		{ needs: [S.wfs] },
	);

	for (const b of branches) {
		test(
			`workflow ${b.file}: ${b.about || b.name}`,
			() => {
				const run = ctx.combinedRun;
				const expect = b.expect || {};
				for (const spec of b.nodes) {
					const name = branchNodeName(b, spec.name);
					const out = nodeOutput(run, name);
					assert.ok(out !== undefined, `node "${spec.name}" did not run`);
					if (expect.outputs && expect.outputs[spec.name] !== undefined) {
						matchOutput(out, expect.outputs[spec.name], spec.name);
					} else if (!(expect.errorsAllowed || []).includes(spec.name)) {
						const errors = out.filter((i) => i.json && i.json.error !== undefined);
						assert.deepEqual(
							errors.map((e) => e.json),
							[],
							`node "${spec.name}" output errors`,
						);
					}
				}
				for (const name of Object.keys(expect.outputs || {})) {
					assert.ok(
						b.nodes.some((n) => n.name === name),
						`expect.outputs names an unknown node "${name}"`,
					);
				}
				// A 429 is the sandbox's 50 req/s limit across all branches (one Customer ID); the node
				// retries it, so the expected sequence is the requests that got through.
				const mine = ctx.combinedRequests.filter((e) => e.appId === b.appId && e.status !== 429);
				if (expect.requests) matchRequests(mine, expect.requests, 'requests');
				return `${b.nodes.length} nodes, ${mine.length} requests`;
			},
			{ needs: [S.exec], smoke: true },
		);
	}

	// ------------------------------------------- zone-less date-times in the workflow's time zone
	for (const z of zoneCases) {
		test(
			`time zone: ${z.about}`,
			async () => {
				const before = await ctx.sb.lastSeq();
				// GENERIC_TIMEZONE is the instance's zone, read when `n8n execute` starts.
				const env = z.instanceTimezone
					? { ...ctx.env, GENERIC_TIMEZONE: z.instanceTimezone }
					: ctx.env;
				const r = await executeWorkflow(ctx.n8n, env, z.workflow.id);
				ctx.artifact(`${z.name}-execute.stdout.txt`, r.stdout);
				assert.ok(r.run, `no run JSON (exit ${r.code}):\n${r.stdout.slice(-3000)}`);
				assert.equal(r.run.data.resultData.error, undefined, 'the run failed');
				for (const spec of z.nodes) {
					const out = nodeOutput(r.run, branchNodeName(z, spec.name));
					assert.ok(out !== undefined, `node "${spec.name}" did not run`);
					const errors = out.filter((i) => i.json && i.json.error !== undefined);
					assert.deepEqual(
						errors.map((e) => e.json),
						[],
						`node "${spec.name}" output errors`,
					);
				}
				const mine = (await ctx.sb.requests(before)).filter(
					(e) => e.appId === z.appId && e.status !== 429,
				);
				matchRequests(mine, z.requests, 'requests');
				const sent = z.requests.map((q) => q.body?.resumeTime ?? q.query.start_time);
				return `sent ${sent.join(', ')}`;
			},
			{ needs: [S.wfs] },
		);
	}

	// ---------------------------------------------------------------- examples run with `execute`
	const bulk = 'bulk-ban-streams.json';
	if (examples.some((e) => e.file === bulk)) {
		test(
			`example ${bulk}: Manual Trigger → Code (200 names) → Ban, all 200 through the sandbox's 50 req/s limit, the credential read from n8n's database once`,
			async () => {
				const cred = EXAMPLE_CREDENTIALS[bulk];
				const before = await ctx.sb.lastSeq();
				// n8n's SQL log: every read of the credential from its database shows as a query.
				const env = { ...ctx.env, DB_LOGGING_ENABLED: 'true', DB_LOGGING_OPTIONS: 'query' };
				const r = await executeWorkflow(ctx.n8n, env, EXAMPLE_IDS[bulk]);
				ctx.artifact('example-bulk.stdout.txt', r.stdout);
				assert.equal(r.code, 0, `n8n execute exited ${r.code}\n${r.stdout.slice(-3000)}`);
				// The transport hands n8n the credential it read once per run (credentialsDecrypted); without
				// it n8n reads and decrypts the credential again for every request: 201 reads here (checked).
				const credentialReads = `${r.stdout}\n${r.stderr}`
					.split('\n')
					.filter((line) => /^query: SELECT .*"CredentialsEntity"\."data"/.test(line));
				assert.ok(
					credentialReads.length >= 1 && credentialReads.length <= 2,
					`n8n read the credential from its database ${credentialReads.length} times for 200 requests (expected once for the Ban node's run)`,
				);
				const banNode =
					r.run.workflowData?.nodes?.find((n) => n.type.endsWith('.agoraMediaBroadcast'))?.name ??
					'Ban Each Stream';
				const out = nodeOutput(r.run, banNode);
				assert.equal(out.length, 200, `expected 200 output items, got ${out.length}`);
				out.forEach((item, i) =>
					matchValue(
						item.json,
						{
							success: true,
							entryPoint: 'live',
							streamName: `stream_${String(i + 1).padStart(3, '0')}`,
						},
						`item ${i}`,
					),
				);
				const reqs = (await ctx.sb.requests(before)).filter((e) => e.appId === cred.data.appId);
				const accepted = reqs.filter((e) => e.status >= 200 && e.status < 300);
				assert.equal(accepted.length, 200, `expected 200 accepted bans, got ${accepted.length}`);
				const names = new Set(accepted.map((e) => decodeURIComponent(e.path.split('/').pop())));
				assert.equal(names.size, 200);
				for (const e of accepted)
					assert.match(
						e.path,
						/^\/v1\/projects\/[^/]+\/fls\/entry_points\/live\/admin\/banned_streams\/stream_\d{3}$/,
					);
				const state = await ctx.sb.state(cred.data.appId);
				const banned =
					state?.entryPoints?.live?.banned ??
					state?.entryPoints?.find?.((e) => e.name === 'live')?.banned;
				const limited = reqs.filter((e) => e.status === 429).length;
				const spanMs = accepted.at(-1).at - accepted[0].at;
				return `200 bans in ${spanMs} ms of sandbox time (${limited} × 429 retried), execute ${r.ms} ms${banned ? `, ${Object.keys(banned).length} banned in state` : ''}, ${credentialReads.length} credential read(s) from n8n's database`;
			},
			{ needs: [S.wfs] },
		);
	}

	const nightly = 'nightly-publish-history-report.json';
	if (examples.some((e) => e.file === nightly)) {
		test(
			`example ${nightly} (Schedule → Manual Trigger): Get Many Online → Get Publish History per stream`,
			async () => {
				const cred = EXAMPLE_CREDENTIALS[nightly];
				const appId = cred.data.appId;
				const day = 24 * 3600 * 1000;
				const midnight = new Date();
				midnight.setHours(0, 0, 0, 0);
				const y = midnight.getTime() - day; // yesterday 00:00 local time
				await ctx.sb.seed({
					appId,
					onlineStreams: [{ name: 'cam_a' }, { name: 'cam_b' }],
					publishHistory: [
						{ name: 'cam_a', startTime: y + 3600e3, endTime: y + 2 * 3600e3 },
						{ name: 'cam_a', startTime: y + 5 * 3600e3, endTime: y + 6 * 3600e3 },
						{ name: 'cam_b', startTime: y + 7 * 3600e3, endTime: y + 8 * 3600e3 },
						{ name: 'cam_b', startTime: y - 3 * day, endTime: y - 3 * day + 3600e3 },
					],
				});
				const before = await ctx.sb.lastSeq();
				const r = await executeWorkflow(ctx.n8n, ctx.env, EXAMPLE_IDS[nightly]);
				ctx.artifact('example-nightly.stdout.txt', r.stdout);
				assert.equal(r.code, 0, `n8n execute exited ${r.code}\n${r.stdout.slice(-3000)}`);
				const reqs = (await ctx.sb.requests(before)).filter((e) => e.appId === appId);
				const online = reqs.filter((e) => e.path.endsWith('/reports/online_streams'));
				const history = reqs.filter((e) => e.path.endsWith('/reports/publish_history'));
				assert.equal(online.length, 1, 'one Get Many Online request');
				assert.deepEqual(
					history.map((e) => e.query.stream_name).sort(),
					['cam_a', 'cam_b'],
					'one publish history request per online stream',
				);
				for (const e of history) {
					assert.equal(e.status, 200, `publish_history answered ${e.status}`);
					assert.equal(
						Date.parse(e.query.start_time),
						y,
						`start_time ${e.query.start_time} is not yesterday 00:00`,
					);
					assert.equal(
						Date.parse(e.query.end_time),
						y + day,
						`end_time ${e.query.end_time} is not today 00:00`,
					);
				}
				// The last node of the example: one item per session of yesterday, per online stream.
				const example = examples.find((e) => e.file === nightly).workflow;
				const lastName = example.nodes.find(
					(n) => n.parameters?.operation === 'getPublishHistory',
				).name;
				const items = nodeOutput(r.run, lastName).map((i) => i.json);
				const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
				const sessions = items
					.map((i) => `${i.streamName} ${i.startTime} ${i.endTime} ${i.duration}`)
					.sort();
				assert.deepEqual(
					sessions,
					[
						`cam_a ${iso(y + 3600e3)} ${iso(y + 2 * 3600e3)} 3600`,
						`cam_a ${iso(y + 5 * 3600e3)} ${iso(y + 6 * 3600e3)} 3600`,
						`cam_b ${iso(y + 7 * 3600e3)} ${iso(y + 8 * 3600e3)} 3600`,
					],
					"yesterday's sessions of both online streams (and not the older one)",
				);
				return `${history.length} history requests → ${items.length} sessions, execute ${r.ms} ms`;
			},
			{ needs: [S.wfs] },
		);
	}

	const emailed = 'nightly-publish-history-email.json';
	if (examples.some((e) => e.file === emailed)) {
		test(
			`example ${emailed} (Schedule → Manual Trigger): the report goes through n8n's Send Email node (SMTP credential) to the sandbox's SMTP stand-in`,
			async () => {
				const example = examples.find((e) => e.file === emailed).workflow;
				const emailNode = example.nodes.find((n) => n.type === 'n8n-nodes-base.emailSend');
				assert.ok(emailNode, 'the example has a Send Email node');
				const appId = EXAMPLE_CREDENTIALS[emailed].data.appId;
				const day = 24 * 3600 * 1000;
				const midnight = new Date();
				midnight.setHours(0, 0, 0, 0);
				const y = midnight.getTime() - day; // yesterday 00:00 local time (the instance's zone)
				await ctx.sb.seed({
					appId,
					onlineStreams: [{ name: 'cam_a' }, { name: 'cam_b' }],
					publishHistory: [
						{ name: 'cam_a', startTime: y + 3600e3, endTime: y + 2 * 3600e3 },
						{ name: 'cam_b', startTime: y + 7 * 3600e3, endTime: y + 8.5 * 3600e3 },
						{ name: 'cam_b', startTime: y - 3 * day, endTime: y - 3 * day + 3600e3 },
					],
				});
				await ctx.sb.clearMail();
				const r = await executeWorkflow(ctx.n8n, ctx.env, EXAMPLE_IDS[emailed]);
				ctx.artifact('example-email.stdout.txt', r.stdout);
				assert.equal(r.code, 0, `n8n execute exited ${r.code}\n${r.stdout.slice(-3000)}`);
				assert.equal(r.run.data.resultData.error, undefined, 'the run failed');
				// What n8n's Send Email node reports: the stand-in accepted the one recipient.
				const [sent] = nodeOutput(r.run, emailNode.name).map((i) => i.json);
				assert.deepEqual(sent.accepted, ['live-ops@example.com']);
				assert.match(sent.response, /^250 /);

				const mail = await ctx.sb.mail();
				ctx.artifact('example-email.mail.json', mail);
				assert.equal(mail.length, 1, `one email for the whole report, got ${mail.length}`);
				const [m] = mail;
				const date = new Date(y);
				const pad = (n) => String(n).padStart(2, '0');
				const ymd = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
				assert.equal(m.subject, `Agora publish history of ${ymd}: 2 session(s)`);
				assert.deepEqual(m.to, ['live-ops@example.com']);
				assert.deepEqual(m.envelope, {
					mailFrom: 'agora-reports@example.com',
					rcptTo: ['live-ops@example.com'],
				});
				assert.equal(m.from, '"Agora reports" <agora-reports@example.com>');
				const lines = m.text.split('\n');
				for (const line of [
					'cam_a  01:00 to 02:00  60 min',
					'cam_b  07:00 to 08:30  90 min',
					'Total: 150 min in 2 session(s).',
				])
					assert.ok(lines.includes(line), `no line "${line}" in the email:\n${m.text}`);
				assert.ok(!m.text.includes('sent automatically with n8n'), 'attribution is off');
				return `"${m.subject}" to ${m.to.join(', ')}, ${lines.filter(Boolean).length} lines, execute ${r.ms} ms`;
			},
			{ needs: [S.wfs] },
		);
	}
}
