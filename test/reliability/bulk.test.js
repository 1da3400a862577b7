// 1,000 items against a sandbox that injects ~10% random faults (5xx, dropped connections, HTML
// bodies, truncated bodies, answers slower than the timeout) at Agora's real limit of 50 requests/s.
// Five executions of 200 items run at once (one per HTTP method), sharing the account's pace as
// executions in one n8n process do, all with Continue On Fail.
//
// Per item: exactly one output, paired to it; a POST is never sent twice unless Agora answered 429;
// every idempotent item is applied (and says so); an item that errors says what happened, and a POST
// whose outcome could not be known says it may or may not have been applied.
'use strict';

const { startEnv, rl, seededRandom, describeError } = require('./helpers');
const { record, note, flush } = require('./results');

const APP_ID = 'reliabilityBulk0123456789abcdefg';
const CATEGORY = '1,000 items with 10% faults';
const PER_RUN = 200;
const ONLINE_SINCE = '2026-11-28T07:30:00Z';
const FAULTS = {
	rate: 0.03,
	dropRate: 0.02,
	nonJsonRate: 0.02,
	truncateRate: 0.015,
	slowRate: 0.015,
	slowMs: 1500,
};

let env;

beforeAll(async () => {
	env = await startEnv({ appId: APP_ID, rateLimit: 50 });
});

afterAll(async () => {
	await env.close();
	flush(__filename);
});

const names = (prefix) =>
	Array.from({ length: PER_RUN }, (_, index) => `${prefix}_${String(index).padStart(3, '0')}`);

/** One execution per method; `applied(name)` reads the sandbox state, `isFor` picks the item's requests. */
function runs() {
	const state = () => env.ep();
	return [
		{
			method: 'POST',
			label: 'transcoding.createTemplate',
			names: names('tpl'),
			parameters: {
				resource: 'transcoding',
				operation: 'createTemplate',
				entryPoint: rl('live'),
				templateName: '={{ $json.name }}',
				width: 0,
				height: 360,
			},
			isFor: (request, name) => request.method === 'POST' && request.query.id === name,
			applied: (name) => state().transcode.templates.some((template) => template.name === name),
			outputOk: (json, name) => json.success === true && json.name === name,
		},
		{
			method: 'PATCH',
			label: 'stream.ban',
			names: names('ban'),
			parameters: {
				resource: 'stream',
				operation: 'ban',
				entryPoint: rl('live'),
				streamName: '={{ $json.name }}',
			},
			isFor: (request, name) =>
				request.method === 'PATCH' &&
				request.rel === `/entry_points/live/admin/banned_streams/${name}`,
			applied: (name) => state().banned.some((ban) => ban.name === name),
			outputOk: (json, name) => json.success === true && json.streamName === name,
		},
		{
			method: 'DELETE',
			label: 'stream.unban',
			names: names('unban'),
			parameters: {
				resource: 'stream',
				operation: 'unban',
				entryPoint: rl('live'),
				streamName: '={{ $json.name }}',
			},
			isFor: (request, name) =>
				request.method === 'DELETE' &&
				request.rel === `/entry_points/live/admin/banned_streams/${name}`,
			applied: (name) => !state().banned.some((ban) => ban.name === name),
			outputOk: (json, name) =>
				json.success === true && json.unbanned === true && json.streamName === name,
		},
		{
			method: 'PUT',
			label: 'standardRecording.start',
			names: names('rec'),
			parameters: {
				resource: 'standardRecording',
				operation: 'start',
				entryPoint: rl('live'),
				region: 'na',
				streamName: '={{ $json.name }}',
			},
			isFor: (request, name) => request.method === 'PUT' && request.query.id === name,
			applied: (name) =>
				state().record.standard.tasks.na.some(
					(task) => task === name || task?.name === name || task?.streamName === name,
				),
			outputOk: (json, name) => json.success === true && json.streamName === name,
		},
		{
			method: 'GET',
			label: 'stream.getOnline',
			names: names('on'),
			parameters: {
				resource: 'stream',
				operation: 'getOnline',
				entryPoint: rl('live'),
				stream: rl('={{ $json.name }}'),
			},
			isFor: (request, name) =>
				request.method === 'GET' &&
				request.rel === `/entry_points/live/reports/online_streams/${name}`,
			applied: () => true,
			outputOk: (json, name) =>
				json.online === true && json.streamName === name && json.startTime === ONLINE_SINCE,
		},
	];
}

/** What an error may say when the item could not be completed: the cause, in words. */
const EXPLAINED_ERROR =
	/not retried because it creates something|on all \d+ attempts|not valid JSON|rate limit was hit/;

test('1,000 items, 10% injected faults: none lost, none duplicated, every idempotent item applied', async () => {
	const plan = runs();
	env.seed({
		bannedStreams: plan.find((run) => run.method === 'DELETE').names.map((name) => ({ name })),
		onlineStreams: plan
			.find((run) => run.method === 'GET')
			.names.map((name) => ({ name, startTime: ONLINE_SINCE })),
	});
	env.sandbox.setConfig({ faults: FAULTS, random: seededRandom(20261128) });
	const since = env.lastSeq();
	const started = Date.now();

	const results = await Promise.all(
		plan.map((run) =>
			env.run(
				{ ...run.parameters, requestSettings: { timeout: 1 } },
				{ items: run.names.map((name) => ({ json: { name } })), continueOnFail: true },
			),
		),
	);
	const elapsed = Date.now() - started;
	env.sandbox.setConfig({
		faults: { rate: 0, dropRate: 0, nonJsonRate: 0, truncateRate: 0, slowRate: 0 },
	});
	// Answers slower than the timeout are still on their way; the state was changed on arrival.
	await new Promise((resolve) => setTimeout(resolve, 600));

	const log = env.requests(since);
	const byKind = {};
	for (const request of log) {
		const kind = request.rateLimited
			? '429 (rate limit)'
			: request.fault
				? `fault:${request.fault}${request.fault === 'status' ? ` ${request.status}` : ''}`
				: String(request.status);
		byKind[kind] = (byKind[kind] ?? 0) + 1;
	}
	const faulted = log.filter((request) => request.fault).length;

	const violations = [];
	const outcomes = { success: 0, error: 0 };
	plan.forEach((run, runIndex) => {
		const result = results[runIndex];
		if (result.error)
			violations.push(`${run.label}: the run failed: ${describeError(result.error)}`);
		const outputsByIndex = new Map();
		for (const item of result.items) {
			const index = item.pairedItem?.item;
			outputsByIndex.set(index, [...(outputsByIndex.get(index) ?? []), item]);
		}
		run.names.forEach((name, index) => {
			const outputs = outputsByIndex.get(index) ?? [];
			const requests = log.filter((request) => run.isFor(request, name));
			const processedAttempts = requests.filter((request) => request.status !== 429);
			const applied = run.applied(name);
			const problems = [];
			if (outputs.length !== 1) problems.push(`${outputs.length} outputs`);
			const output = outputs[0];
			if (output) {
				if (output.error) {
					outcomes.error++;
					const message = output.json.error ?? '';
					if (!EXPLAINED_ERROR.test(message)) problems.push(`unexplained error "${message}"`);
					if (run.method !== 'POST') problems.push(`idempotent item not completed: ${message}`);
					if (
						run.method === 'POST' &&
						applied &&
						!/not retried because it creates something/.test(message)
					) {
						problems.push(`created, but the error does not say it may have been: ${message}`);
					}
				} else {
					outcomes.success++;
					if (!run.outputOk(output.json, name))
						problems.push(`wrong output ${JSON.stringify(output.json)}`);
					if (!applied) problems.push('output says success but Agora did not apply it');
				}
			}
			if (run.method === 'POST' && processedAttempts.length > 1) {
				problems.push(
					`POST sent ${processedAttempts.length} times without a 429 (${processedAttempts.map((r) => r.status ?? r.fault).join(',')})`,
				);
			}
			if (run.method !== 'POST' && run.method !== 'GET' && !applied) problems.push('not applied');
			const held = problems.length === 0;
			record(
				CATEGORY,
				`${run.label} (${run.method}) item ${index} "${name}"`,
				held,
				held
					? undefined
					: `${problems.join('; ')}; attempts: ${requests.map((r) => (r.rateLimited ? '429' : r.fault ? `${r.fault}${r.fault === 'status' ? r.status : ''}` : r.status)).join(',')}`,
			);
			if (!held)
				violations.push(
					`${run.label} item ${index} (${name}): ${problems.join('; ')} [attempts ${requests.map((r) => r.fault ?? r.status).join(',')}]`,
				);
		});
	});

	note(
		CATEGORY,
		`${log.length} requests for 1,000 items in ${(elapsed / 1000).toFixed(1)} s; ${faulted} injected faults (${((faulted / log.length) * 100).toFixed(1)}% of requests): ${JSON.stringify(byKind)}; outputs: ${outcomes.success} success, ${outcomes.error} error`,
	);

	// The executions as a whole: 1,000 outputs, each input index once, in input order.
	for (const result of results) {
		expect(result.items.map((item) => item.pairedItem.item)).toEqual(
			Array.from({ length: PER_RUN }, (_, index) => index),
		);
	}
	expect(faulted / log.length).toBeGreaterThan(0.06);
	expect(violations).toEqual([]);
}, 150000);
