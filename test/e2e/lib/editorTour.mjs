// The editor tour: a user's first minute with the node in n8n's editor, one screenshot per step, for the
// animated picture of the docs (`npm run docs:refresh` assembles the frames into docs/editor-tour.gif).
// Sign in, new workflow, add the Agora Media Broadcast node from the node creator, pick its resource and
// operation, open its credential (n8n tests it: "Connection tested successfully"), execute the step and
// show its output, then the canvas.
import fs from 'node:fs';
import path from 'node:path';

import { launchEditorBrowser } from './editor.mjs';

/** The frames in order: file name → what it must show (the test checks each step before its shot). */
export const TOUR_FRAMES = [
	['01-search.png', 'the node creator finds Agora Media Broadcast'],
	['02-actions.png', "the node's actions, by resource"],
	['03-resource.png', 'the Resource dropdown, Stream picked next'],
	['04-operation.png', 'the Operation dropdown, Get Many Online picked next'],
	['05-credential.png', 'the credential opened: Connection tested successfully'],
	['06-output.png', 'Execute step: the live streams as output items'],
	['07-canvas.png', 'back on the canvas, the node ran'],
];

/**
 * Runs the tour and saves TOUR_FRAMES into framesDir. Returns what the steps read:
 * {credentialMessage, outputRows, canvasNodes, pageErrors}. Throws with a screenshot (artifactsDir)
 * when a step fails.
 */
export async function editorTour({
	url,
	email,
	password,
	framesDir,
	artifactsDir,
	log = () => {},
}) {
	fs.rmSync(framesDir, { recursive: true, force: true });
	fs.mkdirSync(framesDir, { recursive: true });
	const { context, userDataDir } = await launchEditorBrowser();
	const page = context.pages()[0] ?? (await context.newPage());
	// Close to the picture's 1000 px, so its text stays readable when scaled down.
	await page.setViewportSize({ width: 1200, height: 900 });
	page.setDefaultTimeout(30000);
	const pageErrors = [];
	page.on('pageerror', (e) => pageErrors.push(String(e)));
	let step = 'start';
	const at = (s) => {
		step = s;
		log(`tour: ${s}`);
	};
	const frames = TOUR_FRAMES.map(([file]) => file);
	const shot = async (file) => {
		if (!frames.includes(file)) throw new Error(`unknown frame ${file}`);
		await page.waitForTimeout(800); // let panels finish sliding in
		await page.screenshot({ path: path.join(framesDir, file) });
	};
	/** Opens a dropdown and brings the option named `name` into view, hovered (not yet clicked). */
	const pick = async (testId, name) => {
		await page.getByTestId(testId).click();
		const options = page.locator('.el-select-dropdown:visible .el-select-dropdown__item');
		await options.first().waitFor();
		const names = await options.evaluateAll((els) =>
			els.map((e) => e.innerText.split('\n')[0].trim()),
		);
		const i = names.indexOf(name);
		if (i < 0) throw new Error(`no option "${name}" in ${testId}: ${names.join(', ')}`);
		const option = options.nth(i);
		await option.scrollIntoViewIfNeeded();
		await option.hover();
		return option;
	};
	try {
		at('sign in');
		await page.goto(`${url}/signin`);
		await page.locator('input[name="emailOrLdapLoginId"]').fill(email);
		await page.locator('input[name="password"]').fill(password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((u) => !u.pathname.startsWith('/signin'));

		at('new workflow with a Manual Trigger');
		await page.goto(`${url}/workflow/new`);
		await page.getByTestId('canvas-add-button').click();
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
		const nodeItem = page
			.getByTestId('item-iterator-item')
			.filter({ hasText: 'Agora Media Broadcast' })
			.first();
		await nodeItem.waitFor();
		await shot('01-search.png');
		await nodeItem.click();

		at('the actions list');
		const actionItems = page.locator(
			'[data-test-id="item-iterator-item"][data-keyboard-nav-type="action"]',
		);
		await actionItems.first().waitFor();
		await shot('02-actions.png');
		await actionItems.first().click();
		await page.getByTestId('ndv').waitFor();

		at('pick the resource Stream');
		const stream = await pick('parameter-input-resource', 'Stream');
		await shot('03-resource.png');
		await stream.click();
		await page.waitForTimeout(300);

		at('pick the operation Get Many Online');
		const online = await pick('parameter-input-operation', 'Get Many Online');
		await shot('04-operation.png');
		await online.click();
		await page.getByTestId('parameter-input-entryPoint').waitFor();

		at('open the credential: n8n tests it');
		await page.getByTestId('credential-edit-button').click();
		const success = page.getByTestId('credentials-config-container-test-success');
		await success.waitFor({ timeout: 60000 });
		const credentialMessage = (await success.innerText()).split('\n')[0].trim();
		await shot('05-credential.png');
		await page.keyboard.press('Escape');
		await page.getByTestId('credential-edit-dialog').waitFor({ state: 'hidden' });
		// Escape may close the node too: open it again from the canvas.
		await page.waitForTimeout(300);
		if (!(await page.getByTestId('ndv').isVisible())) {
			await page.getByTestId('canvas-node').filter({ hasText: 'Get many online' }).dblclick();
			await page.getByTestId('ndv').waitFor();
		}

		at('execute the step');
		await page.getByTestId('node-execute-button').click();
		const output = page.getByTestId('output-panel');
		const rows = output.locator('table tbody tr');
		await rows.first().waitFor({ timeout: 60000 });
		const outputRows = await rows.evaluateAll((els) =>
			els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()),
		);
		await shot('06-output.png');

		at('back on the canvas');
		await page.getByTestId('ndv-close-button').click();
		await page.getByTestId('ndv').waitFor({ state: 'hidden' });
		const canvasNodes = await page
			.getByTestId('canvas-node')
			.evaluateAll((els) => els.map((e) => e.innerText.replace(/\s+/g, ' ').trim()));
		await shot('07-canvas.png');
		return { credentialMessage, outputRows, canvasNodes, pageErrors };
	} catch (e) {
		if (artifactsDir) {
			fs.mkdirSync(artifactsDir, { recursive: true });
			const file = path.join(artifactsDir, 'editor-tour-failure.png');
			await page.screenshot({ path: file }).catch(() => {});
			e.message += `\n(editor tour step "${step}"; screenshot ${file})`;
		} else {
			e.message += `\n(editor tour step "${step}")`;
		}
		throw e;
	} finally {
		await context.close().catch(() => {});
		fs.rmSync(userDataDir, { recursive: true, force: true });
	}
}
