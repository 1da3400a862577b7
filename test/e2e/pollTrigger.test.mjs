// Stage 2 (continued): the polling trigger in a running n8n. The polling example, published through
// REST, polls the sandbox on n8n's own Poll Times schedule; the sandbox's control API makes a stream go
// live and then end; the executions n8n records show "went live" then "ended", each exactly once.
// A credential with an App ID the transport refuses makes publishing fail, with nothing sent.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';

import { PACKAGE_NAME } from '../../scripts/lib/n8n.mjs';
import { EXAMPLE_CREDENTIALS } from './cli.test.mjs';
import { matchValue } from './lib/expect.mjs';
import {
	BAD_APP_ID,
	expectBadAppIdPublicationFails,
	saveWithBadAppId,
} from './lib/publication.mjs';
import { exampleTestVariant, loadExamples } from './lib/workflows.mjs';

const POLL_TRIGGER_TYPE = `${PACKAGE_NAME}.agoraMediaBroadcastPollTrigger`;
const EXAMPLE = 'notify-when-stream-goes-live-polling.json';
const OWNER_STEP = 'server: owner created with POST /rest/owner/setup, login with POST /rest/login';
// n8n refuses a cron that fires more than once a minute ("The polling interval is too short. It has
// to be at least a minute."), but each Poll Times entry is its own cron: four entries, each once a
// minute at another second, poll every 15 s, so the test waits seconds instead of minutes.
const POLL_SECONDS = [0, 15, 30, 45];
const TICK_MS = 15000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function parseExecutionData(ctx, execution) {
	if (typeof execution.data !== 'string') return execution.data;
	const { parse } = createRequire(path.join(ctx.n8n.dir, 'node_modules/n8n/package.json'))(
		'flatted',
	);
	return parse(execution.data);
}

/** The workflow's executions, oldest first. */
async function executionsOf(rest, workflowId) {
	const list = await rest.executions(workflowId);
	return [...list].sort((a, b) => Number(a.id) - Number(b.id));
}

async function waitFor(what, check, timeoutMs) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(500);
	}
}

export function register({ test, ctx }) {
	const example = loadExamples().find((e) => e.file === EXAMPLE);
	if (!example) return;

	test(
		`server: polling trigger (${EXAMPLE}, published via REST, Poll Times every 15 s) reports a stream going live, then ending, exactly once each`,
		async () => {
			// n8n gives a polling node its Poll Times field.
			const types = await ctx.rest.request('GET', '/types/nodes.json', undefined, { expect: 200 });
			const type = types.body.find((n) => n.name === POLL_TRIGGER_TYPE);
			assert.ok(type, `${POLL_TRIGGER_TYPE} is not in /types/nodes.json`);
			assert.equal(type.polling, true);
			assert.ok(
				type.properties.some((p) => p.name === 'pollTimes'),
				'no Poll Times field',
			);

			const cred = EXAMPLE_CREDENTIALS[EXAMPLE];
			const appId = cred.data.appId;
			const wf = exampleTestVariant(example.workflow, { id: 'unused', cred });
			delete wf.id;
			wf.name = '[e2e] polling trigger every 15 s';
			const trigger = wf.nodes.find((n) => n.type === POLL_TRIGGER_TYPE);
			trigger.parameters.pollTimes = {
				item: POLL_SECONDS.map((s) => ({ mode: 'custom', cronExpression: `${s} * * * * *` })),
			};
			const created = await ctx.rest.data('POST', '/rest/workflows', wf);
			const id = created.id;
			const pollsSince = async (seq) =>
				(await ctx.sb.requests(seq)).filter((e) => e.appId === appId);

			// 1. Publishing runs the first poll at once: it records what is live and starts nothing.
			const seq0 = await ctx.sb.lastSeq();
			await ctx.sb.seed({ appId, onlineStreams: [{ name: 'cam_before' }] });
			await ctx.rest.publishWorkflow(id);
			await waitFor('the first poll', async () => (await pollsSince(seq0)).length >= 1, 30000);
			const saved = await ctx.rest.getWorkflow(id);
			const state = saved.staticData?.[`node:${trigger.name}`]?.pollState;
			assert.ok(state, `n8n saved the first poll's state: ${JSON.stringify(saved.staticData)}`);
			assert.deepEqual(Object.keys(state.entryPoints.live.live), ['cam_before']);
			assert.equal((await executionsOf(ctx.rest, id)).length, 0, 'the first poll starts nothing');

			// 2. A stream goes live: the next poll starts one execution.
			const live = await ctx.sb.simulate('publish-start', { appId, streamName: 'cam_poll' });
			const [first] = await waitFor(
				'the went-live execution',
				async () => {
					const list = await executionsOf(ctx.rest, id);
					return list.length >= 1 && list[0].status !== 'running' && list[0].status !== 'new'
						? list
						: null;
				},
				TICK_MS * 2 + 15000,
			);
			assert.equal(first.status, 'success');
			assert.equal(first.mode, 'trigger');
			const data1 = parseExecutionData(ctx, await ctx.rest.execution(first.id));
			const out1 = data1.resultData.runData[trigger.name][0].data.main[0].map((i) => i.json);
			assert.equal(out1.length, 1, JSON.stringify(out1));
			matchValue(out1[0], {
				event: 'publish_start',
				eventType: 1,
				entryPoint: 'live',
				streamName: 'cam_poll',
				startTime: new Date(live.session.startTimeIso).toISOString(),
				source: 'poll',
			});
			const slack = data1.resultData.runData['Post to Slack'][0].data.main[0][0].json;
			matchValue(slack.text, '$contains:*cam_poll* is live on entry point *live*');

			// 3. It ends: the next poll starts one more execution, with how long it was live.
			await ctx.sb.simulate('publish-end', { appId, streamName: 'cam_poll' });
			const list2 = await waitFor(
				'the ended execution',
				async () => {
					const list = await executionsOf(ctx.rest, id);
					return list.length >= 2 && !['running', 'new'].includes(list[1].status) ? list : null;
				},
				TICK_MS * 2 + 15000,
			);
			const second = list2[1];
			assert.equal(second.status, 'success');
			const data2 = parseExecutionData(ctx, await ctx.rest.execution(second.id));
			const out2 = data2.resultData.runData[trigger.name][0].data.main[0].map((i) => i.json);
			assert.equal(out2.length, 1, JSON.stringify(out2));
			matchValue(out2[0], {
				event: 'publish_end',
				eventType: 2,
				entryPoint: 'live',
				streamName: 'cam_poll',
				duration: '$number',
				lastSeenLiveTime: '$iso',
				source: 'poll',
			});
			const ended = data2.resultData.runData['Post to Slack'][0].data.main[0][0].json;
			matchValue(ended.text, '$contains:*cam_poll* ended on entry point *live*');

			// 4. Two more polls see nothing new: still exactly these two executions.
			const seq2 = await ctx.sb.lastSeq();
			await waitFor(
				'two more polls',
				async () => (await pollsSince(seq2)).length >= 2,
				TICK_MS * 3,
			);
			await sleep(2000);
			const all = await executionsOf(ctx.rest, id);
			assert.deepEqual(
				all.map((e) => e.id),
				[first.id, second.id],
				`exactly one went-live and one ended execution: ${JSON.stringify(all.map((e) => [e.id, e.status]))}`,
			);

			// Every request was the one list each poll costs, through the signed transport.
			const requests = await pollsSince(seq0);
			const distinct = new Set(requests.map((e) => `${e.method} ${e.path} ${e.status}`));
			assert.deepEqual(
				[...distinct],
				[`GET /v1/projects/${appId}/fls/entry_points/live/reports/online_streams 200`],
			);
			await ctx.rest.deactivateWorkflow(id);
			return `${requests.length} polls (1 request each): publish → recorded cam_before silently; cam_poll live → execution ${first.id} (publish_start); ended → execution ${second.id} (publish_end, ${out2[0].duration} s); no other execution`;
		},
		{ needs: [OWNER_STEP], smoke: true },
	);

	test(
		`server: polling trigger with the App ID "${BAD_APP_ID}" in its credential: publishing fails with the App ID error, no request reaches the sandbox`,
		async () => {
			const { id, trigger } = await saveWithBadAppId(ctx, example.workflow, {
				name: 'polling trigger',
				triggerType: POLL_TRIGGER_TYPE,
			});
			// Publishing runs the first poll at once (n8n's test poll): its error fails the publication.
			const message = await expectBadAppIdPublicationFails(ctx, id, trigger.id);
			assert.equal((await executionsOf(ctx.rest, id)).length, 0, 'no execution');
			return message;
		},
		{ needs: [OWNER_STEP], smoke: true },
	);
}
