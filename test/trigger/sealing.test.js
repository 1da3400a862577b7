// The sealed values the trigger keeps in static data (secrets.ts seal / unseal): AES-256-GCM with the
// full 16-byte tag required, and associated data that binds a restore record to its registration.
'use strict';

const path = require('node:path');
const { DIST } = require('./harness');

const secrets = require(path.join(DIST, 'nodes/AgoraMediaBroadcastTrigger/secrets.js'));

const CUSTOMER_SECRET = ['customer', 'secret', 'for', 'sealing'].join('-');
const scope = { workflowId: 'wf-1', nodeId: 'node-1', variant: 'production' };

/** The same sealed value with its tag cut to `bytes` (base64url parts: v1.<iv>.<tag>.<data>). */
function withTagOf(sealed, bytes) {
	const [prefix, iv, tag, data] = sealed.split('.');
	const cut = Buffer.from(tag, 'base64url').subarray(0, bytes).toString('base64url');
	return [prefix, iv, cut, data].join('.');
}

test('a sealed value opens with the same credential and node, not with another', () => {
	const sealed = secrets.seal(CUSTOMER_SECRET, scope, 'the previous secret');
	expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
	expect(secrets.unseal(CUSTOMER_SECRET, scope, sealed)).toBe('the previous secret');
	// The production and the test registration of one node share the key.
	expect(secrets.unseal(CUSTOMER_SECRET, { ...scope, variant: 'test' }, sealed)).toBe(
		'the previous secret',
	);
	expect(secrets.unseal(`${CUSTOMER_SECRET}-rotated`, scope, sealed)).toBeUndefined();
	expect(secrets.unseal(CUSTOMER_SECRET, { ...scope, nodeId: 'node-2' }, sealed)).toBeUndefined();
});

test('a tag shorter than 16 bytes never opens (GCM tag length pinned): a 4-byte tag could be forged by trying', () => {
	const sealed = secrets.seal(CUSTOMER_SECRET, scope, 'the previous secret');
	for (const bytes of [4, 8, 12, 15])
		expect(secrets.unseal(CUSTOMER_SECRET, scope, withTagOf(sealed, bytes))).toBeUndefined();
	expect(secrets.unseal(CUSTOMER_SECRET, scope, withTagOf(sealed, 16))).toBe('the previous secret');
});

test('with associated data: opens only with the same text, and never as a value sealed without it', () => {
	const bound = secrets.seal(CUSTOMER_SECRET, scope, '{"enabled":true}', 'registration A');
	expect(bound).toMatch(/^v2\./);
	expect(secrets.unseal(CUSTOMER_SECRET, scope, bound, 'registration A')).toBe('{"enabled":true}');
	expect(secrets.unseal(CUSTOMER_SECRET, scope, bound, 'registration B')).toBeUndefined();
	expect(secrets.unseal(CUSTOMER_SECRET, scope, bound)).toBeUndefined();
	const unbound = secrets.seal(CUSTOMER_SECRET, scope, '{"enabled":true}');
	expect(secrets.unseal(CUSTOMER_SECRET, scope, unbound, 'registration A')).toBeUndefined();
	expect(secrets.unseal(CUSTOMER_SECRET, scope, withTagOf(bound, 4), 'registration A')).toBe(
		undefined,
	);
});
