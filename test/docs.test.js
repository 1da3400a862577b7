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
