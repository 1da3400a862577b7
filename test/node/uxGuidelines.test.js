// n8n's UX guidelines for verified community nodes (docs.n8n.io "UX guidelines"), checked on what the
// editor reads: every field of the three nodes and the two credentials. The wording and case rules are
// n8n's own: the standard Return All / Limit / Simplify texts and the title-case and sentence-case checks
// come from eslint-plugin-n8n-nodes-base. Its lint rules see only literal arrays in source files; most
// of our fields come from shared builders, so this test applies the same rules to the built descriptions.
'use strict';

const path = require('node:path');

const { DIST } = require('../helpers/engine');

const plugin = path.dirname(require.resolve('eslint-plugin-n8n-nodes-base/package.json'));
const { LIMIT_NODE_PARAMETER, RETURN_ALL_NODE_PARAMETER } = require(
	path.join(plugin, 'dist/lib/constants'),
);
const fromPlugin = (name) => require(require.resolve(name, { paths: [plugin] }));
const { titleCase } = fromPlugin('title-case');
const { sentenceCase } = fromPlugin('sentence-case');

const load = (file, name) => new (require(path.join(DIST, file))[name])();
const action = load('nodes/AgoraMediaBroadcast/AgoraMediaBroadcast.node.js', 'AgoraMediaBroadcast');
const webhookTrigger = load(
	'nodes/AgoraMediaBroadcastTrigger/AgoraMediaBroadcastTrigger.node.js',
	'AgoraMediaBroadcastTrigger',
);
const pollTrigger = load(
	'nodes/AgoraMediaBroadcastPollTrigger/AgoraMediaBroadcastPollTrigger.node.js',
	'AgoraMediaBroadcastPollTrigger',
);
const apiCredential = load(
	'credentials/AgoraMediaBroadcastApi.credentials.js',
	'AgoraMediaBroadcastApi',
);
const storageCredential = load(
	'credentials/AgoraCloudStorageApi.credentials.js',
	'AgoraCloudStorageApi',
);

const SOURCES = {
	'Agora Media Broadcast': action.description.properties,
	'Agora Media Broadcast Trigger': webhookTrigger.description.properties,
	'Agora Media Broadcast Polling Trigger': pollTrigger.description.properties,
	'Agora Media Broadcast API credential': apiCredential.properties,
	'Agora Cloud Storage API credential': storageCredential.properties,
};

/** Every field (collection and fixedCollection members included) with a readable path. */
function fieldsOf(properties, where) {
	return properties.flatMap((property) => {
		const here = `${where} › ${property.displayName} (${property.name})`;
		const inner =
			property.type === 'collection'
				? fieldsOf(property.options, here)
				: property.type === 'fixedCollection'
					? property.options.flatMap((group) =>
							fieldsOf(group.values, `${here} › ${group.displayName}`),
						)
					: [];
		return [{ where: here, property }, ...inner];
	});
}
const FIELDS = Object.entries(SOURCES).flatMap(([node, properties]) => fieldsOf(properties, node));
const choices = ({ property }) =>
	['options', 'multiOptions'].includes(property.type) ? property.options : [];

/** eslint-plugin-n8n-nodes-base's sentence-case check for operation actions, word for word. */
function isSentenceCase(sentence) {
	const withoutAllUppercaseWords = sentence
		.split(' ')
		.filter((word) => word !== word.toUpperCase())
		.join(' ');
	return withoutAllUppercaseWords === sentenceCase(withoutAllUppercaseWords);
}

/** Sentence case for prose that names things (Agora, RTMP, 'Start Time'): a capital first, not Title Case. */
function looksLikeSentence(text) {
	const words = text
		.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '')
		.split(/\s+/)
		.filter((w) => /^[a-z]{4,}/i.test(w));
	const startsRight = /^(["'(0-9]|e\.g\.|[A-Z])/.test(text);
	const titleCased = words.length >= 3 && words.every((w) => /^[A-Z]/.test(w));
	return startsRight && !titleCased;
}

test('the fields are found (the walk is not empty)', () => {
	expect(FIELDS.length).toBeGreaterThan(150);
});

test('display names and dropdown values are in Title Case', () => {
	const wrong = [];
	for (const field of FIELDS) {
		const { property, where } = field;
		if (property.type !== 'notice' && titleCase(property.displayName) !== property.displayName)
			wrong.push(`${where}: "${property.displayName}"`);
		for (const choice of choices(field))
			if (titleCase(choice.name) !== choice.name) wrong.push(`${where}: option "${choice.name}"`);
	}
	expect(wrong).toEqual([]);
});

test('descriptions, hints, notices and dropdown descriptions are in sentence case', () => {
	const wrong = [];
	for (const field of FIELDS) {
		const { property, where } = field;
		const texts = [
			property.description,
			property.hint,
			property.type === 'notice' ? property.displayName.replace(/<[^>]+>/g, '') : undefined,
			...choices(field).map((choice) => choice.description),
		].filter((text) => typeof text === 'string' && text !== '');
		for (const text of texts) if (!looksLikeSentence(text)) wrong.push(`${where}: "${text}"`);
	}
	expect(wrong).toEqual([]);
});

test('boolean descriptions start with "Whether"', () => {
	const booleans = FIELDS.filter(({ property }) => property.type === 'boolean');
	expect(booleans.length).toBeGreaterThan(10);
	const wrong = booleans
		.filter(({ property }) => !/^Whether /.test(property.description ?? ''))
		.map(({ where, property }) => `${where}: "${property.description}"`);
	expect(wrong).toEqual([]);
});

test('placeholders of typed-in values start with "e.g."', () => {
	const placeholders = FIELDS.flatMap(({ property, where }) => [
		...(['collection', 'fixedCollection'].includes(property.type) || !property.placeholder
			? []
			: [{ where, placeholder: property.placeholder }]),
		...(property.modes ?? [])
			.filter((mode) => mode.placeholder)
			.map((mode) => ({
				where: `${where} › mode ${mode.displayName}`,
				placeholder: mode.placeholder,
			})),
	]);
	expect(placeholders.length).toBeGreaterThan(20);
	const wrong = placeholders.filter(({ placeholder }) => !/^e\.g\. \S/.test(placeholder));
	expect(wrong).toEqual([]);
});

test('resource locators with a list default to the "From List" mode', () => {
	const locators = FIELDS.filter(({ property }) => property.type === 'resourceLocator');
	expect(locators.length).toBeGreaterThan(30);
	const wrong = locators
		.filter(({ property }) => property.modes.some((mode) => mode.type === 'list'))
		.filter(({ property }) => property.default.mode !== 'list')
		.map(({ where, property }) => `${where}: default mode "${property.default.mode}"`);
	expect(wrong).toEqual([]);
	// The polling trigger's list of entry points starts with one row, in the same mode.
	const rows = pollTrigger.description.properties.find((p) => p.name === 'entryPoints').default;
	expect(rows.entryPoint.map((row) => row.entryPoint.mode)).toEqual(['list']);
});

describe('operations', () => {
	const operationFields = action.description.properties.filter((p) => p.name === 'operation');
	const operations = operationFields.flatMap((field) =>
		field.displayOptions.show.resource.flatMap((resource) =>
			field.options.map((option) => ({ resource, option })),
		),
	);

	test('every operation has a Title Case name, an action and a description', () => {
		expect(operations.length).toBeGreaterThan(45);
		for (const { resource, option } of operations) {
			expect([resource, option.name, titleCase(option.name)]).toEqual([
				resource,
				option.name,
				option.name,
			]);
			expect([resource, option.value, typeof option.action]).toEqual([
				resource,
				option.value,
				'string',
			]);
			expect([resource, option.value, typeof option.description]).toEqual([
				resource,
				option.value,
				'string',
			]);
		}
	});

	test('actions are in sentence case, without articles', () => {
		const wrong = operations
			.filter(
				({ option }) => !isSentenceCase(option.action) || /\b(a|an|the)\b/i.test(option.action),
			)
			.map(({ resource, option }) => `${resource}/${option.value}: "${option.action}"`);
		expect(wrong).toEqual([]);
	});

	test('actions are unique, so the node panel lists each once', () => {
		const actions = operations.map(({ option }) => option.action);
		expect(new Set(actions).size).toBe(actions.length);
	});

	test('Get Many operations start their action with "Get many" and have n8n\'s Return All and Limit', () => {
		const getMany = operations.filter(({ option }) => /^Get Many\b/.test(option.name));
		expect(getMany.length).toBe(8);
		for (const { resource, option } of getMany) {
			expect(option.action).toMatch(/^Get many /);
			const shown = (name) =>
				action.description.properties.find(
					(p) =>
						p.name === name &&
						p.displayOptions?.show?.resource?.includes(resource) &&
						p.displayOptions?.show?.operation?.includes(option.value),
				);
			const returnAll = shown('returnAll');
			const limit = shown('limit');
			expect([option.value, returnAll && returnAll.displayName]).toEqual([
				option.value,
				RETURN_ALL_NODE_PARAMETER.DISPLAY_NAME,
			]);
			expect(returnAll).toMatchObject({
				type: 'boolean',
				default: false,
				description: RETURN_ALL_NODE_PARAMETER.DESCRIPTION,
			});
			expect(limit).toMatchObject({
				displayName: 'Limit',
				type: 'number',
				default: LIMIT_NODE_PARAMETER.DEFAULT_VALUE,
				description: LIMIT_NODE_PARAMETER.DESCRIPTION,
				typeOptions: { minValue: 1 },
			});
			expect(limit.displayOptions.show.returnAll).toEqual([false]);
		}
	});

	test("every Return All and Limit (Get Many and reports) has n8n's wording and defaults", () => {
		const named = (name) => FIELDS.filter(({ property }) => property.name === name);
		expect(named('returnAll').length).toBe(11);
		for (const { property } of named('returnAll'))
			expect(property).toMatchObject({
				displayName: RETURN_ALL_NODE_PARAMETER.DISPLAY_NAME,
				default: false,
				description: RETURN_ALL_NODE_PARAMETER.DESCRIPTION,
			});
		expect(named('limit').length).toBe(11);
		for (const { property } of named('limit'))
			expect(property).toMatchObject({
				default: LIMIT_NODE_PARAMETER.DEFAULT_VALUE,
				description: LIMIT_NODE_PARAMETER.DESCRIPTION,
				typeOptions: { minValue: 1 },
			});
	});

	test('the node is offered to AI agents as a tool; the triggers are not', () => {
		expect(action.description.usableAsTool).toBe(true);
		expect(webhookTrigger.description.usableAsTool).toBeUndefined();
		expect(pollTrigger.description.usableAsTool).toBeUndefined();
	});
});

test('descriptions refer to other fields by their name in single quotes', () => {
	const wrong = [];
	for (const [node, properties] of Object.entries(SOURCES)) {
		const fields = fieldsOf(properties, node);
		// Multi-word names only: a one-word name ("Region") also begins ordinary sentences.
		const names = [
			...new Set(
				fields
					.map(({ property }) => property.displayName)
					.filter((name) => name.split(' ').length > 1 && name.length < 40),
			),
		];
		// Longer names that contain a field's name ("Set Timestamp Auth Key", "All Entry Points").
		const known = [
			...names,
			...fields.flatMap((field) => choices(field).map((choice) => String(choice.name))),
		];
		const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		for (const { property, where } of fields) {
			const text = property.type === 'notice' ? property.displayName : property.description;
			if (!text) continue;
			for (const name of names) {
				if (name === property.displayName) continue;
				const masked = known
					.filter((longer) => longer !== name && longer.includes(name))
					.reduce((t, longer) => t.split(longer).join('…'), text);
				if (new RegExp(`(?<!')\\b${escape(name)}\\b(?!')`).test(masked))
					wrong.push(`${where}: ${name}`);
			}
		}
	}
	expect(wrong).toEqual([]);
});

test('credential secrets are password fields', () => {
	for (const credential of [apiCredential, storageCredential]) {
		const secrets = credential.properties.filter((p) => /secret|password|token|key/i.test(p.name));
		expect(secrets.length).toBeGreaterThan(0);
		for (const field of secrets)
			expect([field.name, field.typeOptions?.password]).toEqual([field.name, true]);
	}
});
