// Stage: AI agents. The example examples/agora-tools-for-ai-agents.json (MCP Server Trigger + the
// node's Tool variant, one tool per useful action) is published in the running n8n, and a real MCP
// client (@modelcontextprotocol/sdk, Streamable HTTP) connects to its production MCP URL
// (/mcp/<path>) with the trigger's bearer token, lists the tools and calls them. The sandbox's request
// log shows what reached "Agora": signed requests (a bad signature is answered 401 and would fail the
// status checks), nothing for refused input, never more than 50 requests in any second.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { exampleCredential } from './cli.test.mjs';
import { matchValue } from './lib/expect.mjs';
import { loadExamples, stableId } from './lib/workflows.mjs';

export const AGENT_EXAMPLE = 'agora-tools-for-ai-agents.json';
const TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.mcpTrigger';
const TOOL_TYPE = 'n8n-nodes-agora-media-broadcast.agoraMediaBroadcastTool';
const OWNER_STEP = 'server: owner created with POST /rest/owner/setup, login with POST /rest/login';
const ENTRY_POINT = 'live';
const LIMIT = 50; // the sandbox's (and Agora's) requests per second per Customer ID

/** n8n's nodeNameToToolName (n8n-workflow tool-helpers): the tool name an MCP client sees. */
const toolName = (nodeName) => nodeName.replace(/[^a-zA-Z0-9_-]+/g, '_');

/** The $fromAI(key, description, type) calls in a node's parameters (any depth), by key. */
export function fromAiArguments(parameters) {
	const found = new Map();
	const re = /\$fromAI\(\s*(['"`])(.*?)\1\s*,\s*(['"`])(.*?)\3\s*,\s*(['"`])(.*?)\5\s*\)/g;
	const walk = (value) => {
		if (typeof value === 'string')
			for (const m of value.matchAll(re)) found.set(m[2], { description: m[4], type: m[6] });
		else if (value && typeof value === 'object') Object.values(value).forEach(walk);
	};
	walk(parameters);
	return found;
}

/** The example's tools as declared: [{name, description, args}] in node order. */
export function declaredTools(workflow) {
	return workflow.nodes
		.filter((n) => n.type === TOOL_TYPE)
		.map((n) => ({
			node: n.name,
			name: toolName(n.name),
			description: n.parameters.toolDescription,
			args: fromAiArguments(n.parameters),
		}));
}

/** Parses a tool result: {isError, text, json}; json is the parsed text when it is JSON. */
function readResult(result) {
	const text = (result.content || [])
		.filter((c) => c.type === 'text')
		.map((c) => c.text)
		.join('\n');
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { isError: result.isError === true, text, json };
}

/** The most requests whose arrival falls in any window [t, t + 1000 ms) (the sandbox's own rule). */
function maxPerSecond(entries) {
	const times = entries.map((e) => e.at).sort((a, b) => a - b);
	let best = 0;
	for (let i = 0, j = 0; i < times.length; i++) {
		while (times[i] - times[j] >= 1000) j++;
		best = Math.max(best, i - j + 1);
	}
	return best;
}

export function register({ test, ctx }) {
	const example = loadExamples().find((e) => e.file === AGENT_EXAMPLE);
	if (!example) return;
	const workflow = example.workflow;
	const tools = declaredTools(workflow);
	const trigger = workflow.nodes.find((n) => n.type === TRIGGER_TYPE);
	// The same id and credential the CLI stage gave the example when it imported it (pure functions).
	const workflowId = stableId('wf', `example:${AGENT_EXAMPLE}`);
	const appIdOf = () => exampleCredential(ctx, AGENT_EXAMPLE).data.appId;
	const state = { url: null, token: null, client: null };
	const rel = (e) => `${e.method} ${e.path.replace(/^\/v1\/projects\/[^/]+\/fls/, '')}`;
	const mine = async (since) => (await ctx.sb.requests(since)).filter((e) => e.appId === appIdOf());

	const connect = async () => {
		const client = new Client({ name: 'agora-e2e-mcp-client', version: '1.0.0' });
		const transport = new StreamableHTTPClientTransport(new URL(state.url), {
			requestInit: { headers: { Authorization: `Bearer ${state.token}` } },
		});
		await client.connect(transport);
		return client;
	};
	const call = async (name, args) =>
		readResult(
			await state.client.callTool({ name, arguments: args }, undefined, { timeout: 90000 }),
		);

	const S = {
		publish: `mcp: ${AGENT_EXAMPLE} is published with a bearer-token credential; its MCP URL refuses a client without the token`,
		list: 'mcp: an MCP client lists the tools: names, descriptions and input schemas are the ones the example declares',
	};

	test(
		S.publish,
		async () => {
			assert.ok(trigger, 'the example has an MCP Server Trigger');
			assert.equal(trigger.parameters.authentication, 'bearerAuth');
			// The example names a placeholder credential; create a real one and point the trigger at it.
			state.token = randomBytes(24).toString('hex');
			const cred = await ctx.rest.data('POST', '/rest/credentials', {
				name: 'MCP clients (bearer token)',
				type: 'httpBearerAuth',
				data: { token: state.token },
			});
			const wf = await ctx.rest.getWorkflow(workflowId);
			const nodes = wf.nodes.map((n) =>
				n.type === TRIGGER_TYPE
					? { ...n, credentials: { httpBearerAuth: { id: cred.id, name: cred.name } } }
					: n,
			);
			await ctx.rest.data('PATCH', `/rest/workflows/${workflowId}`, {
				versionId: wf.versionId,
				nodes,
				connections: wf.connections,
			});
			const pub = await ctx.rest.publishWorkflow(workflowId);
			assert.equal(pub.status, 'published');
			state.url = `${ctx.server.url}/mcp/${trigger.parameters.path}`;

			// No token, a wrong token: refused before any MCP handshake.
			const initialize = (authorization) =>
				fetch(state.url, {
					method: 'POST',
					headers: {
						'Content-Type': 'application/json',
						Accept: 'application/json, text/event-stream',
						...(authorization ? { Authorization: authorization } : {}),
					},
					body: JSON.stringify({
						jsonrpc: '2.0',
						id: 1,
						method: 'initialize',
						params: {
							protocolVersion: '2025-03-26',
							capabilities: {},
							clientInfo: { name: 'no-token', version: '0' },
						},
					}),
					signal: AbortSignal.timeout(30000),
				});
			const none = await initialize(undefined);
			const wrong = await initialize('Bearer not-the-token');
			assert.ok([401, 403].includes(none.status), `no token → ${none.status}`);
			assert.ok([401, 403].includes(wrong.status), `wrong token → ${wrong.status}`);

			state.client = await connect();
			return `MCP URL ${state.url.replace(ctx.server.url, '')}; no token → ${none.status}, wrong token → ${wrong.status}; the SDK client connected with the token`;
		},
		{ needs: [OWNER_STEP], smoke: true },
	);

	test(
		S.list,
		async () => {
			const { tools: listed } = await state.client.listTools();
			assert.deepEqual(
				listed.map((t) => t.name).sort(),
				tools.map((t) => t.name).sort(),
				'the tool names are the example node names',
			);
			for (const declared of tools) {
				const tool = listed.find((t) => t.name === declared.name);
				assert.equal(tool.description, declared.description, `${declared.name}: description`);
				// What it does, what it needs (every argument named) and what it returns.
				assert.match(tool.description, /Needs: /, `${declared.name}: says what it needs`);
				assert.match(tool.description, /Returns /, `${declared.name}: says what it returns`);
				for (const key of declared.args.keys())
					assert.ok(tool.description.includes(key), `${declared.name}: description names ${key}`);
				const schema = tool.inputSchema;
				assert.equal(schema.type, 'object');
				assert.deepEqual(
					Object.keys(schema.properties).sort(),
					[...declared.args.keys()].sort(),
					`${declared.name}: the input schema has exactly the $fromAI() arguments`,
				);
				assert.deepEqual(
					[...(schema.required || [])].sort(),
					[...declared.args.keys()].sort(),
					`${declared.name}: every argument is required`,
				);
				for (const [key, arg] of declared.args) {
					assert.equal(schema.properties[key].type, arg.type, `${declared.name}.${key}: type`);
					assert.equal(
						schema.properties[key].description,
						arg.description,
						`${declared.name}.${key}: description`,
					);
				}
			}
			return `${listed.length} tools: ${listed.map((t) => t.name).join(', ')}`;
		},
		{ needs: [S.publish], smoke: true },
	);

	test(
		'mcp: list_online_streams, ban_stream, list_banned_streams, unban_stream and get_publish_history reach the sandbox signed; results carry its data',
		async () => {
			const appId = appIdOf();
			const hour = 3600e3;
			const now = Date.now();
			await ctx.sb.seed({
				appId,
				onlineStreams: [
					{ name: 'cam1', startTime: now - 2 * hour },
					{ name: 'cam3', startTime: now - 0.5 * hour },
				],
				publishHistory: [
					{ name: 'cam3', startTime: now - 30 * hour, endTime: now - 28 * hour },
					{ name: 'cam3', startTime: now - 26 * hour, endTime: now - 25 * hour },
				],
			});
			const before = await ctx.sb.lastSeq();
			const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

			const online = await call('list_online_streams', { entryPoint: ENTRY_POINT });
			assert.equal(online.isError, false, online.text);
			matchValue(online.json, [
				{ name: 'cam1', startTime: iso(now - 2 * hour), entryPoint: ENTRY_POINT },
				{ name: 'cam3', startTime: iso(now - 0.5 * hour), entryPoint: ENTRY_POINT },
			]);

			const resumeTime = iso(now + 3 * hour);
			const ban = await call('ban_stream', {
				entryPoint: ENTRY_POINT,
				streamName: 'cam3',
				resumeTime,
			});
			assert.equal(ban.isError, false, ban.text);
			assert.deepEqual(ban.json, [
				{ success: true, entryPoint: ENTRY_POINT, streamName: 'cam3', resumeTime },
			]);
			const banned = await call('list_banned_streams', { entryPoint: ENTRY_POINT });
			assert.equal(banned.isError, false, banned.text);
			matchValue(banned.json, [{ name: 'cam3', resumeTime, entryPoint: ENTRY_POINT }]);

			const history = await call('get_publish_history', {
				entryPoint: ENTRY_POINT,
				streamName: 'cam3',
				startTime: iso(now - 48 * hour),
				endTime: iso(now),
			});
			assert.equal(history.isError, false, history.text);
			matchValue(
				history.json.map((s) => ({ startTime: s.startTime, duration: s.duration })),
				[
					{ startTime: iso(now - 26 * hour), duration: 3600 },
					{ startTime: iso(now - 30 * hour), duration: 7200 },
				],
			);

			const unban = await call('unban_stream', { entryPoint: ENTRY_POINT, streamName: 'cam3' });
			assert.equal(unban.isError, false, unban.text);
			assert.deepEqual(unban.json, [
				{ success: true, unbanned: true, entryPoint: ENTRY_POINT, streamName: 'cam3' },
			]);

			// List results are compact: no `raw` copy of Agora's answer.
			for (const r of [online, banned, history])
				for (const item of r.json) assert.ok(!('raw' in item), `raw in ${JSON.stringify(item)}`);

			const reqs = await mine(before);
			assert.deepEqual(
				reqs.map((e) => `${rel(e)} ${e.status}`),
				[
					'GET /entry_points/live/reports/online_streams 200',
					'PATCH /entry_points/live/admin/banned_streams/cam3 200',
					'GET /entry_points/live/admin/banned_streams 200',
					'GET /entry_points/live/reports/publish_history 200',
					'DELETE /entry_points/live/admin/banned_streams/cam3 200',
				],
				'each tool call sent one request and the sandbox accepted its signature',
			);
			for (const e of reqs) assert.equal(e.customerId, ctx.sandbox.customerId);
			assert.deepEqual(reqs[1].body, { resumeTime }, 'the ban carries the resume time');
			assert.deepEqual(reqs[3].query, {
				stream_name: 'cam3',
				start_time: iso(now - 48 * hour),
				end_time: iso(now),
			});
			return `${reqs.length} signed requests, all 200`;
		},
		{ needs: [S.publish], smoke: true },
	);

	test(
		'mcp: start_recording, stop_recording, get_play_statistics and generate_stream_urls: the requests they send and the results they carry',
		async () => {
			const appId = appIdOf();
			const now = Date.now();
			await ctx.sb.seed({
				appId,
				onlineStreams: [{ name: 'cam5', startTime: now - 3600e3, viewers: 7 }],
			});
			const before = await ctx.sb.lastSeq();
			const args = { entryPoint: ENTRY_POINT, streamName: 'cam5' };

			const start = await call('start_recording', args);
			assert.equal(start.isError, false, start.text);
			assert.deepEqual(start.json, [{ success: true, ...args, region: 'na' }]);
			const stop = await call('stop_recording', args);
			assert.equal(stop.isError, false, stop.text);
			assert.deepEqual(stop.json, [{ deleted: true, ...args, region: 'na' }]);

			const stats = await call('get_play_statistics', { ...args, startTime: '', endTime: '' });
			assert.equal(stats.isError, false, stats.text);
			assert.ok(stats.json.length > 0, `per-minute samples of the live stream: ${stats.text}`);
			assert.ok(stats.json.length <= 120, 'at most the tool limit');
			for (const minute of stats.json)
				matchValue(minute, { ...args, name: 'cam5', time: '$iso', linkNum: '$number' });

			const urls = await call('generate_stream_urls', args);
			assert.equal(urls.isError, false, urls.text);
			matchValue(urls.json, [
				{
					...args,
					push: { rtmp: 'rtmp://push.example.com/live/cam5', obsStreamKey: 'cam5' },
					play: { hls: 'https://play.example.com/live/cam5/playlist.m3u8' },
				},
			]);

			const reqs = await mine(before);
			assert.deepEqual(
				reqs.map(
					(e) => `${e.method} ${e.rawUrl.replace(/^\/v1\/projects\/[^/]+\/fls/, '')} ${e.status}`,
				),
				[
					'PUT /entry_points/live/admin/record/standard/regions/na/tasks?id=cam5 200',
					'DELETE /entry_points/live/admin/record/standard/regions/na/tasks/cam5 200',
					'GET /entry_points/live/reports/stream_play_statistic?stream_name=cam5 200',
				],
				'Generate URLs sends nothing; the others one signed request each',
			);
			return `${reqs.length} signed requests; ${stats.json.length} minutes of play statistics`;
		},
		{ needs: [S.publish], smoke: true },
	);

	test(
		'mcp: ban_stream with a stream name breaking the name rule ("cam/3") is a tool error naming the field; nothing reaches the sandbox',
		async () => {
			const before = await ctx.sb.lastSeq();
			// "cam/3": a slash, refused by the name rule (letters, digits, - _ . ~). An empty name is
			// refused the same way ("Stream Name is required").
			const bad = await call('ban_stream', {
				entryPoint: ENTRY_POINT,
				streamName: 'cam/3',
				resumeTime: '',
			});
			assert.equal(bad.isError, true, `expected a tool error, got ${bad.text}`);
			assert.match(bad.text, /Stream Name "cam\/3" is not valid/);
			assert.match(bad.text, /letters, digits/, 'says what is allowed');
			assert.doesNotMatch(bad.text, /\n\s+at /, 'no stack trace');
			assert.ok(!bad.text.includes(ctx.sandbox.customerSecret), 'no secret');
			const empty = await call('ban_stream', {
				entryPoint: ENTRY_POINT,
				streamName: '',
				resumeTime: '',
			});
			assert.equal(empty.isError, true, `expected a tool error, got ${empty.text}`);
			assert.match(empty.text, /Stream Name is required/);
			assert.deepEqual((await mine(before)).map(rel), [], 'no request for refused input');
			return `"${bad.text.split('\n')[0]}"`;
		},
		{ needs: [S.publish], smoke: true },
	);

	test(
		'mcp: 60 concurrent ban_stream calls all succeed; the sandbox never sees more than 50 requests in any second',
		async () => {
			const before = await ctx.sb.lastSeq();
			const names = Array.from({ length: 60 }, (_, i) => `burst_${String(i).padStart(2, '0')}`);
			const results = await Promise.all(
				names.map((streamName) =>
					call('ban_stream', { entryPoint: ENTRY_POINT, streamName, resumeTime: '' }),
				),
			);
			results.forEach((r, i) => {
				assert.equal(r.isError, false, `call ${i}: ${r.text}`);
				assert.deepEqual(r.json, [
					{ success: true, entryPoint: ENTRY_POINT, streamName: names[i] },
				]);
			});
			const reqs = await mine(before);
			const accepted = reqs.filter((e) => e.status === 200);
			assert.deepEqual(
				accepted.map((e) => decodeURIComponent(e.path.split('/').pop())).sort(),
				names,
				'one accepted ban per call',
			);
			for (const e of accepted) assert.equal(e.body, null, 'no body: the 7-day default');
			const limited = reqs.filter((e) => e.status === 429).length;
			const peak = maxPerSecond(reqs);
			assert.ok(peak <= LIMIT, `the sandbox saw ${peak} requests within one second`);
			assert.equal(limited, 0, 'no request was refused with 429');
			const state = await ctx.sb.state(appIdOf());
			const bannedNow = JSON.stringify(state);
			for (const n of names) assert.ok(bannedNow.includes(n), `${n} is banned in the sandbox`);
			const spanMs = accepted.at(-1).at - accepted[0].at;
			return `60 calls → 60 accepted bans over ${spanMs} ms of sandbox time, peak ${peak} requests in one second, ${limited} × 429`;
		},
		{ needs: [S.publish], smoke: true },
	);

	test(
		'mcp: the client closes its session; n8n finishes the executions it records for the tool calls',
		async () => {
			await state.client.close();
			state.client = null;
			// n8n records one execution per tool call and writes them after answering the client; let
			// them finish so the next stage does not share the machine with 60 database writes.
			let list = [];
			for (const until = Date.now() + 120000; Date.now() < until; ) {
				list = await ctx.rest.executions(workflowId);
				if (!list.some((e) => ['new', 'running', 'waiting'].includes(e.status))) break;
				await new Promise((r) => setTimeout(r, 500));
			}
			const byStatus = {};
			for (const e of list) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
			assert.ok(
				!('running' in byStatus) && !('new' in byStatus),
				`executions still open: ${JSON.stringify(byStatus)}`,
			);
			return `executions of the MCP workflow: ${JSON.stringify(byStatus)}`;
		},
		{ needs: [S.publish], smoke: true },
	);
}
