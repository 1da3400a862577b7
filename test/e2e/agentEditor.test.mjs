// Browser: the node's Tool variant inside n8n's AI Agent, in the editor (Chromium, playwright-core, the
// browser test/e2e/lib/editor.mjs uses). (1) A new workflow with an AI Agent: the agent's Tools "+"
// lists "Agora Media Broadcast Tool", which is added and connected as an ai_tool sub-node, and its
// "Let the model define this parameter" button turns a field into a $fromAI() override (checked in the
// saved workflow). (2) The example's ban_stream tool opens with its $fromAI() fields rendered as
// "Defined automatically by the model"; its screenshot goes to test-results/e2e/docs/
// (docs/editor-agora-agent-tool.png after `npm run docs:refresh`).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { DEFAULT_OWNER } from '../../scripts/lib/rest.mjs';
import { docShot } from './lib/context.mjs';
import { launchEditorBrowser } from './lib/editor.mjs';
import { BROWSER_READY } from './browser.test.mjs';
import { AGENT_EXAMPLE, fromAiArguments } from './mcp.test.mjs';
import { loadExamples, stableId } from './lib/workflows.mjs';

const TOOL_TYPE = 'n8n-nodes-agora-media-broadcast.agoraMediaBroadcastTool';
const OVERRIDE_PREFIX = '={{ /*n8n-auto-generated-fromAI-override*/ $fromAI(';

export function register({ test, ctx }) {
	const example = loadExamples().find((e) => e.file === AGENT_EXAMPLE);
	if (!example) return;
	test(
		"browser: the Agora Media Broadcast Tool is added under an AI Agent's Tools and its $fromAI fields render",
		async () => {
			fs.mkdirSync(ctx.artifactsDir, { recursive: true });
			const shot = docShot('editor-agora-agent-tool.png');
			const { context, userDataDir } = await launchEditorBrowser();
			const page = context.pages()[0] ?? (await context.newPage());
			page.setDefaultTimeout(30000);
			const pageErrors = [];
			page.on('pageerror', (e) => pageErrors.push(String(e)));
			let step = 'sign in';
			try {
				await page.goto(`${ctx.server.url}/signin`);
				await page.locator('input[name="emailOrLdapLoginId"]').fill(DEFAULT_OWNER.email);
				await page.locator('input[name="password"]').fill(DEFAULT_OWNER.password);
				await page.getByTestId('form-submit-button').click();
				await page.waitForURL((u) => !u.pathname.startsWith('/signin'));

				step = 'new workflow with an AI Agent';
				await page.goto(`${ctx.server.url}/workflow/new`);
				await page.getByTestId('canvas-add-button').click();
				await page.getByTestId('node-creator-search-bar').fill('AI Agent');
				await page
					.getByTestId('item-iterator-item')
					.filter({ hasText: /^AI Agent/ })
					.first()
					.click();
				await page.locator('[data-connection-type="ai_tool"]').first().waitFor();
				if (await page.getByTestId('ndv').isVisible()) await page.keyboard.press('Escape');

				step = "the agent's Tools + lists the Agora tool";
				await page
					.locator('[data-connection-type="ai_tool"] [data-test-id="canvas-handle-plus"]')
					.click();
				await page.getByTestId('node-creator-search-bar').fill('Agora Media Broadcast');
				const item = page
					.getByTestId('item-iterator-item')
					.filter({ hasText: 'Agora Media Broadcast Tool' });
				await item.first().waitFor();
				await item.first().click();

				step = 'the tool opens; let the model define Entry Point';
				await page.getByTestId('ndv').waitFor();
				await page.getByTestId('parameter-input-resource').waitFor();
				const entryPoint = page
					.getByTestId('parameter-input-entryPoint')
					.locator('xpath=ancestor::*[.//*[@data-test-id="from-ai-override-button"]][1]');
				await entryPoint.getByTestId('from-ai-override-button').click();
				await page.getByTestId('fromAI-override-field').first().waitFor();
				await page.getByTestId('ndv-close-button').click();

				step = 'save the workflow';
				await page.keyboard.press('Control+s');
				await page.waitForURL(
					(u) => /\/workflow\/[A-Za-z0-9]+$/.test(u.pathname) && !u.pathname.endsWith('/new'),
				);
				const savedId = new URL(page.url()).pathname.split('/').pop();
				// The editor saved an earlier version when the workflow got its id; wait for this save. The
				// URL can show the new id before that first save has reached n8n's database (the REST API
				// answers 404 "you can only access workflows owned by you" until then; seen once in CI).
				let saved;
				for (const until = Date.now() + 30000; Date.now() < until; ) {
					saved = await ctx.rest.getWorkflow(savedId).catch((e) => {
						if (/ → 404 /.test(e.message)) return undefined;
						throw e;
					});
					if (saved?.nodes.some((n) => n.type === TOOL_TYPE)) break;
					await page.waitForTimeout(500);
				}
				assert.ok(saved, `the workflow ${savedId} was not in n8n's database 30 s after Ctrl+S`);
				const tool = saved.nodes.find((n) => n.type === TOOL_TYPE);
				assert.ok(
					tool,
					`the saved workflow has a ${TOOL_TYPE} node: ${saved.nodes.map((n) => n.type)}`,
				);
				const agent = saved.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.agent');
				assert.ok(agent, 'the saved workflow has the AI Agent');
				assert.deepEqual(
					saved.connections[tool.name]?.ai_tool?.[0]?.map((c) => c.node),
					[agent.name],
					'the tool is connected to the agent as an ai_tool',
				);
				const epValue = tool.parameters.entryPoint?.value ?? tool.parameters.entryPoint;
				assert.ok(
					typeof epValue === 'string' && epValue.startsWith(OVERRIDE_PREFIX),
					`Entry Point became a $fromAI() override: ${JSON.stringify(tool.parameters.entryPoint)}`,
				);

				step = "the example's ban_stream tool";
				const exampleId = stableId('wf', `example:${AGENT_EXAMPLE}`);
				await page.goto(`${ctx.server.url}/workflow/${exampleId}`);
				const node = page.getByTestId('canvas-node').filter({ hasText: /^ban_stream/ });
				await node.waitFor();
				await node.dblclick();
				await page.getByTestId('ndv').waitFor();
				const declared = fromAiArguments(
					example.workflow.nodes.find((n) => n.name === 'ban_stream').parameters,
				);
				const fields = page.getByTestId('fromAI-override-field');
				await fields.nth(declared.size - 1).waitFor();
				assert.equal(await fields.count(), declared.size, 'one model-defined field per $fromAI()');
				await page.screenshot({ path: shot });
				assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
				return `tool added under the AI Agent (saved as ${savedId}); ban_stream shows ${declared.size} model-defined fields; screenshot ${path.relative(process.cwd(), shot)}`;
			} catch (e) {
				await page
					.screenshot({ path: path.join(ctx.artifactsDir, 'editor-agent-failure.png') })
					.catch(() => {});
				e.message += `\n(editor step "${step}"; screenshot test-results/e2e/editor-agent-failure.png)`;
				throw e;
			} finally {
				await context.close().catch(() => {});
				fs.rmSync(userDataDir, { recursive: true, force: true });
			}
		},
		{
			needs: [
				BROWSER_READY,
				'server: owner created with POST /rest/owner/setup, login with POST /rest/login',
			],
		},
	);
}
