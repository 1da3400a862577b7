// Finds secrets in text: the value as is, and the forms it takes when it is URL-encoded, JSON-escaped,
// base64- or hex-encoded on the way into a log, an error or a stored execution. Plain CommonJS with no
// dependencies, so the e2e run can scan what n8n saved (database rows, logs, exported executions).
//
//   const { scanForSecrets } = require('./secretScan');
//   const hits = scanForSecrets(text, ['CUSTOMER-SECRET-canary-7f3a', /hmac username=/i]);
//   // → [{ secret, form, index, context }]  (empty when nothing leaked)
//
// `secrets` entries: a string (searched in every encoded form), a RegExp (searched as is), or
// `{ name, value }` (a string or RegExp reported under `name`, so the report does not have to print the
// secret itself). `context` shows up to 40 characters either side of the hit with the secret replaced
// by `[secret:<name>]`, so a report can be printed without leaking what it found.
'use strict';

/** Patterns that must never appear in anything the node or n8n keeps: a signed request's headers. */
const AUTH_HEADER_PATTERNS = [
	{ name: 'hmac Authorization header value', value: /hmac\s+username\s*=/i },
	{
		name: 'Authorization header with a signature',
		value: /["']?authorization["']?\s*[:=]\s*["']?hmac/i,
	},
	{ name: 'signature="…" parameter', value: /signature\s*=\s*\\?"[A-Za-z0-9+/=]{20,}/ },
];

const CONTEXT_CHARS = 40;

function encodedForms(value) {
	const forms = [['raw', value]];
	const add = (form, encoded) => {
		if (encoded && encoded !== value && !forms.some(([, existing]) => existing === encoded)) {
			forms.push([form, encoded]);
		}
	};
	add('url-encoded', encodeURIComponent(value));
	add('form-encoded', encodeURIComponent(value).replace(/%20/g, '+'));
	add('json-escaped', JSON.stringify(value).slice(1, -1));
	add('double-json-escaped', JSON.stringify(JSON.stringify(value)).slice(3, -3));
	// base64/hex of the secret alone (e.g. a Basic header or a logged buffer). Only for secrets long
	// enough that a base64/hex match cannot be an accident.
	if (value.length >= 8) {
		const base64 = Buffer.from(value, 'utf8').toString('base64').replace(/=+$/, '');
		// Drop the last (partial) quantum so the secret is found inside a longer base64 string too.
		add('base64', base64.slice(0, Math.floor((value.length * 4) / 3 / 4) * 4 || base64.length));
		add(
			'base64url',
			Buffer.from(value, 'utf8')
				.toString('base64url')
				.slice(0, Math.floor((value.length * 4) / 3 / 4) * 4),
		);
		add('hex', Buffer.from(value, 'utf8').toString('hex'));
	}
	return forms;
}

function normalise(secret, position) {
	if (secret instanceof RegExp) return { name: String(secret), value: secret };
	if (typeof secret === 'string') return { name: `secret #${position + 1}`, value: secret };
	if (secret && typeof secret === 'object' && 'value' in secret) {
		return { name: secret.name ?? `secret #${position + 1}`, value: secret.value };
	}
	throw new TypeError(
		`scanForSecrets: secrets[${position}] must be a string, a RegExp or { name, value }`,
	);
}

/**
 * Every occurrence of every secret in `text` (any value is stringified: objects as JSON).
 * Returns `[{ secret: <name>, form, index, context }]`, ordered by position. Contexts are cut from a
 * copy of the text in which every hit of every secret is replaced, so no context shows any secret,
 * not even part of one at the edge of the window.
 */
function scanForSecrets(text, secrets) {
	const haystack = typeof text === 'string' ? text : text === undefined ? '' : safeStringify(text);
	const found = [];
	secrets.forEach((entry, position) => {
		const { name, value } = normalise(entry, position);
		if (value instanceof RegExp) {
			const flags = value.flags.includes('g') ? value.flags : `${value.flags}g`;
			for (const match of haystack.matchAll(new RegExp(value.source, flags))) {
				if (match[0].length)
					found.push({
						secret: name,
						form: 'pattern',
						index: match.index,
						length: match[0].length,
					});
			}
			return;
		}
		if (typeof value !== 'string' || value === '') return;
		for (const [form, encoded] of encodedForms(value)) {
			let index = haystack.indexOf(encoded);
			while (index !== -1) {
				// Forms that coincide at one position are reported once (the first form listed).
				if (!found.some((hit) => hit.secret === name && hit.index === index)) {
					found.push({ secret: name, form, index, length: encoded.length });
				}
				index = haystack.indexOf(encoded, index + 1);
			}
		}
	});
	found.sort((a, b) => a.index - b.index || b.length - a.length);

	// The redacted copy: each hit (or the hit covering it) becomes [secret:<name>].
	let redacted = '';
	let cursor = 0;
	let covering;
	for (const hit of found) {
		if (hit.index >= cursor) {
			redacted += haystack.slice(cursor, hit.index);
			hit.at = redacted.length;
			const label = `[secret:${hit.secret}]`;
			redacted += label;
			hit.labelLength = label.length;
			cursor = hit.index + hit.length;
			covering = hit;
		} else {
			// Overlaps an earlier hit: it shows up as that hit's placeholder.
			hit.at = covering.at;
			hit.labelLength = covering.labelLength;
			if (hit.index + hit.length > cursor) {
				cursor = hit.index + hit.length;
			}
		}
	}
	redacted += haystack.slice(cursor);

	return found.map((hit) => {
		const start = Math.max(0, hit.at - CONTEXT_CHARS);
		const end = Math.min(redacted.length, hit.at + hit.labelLength + CONTEXT_CHARS);
		const context = `${start > 0 ? '…' : ''}${redacted.slice(start, end)}${end < redacted.length ? '…' : ''}`;
		return { secret: hit.secret, form: hit.form, index: hit.index, context };
	});
}

/**
 * Like scanForSecrets, on a value walked as a tree: each hit also has the `path` of the string that
 * holds it (e.g. `data.resultData.runData.Agora.0.error.node.parameters.storageSecretKey`), so a test
 * can tell n8n's own copy of the node parameters from a leak in the node's output.
 */
function scanObjectForSecrets(value, secrets, path = '', seen = new Set(), hits = []) {
	if (typeof value === 'string') {
		for (const hit of scanForSecrets(value, secrets)) hits.push({ ...hit, path });
		return hits;
	}
	if (value === null || typeof value !== 'object' || seen.has(value)) return hits;
	seen.add(value);
	const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
	for (const [key, child] of entries) {
		// Secrets in keys count too.
		for (const hit of scanForSecrets(String(key), secrets))
			hits.push({ ...hit, path: `${path}{key}` });
		scanObjectForSecrets(child, secrets, path ? `${path}.${key}` : String(key), seen, hits);
	}
	// Error objects keep message and stack outside Object.entries.
	if (value instanceof Error) {
		for (const key of ['message', 'stack', 'description']) {
			if (typeof value[key] === 'string' && !Object.prototype.hasOwnProperty.call(value, key)) {
				for (const hit of scanForSecrets(value[key], secrets))
					hits.push({ ...hit, path: `${path}.${key}` });
			}
		}
	}
	return hits;
}

function safeStringify(value) {
	const seen = new WeakSet();
	return JSON.stringify(value, (key, entry) => {
		if (entry && typeof entry === 'object') {
			if (seen.has(entry)) return '[Circular]';
			seen.add(entry);
		}
		if (entry instanceof Error)
			return {
				...entry,
				message: entry.message,
				stack: entry.stack,
				description: entry.description,
			};
		return entry;
	});
}

module.exports = {
	scanForSecrets,
	scanObjectForSecrets,
	AUTH_HEADER_PATTERNS,
	encodedForms,
	safeStringify,
};
