// What a newcomer copies from the README, the docs and the examples must work as written: the
// reliability table of docs/testing.md is the committed summary's, the "notify" demo's curl is the same
// in the README's Development section, in docs/development.md and in the example's sticky note, and
// that demo needs no credential `npm run dev` cannot fill in (it ends green).
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const DEVELOPMENT = fs.readFileSync(path.join(ROOT, 'docs/development.md'), 'utf8');
const EXAMPLES = path.join(ROOT, 'examples');
const examples = fs
	.readdirSync(EXAMPLES)
	.filter((f) => f.endsWith('.json'))
	.map((file) => ({
		file,
		workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')),
	}));
const notify = examples.find((e) => e.file === 'notify-when-stream-goes-live.json').workflow;

/** The fenced code blocks of a Markdown text that contain `needle`, whitespace-normalised. */
const codeBlocksWith = (markdown, needle) =>
	[...markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)]
		.map((m) => m[1].replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim())
		.filter((block) => block.includes(needle));

test("docs/testing.md's reliability table is test/reliability/SUMMARY.md's (npm run docs:refresh writes it)", () => {
	const out = execFileSync('node', [path.join(ROOT, 'scripts/docs-refresh.mjs'), '--check'], {
		encoding: 'utf8',
	});
	expect(out).toMatch(/matches/);
});

test('the "notify" curl is the same in the README\'s Development section, docs/development.md and the example\'s sticky note', () => {
	const sticky = notify.nodes.find((n) => n.type === 'n8n-nodes-base.stickyNote').parameters
		.content;
	const inSticky = codeBlocksWith(sticky, '/_sandbox/simulate/publish-start');
	const start = README.indexOf('\n## Development\n');
	expect(start).toBeGreaterThan(0);
	const development = README.slice(start, README.indexOf('\n## ', start + 1));
	// The contributor quick start: exactly the two commands, on a fresh machine.
	const commands = [...development.matchAll(/```[a-z]*\n([\s\S]*?)```/g)]
		.map((m) => m[1])
		.filter((block) => block.includes('npm ci'))
		.map((block) =>
			block
				.split('\n')
				.map((line) => line.replace(/#.*/, '').trim())
				.filter(Boolean),
		);
	expect(commands).toEqual([['npm ci && npm run dev', 'npm ci && npm test']]);
	const inReadme = codeBlocksWith(development, '/_sandbox/simulate/publish-start');
	expect(inSticky).toHaveLength(1);
	expect(inReadme).toEqual(inSticky);
	expect(codeBlocksWith(DEVELOPMENT, '/_sandbox/simulate/publish-start')).toEqual(inSticky);
	// It is aimed at the sandbox `npm run dev` starts, for the App ID of its credential.
	expect(inSticky[0]).toMatch(
		/^curl -s -XPOST http:\/\/127\.0\.0\.1:8787\/_sandbox\/simulate\/publish-start /,
	);
	expect(inSticky[0]).toContain('"appId":"0123456789abcdef0123456789abcdef"');
});

test('the "notify" example posts to a Slack incoming-webhook URL that the dev sandbox stands in for', () => {
	const trigger = notify.nodes.find((n) => n.type.endsWith('.agoraMediaBroadcastTrigger'));
	const next = notify.connections[trigger.name].main[0].map((c) => c.node);
	const post = notify.nodes.find((n) => n.name === next[0]);
	expect(post.type).toBe('n8n-nodes-base.httpRequest');
	expect(post.parameters.method).toBe('POST');
	expect(post.parameters.url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/_sandbox\/slack\/services\//);
	expect(post.parameters.bodyParameters.parameters).toEqual([
		{ name: 'text', value: expect.stringContaining('{{ $json.streamName }}') },
	]);
});

test('the "notify" example needs no credential but the Agora one (which npm run dev fills in)', () => {
	const types = notify.nodes.flatMap((n) => Object.keys(n.credentials || {}));
	expect(types).toEqual(['agoraMediaBroadcastApi']);
});

describe('the email example (nightly report by email)', () => {
	const email = examples.find((e) => e.file === 'nightly-publish-history-email.json').workflow;
	const nightly = examples.find((e) => e.file === 'nightly-publish-history-report.json').workflow;
	const byName = Object.fromEntries(email.nodes.map((n) => [n.name, n]));
	const next = (name) => (email.connections[name]?.main[0] || []).map((c) => byName[c.node]);

	test("it is the nightly report's chain, gathered into one item and sent by n8n's Send Email node", () => {
		// The same trigger and the same two Agora nodes as the nightly report, parameters and all.
		const agora = (wf) =>
			wf.nodes
				.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')
				.slice(0, 3)
				.map(({ name, type, typeVersion, parameters }) => ({
					name,
					type,
					typeVersion,
					parameters,
				}));
		expect(agora(email)).toEqual(agora(nightly));
		const chain = [];
		for (let node = byName['Every Night at 01:00']; node; node = next(node.name)[0]) {
			chain.push(node.type);
			expect(next(node.name).length).toBeLessThanOrEqual(1);
		}
		expect(chain).toEqual([
			'n8n-nodes-base.scheduleTrigger',
			'n8n-nodes-agora-media-broadcast.agoraMediaBroadcast',
			'n8n-nodes-agora-media-broadcast.agoraMediaBroadcast',
			'n8n-nodes-base.aggregate',
			'n8n-nodes-base.emailSend',
		]);
		// One email for the night, not one per session.
		const aggregate = email.nodes.find((n) => n.type === 'n8n-nodes-base.aggregate');
		expect(aggregate.parameters).toMatchObject({
			aggregate: 'aggregateAllItemData',
			destinationFieldName: 'sessions',
		});
	});

	test('the Send Email node has a sender, a recipient, a subject and a plain-text body built from the sessions, without n8n attribution', () => {
		const send = email.nodes.find((n) => n.type === 'n8n-nodes-base.emailSend');
		expect(send.typeVersion).toBe(2.1);
		const p = send.parameters;
		expect(p.fromEmail).toMatch(/<[^@\s]+@example\.com>$/);
		expect(p.toEmail).toMatch(/^[^@\s]+@example\.com$/);
		expect(p.emailFormat).toBe('text');
		expect(p.subject).toMatch(/^=.*\{\{ \$json\.sessions\.length \}\}/);
		expect(p.text).toMatch(/^=[\s\S]*\$json\.sessions\.map\(/);
		expect(p.options).toEqual({ appendAttribution: false });
	});

	test('it needs the Agora credential and an SMTP one, both of which npm run dev fills in', () => {
		const types = email.nodes.flatMap((n) => Object.keys(n.credentials || {}));
		expect(types.sort()).toEqual(['agoraMediaBroadcastApi', 'agoraMediaBroadcastApi', 'smtp']);
		const sticky = email.nodes.find((n) => n.type === 'n8n-nodes-base.stickyNote').parameters
			.content;
		// The note names the credential npm run dev creates and where the sent message shows.
		expect(sticky).toContain('**Sandbox mail (local)**');
		expect(sticky).toContain('http://127.0.0.1:8787/_sandbox/mail');
		expect(fs.readFileSync(path.join(ROOT, 'scripts/lib/sandbox.mjs'), 'utf8')).toContain(
			"name = 'Sandbox mail (local)'",
		);
	});
});

test('docs/editor-tour.gif is the editor tour: a looping GIF about 1000 px wide, at most 2 MB, 1 to 2 s a frame (the last longer), shown by the README', () => {
	const { gifInfo } = require('./helpers/gif');
	const file = path.join(ROOT, 'docs/editor-tour.gif');
	const bytes = fs.statSync(file).size;
	expect(bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
	const gif = gifInfo(fs.readFileSync(file));
	expect(gif.loops).toBe(true);
	expect(gif.width).toBeGreaterThanOrEqual(900);
	expect(gif.width).toBeLessThanOrEqual(1100);
	// A frame may redraw only what changed since the one before, never more than the screen.
	for (const f of gif.frames) {
		expect(f.width).toBeLessThanOrEqual(gif.width);
		expect(f.height).toBeLessThanOrEqual(gif.height);
	}
	expect(gif.frames.length).toBeGreaterThanOrEqual(5);
	const delays = gif.frames.map((f) => f.delayMs);
	for (const d of delays.slice(0, -1)) expect(d).toBeGreaterThanOrEqual(1000);
	for (const d of delays.slice(0, -1)) expect(d).toBeLessThanOrEqual(2000);
	expect(delays.at(-1)).toBeGreaterThanOrEqual(2000);
	expect(README).toMatch(/!\[[^\]]+\]\(docs\/editor-tour\.gif\)/);
});
