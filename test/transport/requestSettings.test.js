// Request Settings through n8n's engine: one policy for every field, a value outside the range the
// editor offers (typeOptions) is refused with the field's name and range before any request, never
// clamped or swapped for the default; the range's own ends are accepted.
'use strict';

const path = require('node:path');
const {
	startDomainSandbox,
	requestsSince: requestLogSince,
	lastSeq: lastRequestSeq,
} = require('../helpers/domainSandbox');
const { runNode, DIST } = require('../helpers/engine');

const { AgoraMediaBroadcast } = require(
	path.join(DIST, 'nodes/AgoraMediaBroadcast/AgoraMediaBroadcast.node.js'),
);

const CUSTOMER = { customerId: 'settings-customer', customerSecret: 'settings-customer-secret' };
const APP_ID = 'settings0123456789abcdef01234567';

let sandbox;
let credentials;
const requestsSince = (seq) => requestLogSince(sandbox, seq);
const lastSeq = () => lastRequestSeq(sandbox);

beforeAll(async () => {
	({ sandbox, credentials } = await startDomainSandbox({
		sandboxOptions: { customers: [CUSTOMER] },
		credentials: { ...CUSTOMER, appId: APP_ID },
	}));
});
afterAll(() => sandbox.close());

/** Domain → Get of the push domain, two items, with these Request Settings. */
const getDomain = (requestSettings, continueOnFail = false) =>
	runNode({
		parameters: {
			resource: 'domain',
			operation: 'get',
			domain: { __rl: true, mode: 'name', value: 'push.example.com' },
			requestSettings,
		},
		items: [{ json: {} }, { json: {} }],
		credentials,
		continueOnFail,
	});

const collection = new AgoraMediaBroadcast().description.properties.find(
	(property) => property.name === 'requestSettings',
);
const field = (name) => collection.options.find((option) => option.name === name);
const escape = (text) => text.replace(/[()]/g, '\\$&');

describe('values the old reader clamped or replaced by the default are refused, no request', () => {
	test.each([
		['maxAttempts', 0, 'Max Attempts', 'a whole number between 1 and 10'],
		['maxAttempts', -1, 'Max Attempts', 'a whole number between 1 and 10'],
		['maxAttempts', 11, 'Max Attempts', 'a whole number between 1 and 10'],
		['maxAttempts', 1000, 'Max Attempts', 'a whole number between 1 and 10'],
		['maxAttempts', 2.5, 'Max Attempts', 'a whole number between 1 and 10'],
		['maxAttempts', 'many', 'Max Attempts', 'a whole number between 1 and 10'],
		['concurrency', 0, 'Max Concurrent Requests', 'a whole number between 1 and 100'],
		['concurrency', 101, 'Max Concurrent Requests', 'a whole number between 1 and 100'],
		['concurrency', 1.5, 'Max Concurrent Requests', 'a whole number between 1 and 100'],
		['timeout', 0, 'Timeout (Seconds)', 'between 1 and 300'],
		['timeout', -5, 'Timeout (Seconds)', 'between 1 and 300'],
		['timeout', 'soon', 'Timeout (Seconds)', 'between 1 and 300'],
	])('%s = %p: "%s ... must be %s"', async (name, value, displayName, range) => {
		const since = lastSeq();
		const result = await getDomain({ [name]: value });
		expect(result.error?.message).toBe(
			`${displayName} under Request Settings must be ${range} (got ${value})`,
		);
		expect(requestsSince(since)).toHaveLength(0);
	});

	test('with Continue On Fail the node still stops: the setting is the node’s, not an item’s', async () => {
		const since = lastSeq();
		const result = await getDomain({ concurrency: 500 }, true);
		expect(result.error?.message).toMatch(/^Max Concurrent Requests under Request Settings/);
		expect(requestsSince(since)).toHaveLength(0);
	});
});

describe('the editor’s range is the accepted range', () => {
	test.each(['maxAttempts', 'timeout', 'rateLimitWait', 'concurrency'])(
		'%s: minValue and maxValue run, one step beyond either is refused naming the field',
		async (name) => {
			const { displayName, typeOptions, default: byDefault } = field(name);
			expect(byDefault).toBeGreaterThanOrEqual(typeOptions.minValue);
			expect(byDefault).toBeLessThanOrEqual(typeOptions.maxValue);
			for (const value of [typeOptions.minValue, typeOptions.maxValue]) {
				const result = await getDomain({ [name]: value });
				expect(result.error).toBeUndefined();
			}
			for (const value of [typeOptions.minValue - 1, typeOptions.maxValue + 1]) {
				const since = lastSeq();
				const result = await getDomain({ [name]: value });
				expect(result.error?.message).toMatch(
					new RegExp(
						`^${escape(displayName)} under Request Settings must be (a whole number )?between ${typeOptions.minValue} and ${typeOptions.maxValue} \\(got ${value}\\)$`,
					),
				);
				expect(requestsSince(since)).toHaveLength(0);
			}
		},
	);
});
