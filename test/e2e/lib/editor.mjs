// Drives n8n's editor in Chromium (playwright-core + the Chromium lib/chromium.mjs provides; no browser
// download):
// sign in, new workflow, Manual Trigger, add the Agora Media Broadcast node from the node creator,
// open its Resource and Operation dropdowns and read what they list.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, selectors } from 'playwright-core';

/** The browser to launch: the one provideChromium() (lib/chromium.mjs) found or installed. */
export const chromiumPath = () => process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

let testIdSet = false;

/** Visible option texts (first line = the option name) of the open n8n select dropdown. */
async function openOptions(page) {
	const options = page.locator('.el-select-dropdown__item:visible, [role="option"]:visible');
	await options.first().waitFor();
	const texts = await options.evaluateAll((els) =>
		els.map((e) => e.innerText.split('\n')[0].trim()),
	);
	return [...new Set(texts.filter(Boolean))];
}

/**
 * Starts the Chromium that provideChromium() found, headless with the flags this closed network needs,
 * in a fresh profile; the caller closes the context and removes userDataDir.
 */
export async function launchEditorBrowser() {
	const executablePath = chromiumPath();
	if (!fs.existsSync(executablePath))
		throw new Error(
			`${executablePath} not found (the "browser: Chromium" step provides one; run it first)`,
		);
	if (!testIdSet) {
		selectors.setTestIdAttribute('data-test-id'); // n8n's attribute, not Playwright's data-testid
		testIdSet = true;
	}
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-e2e-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath,
		headless: true,
		args: ARGS,
		viewport: { width: 1440, height: 900 },
	});
	return { context, userDataDir };
}

/**
 * Returns {resources, operations, actions, screenshots}. `shots` = {resources: png path, ...}.
 * Throws with a screenshot saved under artifactsDir when a step fails.
 */
export async function exploreAgoraNode({
	url,
	email,
	password,
	actionName = 'Ban stream',
	shots = {},
	artifactsDir,
	log = () => {},
}) {
	const { context, userDataDir } = await launchEditorBrowser();
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(30000);
	const consoleErrors = [];
	page.on('pageerror', (e) => consoleErrors.push(String(e)));
	let step = 'start';
	const at = (s) => {
		step = s;
		log(`editor: ${s}`);
	};
	try {
		at('sign in');
		await page.goto(`${url}/signin`);
		await page.locator('input[name="emailOrLdapLoginId"]').fill(email);
		await page.locator('input[name="password"]').fill(password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'));

		at('new workflow');
		await page.goto(`${url}/workflow/new`);
		await page.getByTestId('canvas-add-button').click();

		at('add a Manual Trigger');
		await page.getByTestId('node-creator-search-bar').fill('Manual Trigger');
		await page
			.getByTestId('item-iterator-item')
			.filter({ hasText: 'Manual Trigger' })
			.first()
			.click();
		await page.getByTestId('canvas-trigger-node').waitFor();
		if (await page.getByTestId('ndv').isVisible()) await page.keyboard.press('Escape');

		at('search the node creator for Agora');
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('Agora Media Broadcast');
		await page
			.getByTestId('item-iterator-item')
			.filter({ hasText: 'Agora Media Broadcast' })
			.first()
			.click();

		at('read the actions list');
		const actionItems = page.locator(
			'[data-test-id="item-iterator-item"][data-keyboard-nav-type="action"]',
		);
		await actionItems.first().waitFor();
		const actions = await actionItems.evaluateAll((els) => els.map((e) => e.innerText.trim()));
		if (shots.actions) await page.screenshot({ path: shots.actions });

		at(`add the node with the action "${actionName}"`);
		await actionItems.filter({ hasText: new RegExp(`^${actionName}$`) }).click();
		await page.getByTestId('ndv').waitFor();
		await page.getByTestId('parameter-input-resource').waitFor();

		at('open the Resource dropdown');
		await page.getByTestId('parameter-input-resource').click();
		const resources = await openOptions(page);
		if (shots.resources) await page.screenshot({ path: shots.resources });
		await page.keyboard.press('Escape');
		await page.waitForTimeout(300);

		at('open the Operation dropdown');
		await page.getByTestId('parameter-input-operation').click();
		const operations = await openOptions(page);
		if (shots.operations) await page.screenshot({ path: shots.operations });
		await page.keyboard.press('Escape');

		at('close the node and look at the canvas');
		await page.getByTestId('ndv-close-button').click();
		const canvasNodes = await page
			.getByTestId('canvas-node')
			.evaluateAll((els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
		if (shots.canvas) await page.screenshot({ path: shots.canvas });
		return { resources, operations, actions, canvasNodes, consoleErrors };
	} catch (e) {
		if (artifactsDir) {
			fs.mkdirSync(artifactsDir, { recursive: true });
			const file = path.join(artifactsDir, 'editor-failure.png');
			await page.screenshot({ path: file }).catch(() => {});
			e.message += `\n(editor step "${step}"; screenshot ${file})`;
		} else {
			e.message += `\n(editor step "${step}")`;
		}
		throw e;
	} finally {
		await context.close().catch(() => {});
		fs.rmSync(userDataDir, { recursive: true, force: true });
	}
}
