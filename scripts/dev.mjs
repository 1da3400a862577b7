#!/usr/bin/env node
// `npm run dev`: one command from a fresh clone (after `npm ci`) to a real n8n with this package.
//   - installs the pinned n8n 2.41.1 + Node 24 once (scripts/ensure-n8n.sh, cached outside git)
//   - builds, packs and installs the package as a community package into .n8n-dev/ (kept across runs)
//   - starts the Agora sandbox (sandbox/cli.js), its NCS events aimed at the example trigger, and its
//     SMTP stand-in (loopback, no TLS) for the email example
//   - creates an Agora credential pointing at the sandbox, an Agora Cloud Storage credential that
//     allows it and an SMTP credential ("Sandbox mail (local)") for the SMTP stand-in, imports
//     examples/*.json
//   - starts n8n, creates the owner through the REST API, publishes the example trigger workflows
//     (the Agora trigger ones and the MCP server of examples/agora-tools-for-ai-agents.json)
//   - prints the editor URL and the login, streams both logs ([n8n], [sandbox]); Ctrl-C stops all
// `npm run dev:real` (--real): the credential uses AGORA_CUSTOMER_ID, AGORA_CUSTOMER_SECRET and
// AGORA_APP_ID (optional AGORA_BASE_URL, AGORA_NCS_SECRET) and no sandbox is started.
//
// Options: --real  --fresh (wipe .n8n-dev first)  --port N (n8n, default 5678)
//          --sandbox-port N (default 8787)  --smtp-port N (the sandbox's SMTP, default 2525)
//          --skip-build  --quiet-sandbox
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import {
	loadExamples,
	pointCredentials,
	pointSandboxUrls,
	SMTP_CREDENTIAL_TYPE,
	stableId,
	triggerProductionUrl,
} from './lib/examples.mjs';
import {
	CREDENTIAL_TYPE,
	ensureN8n,
	freePort,
	importCredentials,
	importWorkflows,
	n8nEnv,
	preparePackage,
	ROOT,
	startN8n,
} from './lib/n8n.mjs';
import { DEFAULT_OWNER, N8nRest } from './lib/rest.mjs';
import {
	sandboxControl,
	sandboxMailCredential,
	SANDBOX_CUSTOMER_ID,
	SANDBOX_CUSTOMER_SECRET,
	sandboxStorageCredential,
	startSandboxProcess,
} from './lib/sandbox.mjs';

const argv = process.argv.slice(2);
const has = (f) => argv.includes(f);
const opt = (f) => {
	const i = argv.indexOf(f);
	return i >= 0 ? argv[i + 1] : undefined;
};
if (has('--help') || has('-h')) {
	console.log(
		fs
			.readFileSync(new URL(import.meta.url), 'utf8')
			.split('\n')
			.filter((l) => l.startsWith('//'))
			.map((l) => l.slice(3))
			.join('\n'),
	);
	process.exit(0);
}
const REAL = has('--real');
const DEV_DIR = path.join(ROOT, '.n8n-dev');
const STATE_FILE = path.join(DEV_DIR, 'dev-state.json');
const SANDBOX_APP_ID = '0123456789abcdef0123456789abcdef';
const SANDBOX_NCS_SECRET = 'sandbox-ncs-secret';

const say = (...a) => console.log('[dev]', ...a);

// examples/agora-tools-for-ai-agents.json: an MCP Server Trigger whose bearer token is a dev credential.
const MCP_TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.mcpTrigger';
const mcpTriggerOf = (workflow) => workflow.nodes.find((n) => n.type === MCP_TRIGGER_TYPE);
const mcpUrlOf = (baseUrl, workflow) =>
	mcpTriggerOf(workflow) ? `${baseUrl}/mcp/${mcpTriggerOf(workflow).parameters.path}` : null;
const fail = (msg) => {
	console.error(`[dev] ${msg}`);
	process.exit(1);
};

// ------------------------------------------------------------------ credentials for this mode
function credentialFor(sandboxUrl) {
	if (!REAL) {
		return {
			id: 'agoraDevSandbox1',
			name: 'Agora sandbox (local)',
			type: CREDENTIAL_TYPE,
			data: {
				customerId: SANDBOX_CUSTOMER_ID,
				customerSecret: SANDBOX_CUSTOMER_SECRET,
				appId: SANDBOX_APP_ID,
				baseUrl: sandboxUrl,
				requestsPerSecond: 50,
				ncsSecret: SANDBOX_NCS_SECRET,
			},
		};
	}
	const need = ['AGORA_CUSTOMER_ID', 'AGORA_CUSTOMER_SECRET', 'AGORA_APP_ID'];
	const missing = need.filter((k) => !process.env[k] || !process.env[k].trim());
	if (missing.length) {
		fail(
			`--real needs your Agora credentials in the environment; missing: ${missing.join(', ')}.\n` +
				"      Agora Console → Developer Toolkit → RESTful API gives the Customer ID and Secret; the App ID is the project's.\n" +
				'      e.g. AGORA_CUSTOMER_ID=... AGORA_CUSTOMER_SECRET=... AGORA_APP_ID=... npm run dev:real\n' +
				'      (optional: AGORA_BASE_URL, default https://api.agora.io; AGORA_NCS_SECRET for the trigger)',
		);
	}
	const baseUrl = (process.env.AGORA_BASE_URL || 'https://api.agora.io').trim();
	if (!/^https:\/\//.test(baseUrl) && !/^http:\/\/(127\.|localhost|\[::1\])/.test(baseUrl))
		fail(`AGORA_BASE_URL must be https:// (got ${baseUrl})`);
	return {
		id: 'agoraDevReal0001',
		name: 'Agora (real account from env)',
		type: CREDENTIAL_TYPE,
		data: {
			customerId: process.env.AGORA_CUSTOMER_ID.trim(),
			customerSecret: process.env.AGORA_CUSTOMER_SECRET.trim(),
			appId: process.env.AGORA_APP_ID.trim(),
			baseUrl,
			requestsPerSecond: 50,
			ncsSecret: (process.env.AGORA_NCS_SECRET || '').trim(),
		},
	};
}

async function portFree(port) {
	return await new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

async function pickPort(wanted, what) {
	if (await portFree(wanted)) return wanted;
	const p = await freePort();
	say(`port ${wanted} is busy; ${what} uses ${p} instead`);
	return p;
}

const hash = (v) => stableId('', JSON.stringify(v));

function prefixer(tag) {
	return (line) => {
		if (line.trim() !== '') process.stdout.write(`${tag} ${line}\n`);
	};
}

// ------------------------------------------------------------------ main
async function main() {
	const started = Date.now();
	if (REAL) credentialFor(''); // fail fast on missing env, before any work
	if (has('--fresh')) {
		say(`--fresh: removing ${path.relative(ROOT, DEV_DIR)}/`);
		fs.rmSync(DEV_DIR, { recursive: true, force: true });
	}
	fs.mkdirSync(DEV_DIR, { recursive: true });
	const state = fs.existsSync(STATE_FILE) ? JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) : {};
	const saveState = () => fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));

	const n8n = ensureN8n({ log: (m) => say(m) });
	preparePackage(DEV_DIR, {
		log: (m) => say(m),
		skipBuild: has('--skip-build'),
		packDir: path.join(DEV_DIR, 'pack'),
	});

	const port = await pickPort(Number(opt('--port') || process.env.N8N_DEV_PORT || 5678), 'n8n');
	const brokerPort = await freePort();
	const editorUrl = `http://127.0.0.1:${port}`;
	const env = n8nEnv({
		userFolder: DEV_DIR,
		port,
		brokerPort,
		logLevel: process.env.N8N_LOG_LEVEL || 'info',
	});

	const examples = loadExamples();
	const liveExample =
		examples.find((e) => e.file === 'notify-when-stream-goes-live.json') ||
		examples.find((e) => triggerProductionUrl(editorUrl, e.workflow));
	const ncsUrl = liveExample ? triggerProductionUrl(editorUrl, liveExample.workflow) : null;

	// Everything started from here on is stopped on Ctrl-C.
	let sandbox = null;
	let server = null;
	let stopping = false;
	const stopAll = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the sandbox…');
		await Promise.all([server?.stop().catch(() => {}), sandbox?.stop().catch(() => {})]);
		say('stopped');
		process.exit(code);
	};
	let firstSignalAt = 0;
	const onSignal = (sig) => {
		// A second Ctrl-C (not the same keypress reaching us twice) kills without waiting.
		if (firstSignalAt && Date.now() - firstSignalAt < 1000) return;
		if (firstSignalAt) {
			say(`${sig} again: killing`);
			try {
				if (server) process.kill(-server.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
			process.exit(130);
		}
		firstSignalAt = Date.now();
		void stopAll(0);
	};
	process.on('SIGINT', () => onSignal('SIGINT'));
	process.on('SIGTERM', () => onSignal('SIGTERM'));
	process.on('SIGHUP', () => onSignal('SIGHUP'));

	let sandboxUrl = null;
	if (!REAL) {
		const sandboxPort = await pickPort(
			Number(opt('--sandbox-port') || process.env.SANDBOX_PORT || 8787),
			'the sandbox',
		);
		const smtpPort = await pickPort(
			Number(opt('--smtp-port') || process.env.SANDBOX_SMTP_PORT || 2525),
			"the sandbox's SMTP stand-in",
		);
		sandbox = await startSandboxProcess({
			port: sandboxPort,
			ncsUrl,
			ncsSecret: SANDBOX_NCS_SECRET,
			smtpPort,
			quiet: has('--quiet-sandbox'),
			onLine: prefixer('[sandbox]'),
		});
		sandboxUrl = sandbox.url;
		sandbox.exited.then((e) => {
			if (!stopping) {
				say(`the sandbox exited (${JSON.stringify(e)})`);
				void stopAll(1);
			}
		});
		await seedSandbox(sandboxControl(sandboxUrl));
	}

	// Credential and examples: imported with the n8n CLI, only when they changed (keeps your edits).
	const cred = credentialFor(sandboxUrl);
	state.mcpToken ??= randomBytes(24).toString('hex');
	const mcpCred = {
		id: 'agoraDevMcpToken',
		name: 'MCP clients (bearer token)',
		type: 'httpBearerAuth',
		data: { token: state.mcpToken },
	};
	const storageCred = REAL ? null : sandboxStorageCredential(sandboxUrl);
	const mailCred = sandbox ? sandboxMailCredential(sandbox.smtp) : null;
	for (const c of [cred, mcpCred, storageCred, mailCred].filter(Boolean)) {
		if (state.credentialHash?.[c.id] === hash(c)) continue;
		say(
			`importing the credential "${c.name}"${state.credentialHash ? '' : ' (first run: n8n creates its database, ~20 s)'}`,
		);
		await importCredentials(n8n, env, [c]);
		state.credentialHash = { ...(state.credentialHash || {}), [c.id]: hash(c) };
		saveState();
	}
	const toImport = [];
	const exampleIds = {};
	for (const { file, workflow } of examples) {
		const id = stableId('dev', file);
		exampleIds[file] = id;
		const wf = pointCredentials(
			{ ...structuredClone(workflow), id, active: false },
			cred,
			mailCred ? [mailCred] : [],
		);
		if (sandboxUrl) pointSandboxUrls(wf, sandboxUrl);
		const mcp = mcpTriggerOf(wf);
		if (mcp) mcp.credentials = { httpBearerAuth: { id: mcpCred.id, name: mcpCred.name } };
		const h = hash(wf);
		if (state.exampleHash?.[file] !== h) {
			toImport.push(wf);
			state.exampleHash = { ...(state.exampleHash || {}), [file]: h };
		}
	}
	if (toImport.length) {
		say(
			`importing ${toImport.length} example workflow(s): ${toImport.map((w) => w.name).join('; ')}`,
		);
		await importWorkflows(n8n, env, toImport);
		saveState();
	}

	say(`starting n8n ${n8n.version} on ${editorUrl}`);
	server = await startN8n(n8n, env, { onLine: prefixer('[n8n]') });
	server.exited.then((e) => {
		if (!stopping) {
			say(`n8n exited (${JSON.stringify(e)})`);
			void stopAll(1);
		}
	});

	const rest = new N8nRest(editorUrl);
	let loggedIn = false;
	try {
		if (await rest.ensureOwner())
			say(`created the owner ${DEFAULT_OWNER.email} (POST /rest/owner/setup)`);
		await rest.login();
		loggedIn = true;
	} catch (e) {
		say(
			`could not log in as ${DEFAULT_OWNER.email} (${e.message.split('\n')[0]}); did you change the password? --fresh starts over`,
		);
	}

	const published = [];
	if (loggedIn && !REAL) {
		for (const { file, workflow } of examples) {
			const url = triggerProductionUrl(editorUrl, workflow) ?? mcpUrlOf(editorUrl, workflow);
			if (!url) continue;
			try {
				const wf = await rest.getWorkflow(exampleIds[file]);
				if (!wf.active) await rest.publishWorkflow(exampleIds[file]);
				published.push({
					name: workflow.name,
					url,
					file,
				});
			} catch (e) {
				say(`could not publish "${workflow.name}": ${e.message.split('\n')[0]}`);
			}
		}
	}

	const line = '─'.repeat(78);
	const out = [
		'',
		line,
		`  n8n ${n8n.version} with n8n-nodes-agora-media-broadcast is ready (${Math.round((Date.now() - started) / 1000)} s)`,
		'',
		`  Editor      ${editorUrl}`,
		`  Login       ${DEFAULT_OWNER.email}  /  ${DEFAULT_OWNER.password}`,
		`  Credential  "${cred.name}" → ${cred.data.baseUrl} (App ID ${cred.data.appId})`,
		...(storageCred
			? [
					`  Storage     "${storageCred.name}" (for Set Config; its keys may go to ${storageCred.data.allowedApiHosts})`,
				]
			: []),
		`  Workflows   ${examples.map((e) => e.workflow.name.replace(/^Agora: /, '')).join('; ')}`,
	];
	if (!REAL) {
		const liveAppId = SANDBOX_APP_ID;
		out.push(
			`  Sandbox     ${sandboxUrl}  (Agora stand-in; requests are logged below as [sandbox])`,
			'',
			...published.map((p) => `  Published   ${p.name}\n              ${p.url}`),
			'',
			'  Simulate a stream going live (NCS → the published "notify" trigger):',
			`    curl -s -XPOST ${sandboxUrl}/_sandbox/simulate/publish-start -H 'content-type: application/json' \\`,
			`      -d '{"appId":"${liveAppId}","streamName":"cam3"}'`,
		);
		const mod = published.find((p) => p.file === 'ban-stream-when-moderation-blocks.json');
		if (mod) {
			out.push(
				'  Moderation says block (aim NCS at the "ban" workflow first):',
				`    curl -s -XPOST ${sandboxUrl}/_sandbox/config -H 'content-type: application/json' -d '{"ncs":{"url":"${mod.url}"}}'`,
				`    curl -s -XPOST ${sandboxUrl}/_sandbox/simulate/moderation -H 'content-type: application/json' \\`,
				`      -d '{"appId":"${liveAppId}","streamName":"cam1","suggestion":"block"}'`,
			);
		}
		const agents = published.find((p) => p.file === 'agora-tools-for-ai-agents.json');
		if (agents) {
			out.push(
				`  AI agents   MCP URL ${agents.url}  (Streamable HTTP or SSE, any MCP client)`,
				`              header  Authorization: Bearer ${state.mcpToken}   (docs/ai-agents.md)`,
			);
		}
		const mailExample = examples.find((e) =>
			e.workflow.nodes.some((n) => n.credentials?.[SMTP_CREDENTIAL_TYPE]),
		);
		out.push(
			`  Mail        "${mailCred.name}" → smtp://${sandbox.smtp.host}:${sandbox.smtp.port} (the sandbox's SMTP stand-in)`,
		);
		if (mailExample)
			out.push(
				`              open "${mailExample.workflow.name}", Execute workflow, then: curl -s ${sandboxUrl}/_sandbox/mail`,
			);
		out.push(`  Requests the sandbox received:  curl -s ${sandboxUrl}/_sandbox/requests`);
	} else {
		out.push(
			'',
			'  Mode        --real: requests go to Agora. The trigger needs a public HTTPS URL (README: "Triggers").',
		);
	}
	out.push(
		'',
		`  n8n data is kept in ${path.relative(ROOT, DEV_DIR)}/ (npm run dev -- --fresh to start over). Ctrl-C stops everything.`,
		line,
		'',
	);
	console.log(out.join('\n'));
}

/** Something to look at in the sandbox: domains, online streams, yesterday's sessions. */
async function seedSandbox(sb) {
	const day = 24 * 3600e3;
	const midnight = new Date();
	midnight.setHours(0, 0, 0, 0);
	const y = midnight.getTime() - day;
	await sb.seed({
		appId: SANDBOX_APP_ID,
		domains: [
			{ name: 'push.sandbox.example.com', type: 'publish', region: 'na' },
			{ name: 'play.sandbox.example.com', type: 'play' },
		],
		entryPoints: ['studio'],
		onlineStreams: [{ name: 'cam1' }, { name: 'cam2', viewers: 42 }],
		publishHistory: [
			{ name: 'cam1', startTime: y + 9 * 3600e3, endTime: y + 11 * 3600e3 },
			{ name: 'cam2', startTime: y + 20 * 3600e3, endTime: y + 21 * 3600e3 },
		],
	});
}

main().catch((e) => {
	console.error(`[dev] ${e && e.stack ? e.stack : e}`);
	process.exit(1);
});
