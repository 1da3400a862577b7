// Assertions for workflow outputs and the sandbox request log.
//
// Expected values are JSON. Objects match as subsets (extra keys in the actual value are fine),
// arrays match element by element with the same length, scalars match exactly, and these strings
// are matchers: "$any" (anything but undefined), "$absent" (the key must not be there), "$string",
// "$number", "$boolean", "$array", "$object", "$nonEmptyString", "$iso" (an ISO/RFC 3339 date string),
// "$masked" (a secret shown as ****…), "$regex:<pattern>", "$contains:<text>", "$length:<n>".
import assert from 'node:assert/strict';

function describe(v) {
	return JSON.stringify(v)?.slice(0, 400);
}

export function matchValue(actual, expected, where = '$') {
	if (typeof expected === 'string' && expected.startsWith('$')) {
		const fail = (what) => assert.fail(`${where}: expected ${what}, got ${describe(actual)}`);
		if (expected === '$absent') return actual === undefined || fail('no value');
		if (actual === undefined) fail(expected);
		if (expected === '$any') return true;
		if (expected === '$string') return typeof actual === 'string' || fail('a string');
		if (expected === '$nonEmptyString')
			return (typeof actual === 'string' && actual !== '') || fail('a non-empty string');
		if (expected === '$number') return typeof actual === 'number' || fail('a number');
		if (expected === '$boolean') return typeof actual === 'boolean' || fail('a boolean');
		if (expected === '$array') return Array.isArray(actual) || fail('an array');
		if (expected === '$object')
			return (actual && typeof actual === 'object' && !Array.isArray(actual)) || fail('an object');
		if (expected === '$iso') {
			return (
				(typeof actual === 'string' &&
					/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(actual) &&
					!Number.isNaN(Date.parse(actual))) ||
				fail('an ISO date')
			);
		}
		if (expected === '$masked')
			return (
				(typeof actual === 'string' && /^\*{2,}/.test(actual)) || fail('a masked secret (****…)')
			);
		if (expected.startsWith('$regex:')) {
			return (
				(typeof actual === 'string' && new RegExp(expected.slice(7)).test(actual)) ||
				fail(`a string matching /${expected.slice(7)}/`)
			);
		}
		if (expected.startsWith('$contains:')) {
			return (
				(typeof actual === 'string' && actual.includes(expected.slice(10))) ||
				fail(`a string containing "${expected.slice(10)}"`)
			);
		}
		if (expected.startsWith('$length:')) {
			const n = Number(expected.slice(8));
			return (actual != null && actual.length === n) || fail(`length ${n}`);
		}
		if (expected.startsWith('$$')) return matchValue(actual, expected.slice(1), where);
		assert.fail(`${where}: unknown matcher ${expected}`);
	}
	if (Array.isArray(expected)) {
		assert.ok(Array.isArray(actual), `${where}: expected an array, got ${describe(actual)}`);
		assert.equal(
			actual.length,
			expected.length,
			`${where}: expected ${expected.length} elements, got ${actual.length}: ${describe(actual)}`,
		);
		expected.forEach((e, i) => matchValue(actual[i], e, `${where}[${i}]`));
		return true;
	}
	if (expected && typeof expected === 'object') {
		assert.ok(
			actual && typeof actual === 'object' && !Array.isArray(actual),
			`${where}: expected an object, got ${describe(actual)}`,
		);
		for (const [k, v] of Object.entries(expected)) matchValue(actual[k], v, `${where}.${k}`);
		return true;
	}
	assert.deepEqual(
		actual,
		expected,
		`${where}: expected ${describe(expected)}, got ${describe(actual)}`,
	);
	return true;
}

/**
 * Node output expectation: an array = exactly these items (each a subset of the item's json), or
 * {count?, items?: [subsets of the first items], every?: subset all items match, error?: matcher}.
 */
export function matchOutput(items, expected, where) {
	assert.ok(Array.isArray(items), `${where}: the node did not run (no output)`);
	const jsons = items.map((i) => i.json);
	const errors = jsons.filter((j) => j && j.error !== undefined);
	if (Array.isArray(expected)) {
		if (errors.length && !expected.some((e) => e && e.error !== undefined)) {
			assert.fail(`${where}: the node output errors: ${describe(errors)}`);
		}
		return matchValue(jsons, expected, where);
	}
	if (expected.count !== undefined) {
		assert.equal(
			jsons.length,
			expected.count,
			`${where}: expected ${expected.count} items, got ${jsons.length}: ${describe(jsons)}`,
		);
	}
	(expected.items || []).forEach((e, i) => matchValue(jsons[i], e, `${where}[${i}]`));
	if (expected.every) jsons.forEach((j, i) => matchValue(j, expected.every, `${where}[${i}]`));
	return true;
}

/**
 * Expected request: {method, path (after /v1/projects/{appid}/fls), query? (default {}), body?
 * (default null = no body; "$any" to skip), status? (default: any 2xx)}.
 */
export function matchRequest(entry, expected, where) {
	assert.ok(
		entry,
		`${where}: no request was logged (expected ${expected.method} ${expected.path})`,
	);
	const rel = entry.path.replace(/^\/v1\/projects\/[^/]+\/fls/, '');
	assert.equal(
		`${entry.method} ${rel}`,
		`${expected.method} ${expected.path}`,
		`${where}: wrong request`,
	);
	matchValue(entry.query, expected.query ?? {}, `${where}.query`);
	if (expected.query && typeof expected.query === 'object') {
		const extra = Object.keys(entry.query).filter((k) => !(k in expected.query));
		assert.deepEqual(extra, [], `${where}.query: unexpected parameters ${extra.join(', ')}`);
	}
	if (expected.body !== '$any') {
		if (expected.body === undefined || expected.body === null) {
			assert.equal(
				entry.body,
				null,
				`${where}.body: expected no body, got ${describe(entry.body)}`,
			);
		} else {
			matchValue(entry.body, expected.body, `${where}.body`);
			if (
				expected.exactBody !== false &&
				entry.body &&
				typeof entry.body === 'object' &&
				!Array.isArray(entry.body)
			) {
				const extra = Object.keys(entry.body).filter((k) => !(k in expected.body));
				assert.deepEqual(extra, [], `${where}.body: unexpected fields ${extra.join(', ')}`);
			}
		}
	}
	if (expected.status !== undefined) {
		assert.equal(
			entry.status,
			expected.status,
			`${where}: status ${entry.status}${entry.authError ? ` (${entry.authError})` : ''}`,
		);
	} else {
		assert.ok(
			entry.status >= 200 && entry.status < 300,
			`${where}: status ${entry.status} ${entry.authError ? `(${entry.authError})` : ''} for ${entry.method} ${entry.rawUrl}`,
		);
	}
}

/** The whole ordered request sequence of one app id. */
export function matchRequests(entries, expected, where) {
	const lines = entries.map((e) => `${e.method} ${e.rawUrl} → ${e.status}`);
	expected.forEach((exp, i) => {
		try {
			matchRequest(entries[i], exp, `${where}[${i}]`);
		} catch (e) {
			e.message += `\n  logged requests:\n    ${lines.join('\n    ')}`;
			throw e;
		}
	});
	assert.equal(
		entries.length,
		expected.length,
		`${where}: expected ${expected.length} requests, got ${entries.length}:\n    ${lines.join('\n    ')}`,
	);
}
