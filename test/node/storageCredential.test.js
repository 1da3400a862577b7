// Storage settings and keys out of the workflow (issue 12, "Secrets out of workflows"): node version
// 1.1 takes vendor, region, bucket and keys from the Agora Cloud Storage credential (n8n stores it
// encrypted) for Custom Recording → Set Config and Snapshot → Set Config (your storage); version 1
// workflows keep reading their legacy node parameters. Run through n8n's engine against the sandbox.
'use strict';

const path = require('node:path');
const { NodeHelpers } = require('n8n-workflow');
const {
	DIST,
	NODE_TYPE,
	STORAGE_CREDENTIAL_TYPE,
	nodeTypeInstances,
	runNode,
} = require('../helpers/engine');
const { useSandbox, byName, jsonOf, expectHiddenFromOutput } = require('../helpers/sandboxContext');
const { startServer } = require('../transport/localServer');
const { scanObjectForSecrets } = require('../reliability/secretScan');
const packageJson = require('../../package.json');

const { AgoraCloudStorageApi } = require(
	path.join(DIST, 'credentials/AgoraCloudStorageApi.credentials.js'),
);

const APP_ID = 'a7c3e9d1b5f2a8c4e6d0b3f7a1c5e9d2';
// Built at run time so no key-looking literal sits in the sources in one piece.
const canary = (kind, tail) => [kind, 'canary', tail].join('-');
const ACCESS = canary('STORAGE-CRED-ACCESS', '3e8a1');
const SECRET = canary('STORAGE-CRED-SECRET', '7c2d9');

/** The Agora Cloud Storage credential as n8n hands it to the node (decrypted). */
const storageCredential = {
	storageVendor: 1,
	storageRegionAmazonS3: 7,
	storageBucket: 'recordings-eu',
	storageAccessKey: ACCESS,
	storageSecretKey: SECRET,
};
const EXPECTED_STORAGE = {
	vendor: 1,
	region: 7,
	bucket: 'recordings-eu',
	accessKey: ACCESS,
	secretKey: SECRET,
};

const ctx = useSandbox({ appId: APP_ID });
const V11 = { typeVersion: 1.1, storageCredentials: storageCredential };
// The sandbox listens on loopback at a port of its own: the credential lists it (loopback hosts are
// allowed only when listed).
beforeAll(() => {
	storageCredential.allowedApiHosts = new URL(ctx.sandbox.url).host;
});

const recordingSetConfig = (extra = {}) => ({
	resource: 'customRecording',
	operation: 'setConfig',
	entryPoint: byName('live'),
	region: 'eu',
	mp4: 'enable',
	hls: 'unchanged',
	...extra,
});
const snapshotSetConfig = (extra = {}) => ({
	resource: 'snapshot',
	operation: 'setConfig',
	entryPoint: byName('live'),
	storage: 'custom',
	region: 'eu',
	enabled: true,
	...extra,
});

/** Nothing n8n keeps of the run (items, runData, errors, the node and its parameters) holds a key. */
function expectKeysNowhere(result) {
	expectHiddenFromOutput(result, [ACCESS, SECRET]);
	expect(scanObjectForSecrets(result.run, [ACCESS, SECRET]).map((hit) => hit.path)).toEqual([]);
}

const nodeDescription = nodeTypeInstances[NODE_TYPE].description;

/** What n8n resolves for a node of `typeVersion` with `parameters` (defaults filled in, hidden ones dropped). */
function resolved(parameters, typeVersion) {
	const node = { name: 'Agora', type: NODE_TYPE, typeVersion, parameters, position: [0, 0] };
	const values = NodeHelpers.getNodeParameters(
		nodeDescription.properties,
		parameters,
		true,
		false,
		node,
		nodeDescription,
	);
	const credential = nodeDescription.credentials.find((c) => c.name === STORAGE_CREDENTIAL_TYPE);
	return {
		values,
		credentialShown: NodeHelpers.displayParameter(
			values,
			credential,
			{ ...node, parameters: values },
			nodeDescription,
		),
	};
}

describe('description', () => {
	test('the credential is registered, its keys are password fields, and it is tested by the node', () => {
		expect(packageJson.n8n.credentials).toContain(
			'dist/credentials/AgoraCloudStorageApi.credentials.js',
		);
		const credential = new AgoraCloudStorageApi();
		expect(credential.name).toBe(STORAGE_CREDENTIAL_TYPE);
		const fields = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(fields.storageAccessKey.typeOptions.password).toBe(true);
		expect(fields.storageSecretKey.typeOptions.password).toBe(true);
		expect(fields.storageBucket.typeOptions).toBeUndefined();
		expect(fields.storageVendor.displayOptions).toBeUndefined();
		expect(fields.storageRegionAmazonS3.displayOptions).toEqual({ show: { storageVendor: [1] } });
		const entry = nodeDescription.credentials.find((c) => c.name === STORAGE_CREDENTIAL_TYPE);
		expect(entry.testedBy).toBe('agoraCloudStorageApiTest');
		expect(typeof nodeTypeInstances[NODE_TYPE].methods.credentialTest[entry.testedBy]).toBe(
			'function',
		);
		expect(nodeDescription.version).toEqual([1, 1.1]);
	});

	test('where no credential can serve, the secret is a password field: domain auth key, origin-auth secret', () => {
		const field = (resource, operation, name) =>
			nodeDescription.properties.find(
				(p) =>
					p.name === name &&
					p.displayOptions?.show?.resource?.includes(resource) &&
					p.displayOptions?.show?.operation?.includes(operation),
			);
		expect(field('domain', 'setAuthKey', 'authKey').typeOptions.password).toBe(true);
		expect(field('originAuth', 'set', 'secret').typeOptions.password).toBe(true);
	});

	test.each([
		['customRecording', recordingSetConfig()],
		['snapshot (your storage)', snapshotSetConfig()],
	])(
		'%s: a new (1.1) node defaults to the credential; a saved 1 node to its parameters',
		(_, params) => {
			const v11 = resolved(params, 1.1);
			expect(v11.values.storageKeysFrom).toBe('credential');
			expect(v11.values).not.toHaveProperty('storageAccessKey');
			expect(v11.values).not.toHaveProperty('storageSecretKey');
			expect(v11.credentialShown).toBe(true);

			const v1 = resolved(params, 1);
			expect(v1.values.storageKeysFrom).toBe('nodeParameters');
			expect(v1.values).toHaveProperty('storageAccessKey', '');
			expect(v1.credentialShown).toBe(false);
		},
	);

	test('the storage credential is not asked for where no storageConfig is sent', () => {
		expect(resolved(snapshotSetConfig({ storage: 'standard' }), 1.1).credentialShown).toBe(false);
		expect(resolved(snapshotSetConfig({ setStorage: false }), 1.1).credentialShown).toBe(false);
		expect(resolved(recordingSetConfig({ setStorage: false }), 1.1).credentialShown).toBe(false);
		expect(resolved({ ...recordingSetConfig(), operation: 'getConfig' }, 1.1).credentialShown).toBe(
			false,
		);
	});
});

describe('keys from the credential', () => {
	test('Custom Recording → Set Config: the credential reaches the request body; no key in anything n8n keeps', async () => {
		const result = await ctx.run(recordingSetConfig(), V11);
		expect(jsonOf(result)).toEqual([
			{
				success: true,
				entryPoint: 'live',
				region: 'eu',
				mp4Config: { enabled: true },
				// Masked in the output: none of its characters.
				storageConfig: { ...EXPECTED_STORAGE, accessKey: '****', secretKey: '****' },
			},
		]);
		expect(result.decryptedCredentials).toContain(STORAGE_CREDENTIAL_TYPE);
		// The sandbox stores what it received: the keys arrived in the body, from the credential.
		expect(
			ctx.sandbox.state.entryPoint(APP_ID, 'live').record.custom.regions.eu.storageConfig,
		).toEqual(EXPECTED_STORAGE);
		expectKeysNowhere(result);
	});

	test('Snapshot → Set Config (your storage): the same', async () => {
		const result = await ctx.run(snapshotSetConfig(), V11);
		expect(jsonOf(result)[0]).toMatchObject({ success: true, storage: 'custom', enabled: true });
		expect(ctx.lastRequest()).toMatchObject({
			method: 'PATCH',
			path: '/entry_points/live/settings/snapshot/custom/regions/eu',
			status: 200,
		});
		expect(ctx.sandbox.state.entryPoint(APP_ID, 'live').snapshot.custom.eu.storageConfig).toEqual(
			EXPECTED_STORAGE,
		);
		expectKeysNowhere(result);
	});

	test('Azure (no region) from the credential sends region 0, which Agora ignores', async () => {
		const result = await ctx.run(recordingSetConfig(), {
			typeVersion: 1.1,
			storageCredentials: { ...storageCredential, storageVendor: 5 },
		});
		expect(result.error).toBeUndefined();
		expect(
			ctx.sandbox.state.entryPoint(APP_ID, 'live').record.custom.regions.eu.storageConfig,
		).toEqual({ ...EXPECTED_STORAGE, vendor: 5, region: 0 });
	});

	test('the credential is not read where no storageConfig is sent', async () => {
		const standard = await ctx.run(snapshotSetConfig({ storage: 'standard' }), V11);
		expect(standard.error).toBeUndefined();
		expect(standard.decryptedCredentials).not.toContain(STORAGE_CREDENTIAL_TYPE);
		const keep = await ctx.run(recordingSetConfig({ setStorage: false }), V11);
		// Agora answers 400 (storage is required the first time); the node did not read the credential.
		expect(keep.decryptedCredentials).not.toContain(STORAGE_CREDENTIAL_TYPE);
		expect(ctx.lastRequest().body).toEqual({ mp4Config: { enabled: true } });
	});

	test('an incomplete credential: a clear error naming the field and the credential, no request, no key', async () => {
		const before = ctx.sandbox.requestLog.length;
		const badRegion = await ctx.run(recordingSetConfig(), {
			typeVersion: 1.1,
			storageCredentials: { ...storageCredential, storageRegionAmazonS3: 17 },
		});
		expect(badRegion.error.message).toMatch(
			/^Storage Region 17 is not valid for Amazon S3 \(vendor 1\): use one of 0 \(US_EAST_1\).* \(in the Agora Cloud Storage API credential\)$/,
		);
		expectKeysNowhere(badRegion);
		const noSecret = await ctx.run(snapshotSetConfig(), {
			typeVersion: 1.1,
			storageCredentials: { ...storageCredential, storageSecretKey: '  ' },
		});
		expect(noSecret.error.message).toBe(
			'Secret Key is required (in the Agora Cloud Storage API credential)',
		);
		expectKeysNowhere(noSecret);
		expect(ctx.sandbox.requestLog.length).toBe(before);
	});

	test('a 1.1 node with no storage credential selected fails before any request, naming the credential type', async () => {
		const before = ctx.sandbox.requestLog.length;
		const result = await ctx.run(recordingSetConfig(), { typeVersion: 1.1 });
		expect(result.error.message).toBe(
			'Node does not have any credentials set for "agoraCloudStorageApi"',
		);
		expect(ctx.sandbox.requestLog.length).toBe(before);
	});

	test('an Agora error after the keys were sent carries no key (unknown entry point → 404)', async () => {
		const result = await ctx.run(recordingSetConfig({ entryPoint: byName('gone') }), V11);
		expect(result.error.message).toMatch(/entry point "gone"/);
		expect(ctx.lastRequest().status).toBe(404);
		expectKeysNowhere(result);
	});

	test('Continue On Fail: the failed item carries no key either', async () => {
		const result = await ctx.run(recordingSetConfig({ entryPoint: byName('gone') }), {
			...V11,
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(/entry point "gone"/);
		expectKeysNowhere(result);
	});
});

describe("the keys go only to hosts the storage credential allows ('Allowed Agora API Hosts')", () => {
	const sandboxHost = () => new URL(ctx.sandbox.url).host;
	const withHosts = (allowedApiHosts) => ({
		typeVersion: 1.1,
		storageCredentials: { ...storageCredential, allowedApiHosts },
	});

	test("someone else's Agora credential pointing at their own server: refused, that server receives nothing", async () => {
		// What a user allowed only to use the storage credential could do in a shared n8n: make an
		// Agora credential of their own whose API Base URL is their server.
		const theirs = await startServer('127.0.0.2', (req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{}');
		});
		try {
			for (const parameters of [recordingSetConfig(), snapshotSetConfig()]) {
				const result = await runNode({
					parameters,
					credentials: { ...ctx.credentials, baseUrl: theirs.url },
					...withHosts(sandboxHost()),
				});
				const theirHost = new URL(theirs.url).host;
				expect(result.error?.message).toBe(
					`The storage keys were not sent: the 'API Base URL' of the Agora Media Broadcast API credential points at ${theirHost}, which is not among the 'Allowed Agora API Hosts' of the Agora Cloud Storage API credential (${sandboxHost()})`,
				);
				expect(result.error.description).toMatch(
					/Only if you trust .* add it to 'Allowed Agora API Hosts' in the Agora Cloud Storage API credential/,
				);
				expectKeysNowhere(result);
			}
			expect(theirs.requests).toEqual([]);
		} finally {
			await theirs.close();
		}
	});

	test.each([
		['a credential saved before the field existed (Agora only)', undefined],
		['an empty field (Agora only)', ''],
		['the default', 'api.agora.io'],
		['the loopback host without its port (the default port only)', '127.0.0.1'],
		['another port on the same host', '127.0.0.1:1'],
		['another loopback address', '127.0.0.2, localhost'],
	])('%s: the sandbox on loopback is refused, nothing sent', async (_label, allowedApiHosts) => {
		const before = ctx.sandbox.requestLog.length;
		const storageCredentials = { ...storageCredential };
		if (allowedApiHosts === undefined) delete storageCredentials.allowedApiHosts;
		else storageCredentials.allowedApiHosts = allowedApiHosts;
		const result = await ctx.run(recordingSetConfig(), { typeVersion: 1.1, storageCredentials });
		expect(result.error?.message).toMatch(
			/^The storage keys were not sent: the 'API Base URL' of the Agora Media Broadcast API credential points at 127\.0\.0\.1:\d+, which is not among the 'Allowed Agora API Hosts'/,
		);
		expect(result.error.message).toContain(
			`(${allowedApiHosts ? allowedApiHosts.replace(/\s+/g, ' ') : 'api.agora.io'})`,
		);
		expect(ctx.sandbox.requestLog.length).toBe(before);
		expectKeysNowhere(result);
	});

	test('listed with its port (any letter case, among others): sent', async () => {
		const result = await ctx.run(
			recordingSetConfig(),
			withHosts(`api.agora.io,  ${sandboxHost().toUpperCase()}`),
		);
		expect(result.error).toBeUndefined();
		expect(
			ctx.sandbox.state.entryPoint(APP_ID, 'live').record.custom.regions.eu.storageConfig,
		).toEqual(EXPECTED_STORAGE);
	});

	test('an entry that is not a host: a clear error naming the field, no request', async () => {
		const before = ctx.sandbox.requestLog.length;
		const result = await ctx.run(snapshotSetConfig(), withHosts('https://api.agora.io/'));
		expect(result.error?.message).toBe(
			'Allowed Agora API Hosts: "https://api.agora.io/" is not a host or host:port (e.g. api.agora.io or 127.0.0.1:8787; no https://, path or wildcard) (in the Agora Cloud Storage API credential)',
		);
		expect(ctx.sandbox.requestLog.length).toBe(before);
	});

	test('keys typed as node parameters (legacy) are not bound to a host: whoever edits the workflow has them', async () => {
		const result = await runNode({
			parameters: recordingSetConfig({
				storageVendor: 2,
				storageRegionAlibaba: 7,
				storageBucket: 'legacy-bucket',
				storageAccessKey: ACCESS,
				storageSecretKey: SECRET,
			}),
			credentials: ctx.credentials,
			typeVersion: 1,
		});
		expect(result.error).toBeUndefined();
	});
});

describe('legacy node parameters', () => {
	const legacy = {
		storageVendor: 2,
		storageRegionAlibaba: 7,
		storageBucket: 'legacy-bucket',
		storageAccessKey: ACCESS,
		storageSecretKey: SECRET,
	};

	test('a saved version 1 node keeps sending its own parameters (no credential needed)', async () => {
		const result = await ctx.run(recordingSetConfig(legacy), { typeVersion: 1 });
		expect(result.error).toBeUndefined();
		expect(result.decryptedCredentials).not.toContain(STORAGE_CREDENTIAL_TYPE);
		expect(
			ctx.sandbox.state.entryPoint(APP_ID, 'live').record.custom.regions.eu.storageConfig,
		).toEqual({
			vendor: 2,
			region: 7,
			bucket: 'legacy-bucket',
			accessKey: ACCESS,
			secretKey: SECRET,
		});
		expectHiddenFromOutput(result, [ACCESS, SECRET]);
	});

	test('version 1.1 with Storage Keys From = Node Parameters (Legacy) reads them too', async () => {
		const result = await ctx.run(
			snapshotSetConfig({ storageKeysFrom: 'nodeParameters', ...legacy }),
			{ typeVersion: 1.1 },
		);
		expect(result.error).toBeUndefined();
		expect(
			ctx.sandbox.state.entryPoint(APP_ID, 'live').snapshot.custom.eu.storageConfig.bucket,
		).toBe('legacy-bucket');
	});

	test('an unknown Storage Keys From value is refused before any request', async () => {
		await ctx.expectInputError(
			recordingSetConfig({ storageKeysFrom: 'env' }),
			/^Storage Keys From "env" is not allowed: use "credential" or "nodeParameters"$/,
			{ typeVersion: 1.1 },
		);
	});
});

describe('credential test (offline)', () => {
	const test_ = (data) =>
		nodeTypeInstances[NODE_TYPE].methods.credentialTest.agoraCloudStorageApiTest.call(
			{},
			{ id: '2', name: 'Storage', type: STORAGE_CREDENTIAL_TYPE, data },
		);

	test('complete → OK; an incomplete field → Error naming it, never the key', async () => {
		expect((await test_(storageCredential)).status).toBe('OK');
		const bad = await test_({ ...storageCredential, storageBucket: 'a b' });
		expect(bad).toEqual({
			status: 'Error',
			message: 'Bucket "a b" is not valid: a bucket name has no spaces, "/" or "\\"',
		});
		const noAccess = await test_({ ...storageCredential, storageAccessKey: '' });
		expect(noAccess).toEqual({ status: 'Error', message: 'Access Key is required' });
		const badHosts = await test_({ ...storageCredential, allowedApiHosts: '*.agora.io' });
		expect(badHosts).toEqual({
			status: 'Error',
			message:
				'Allowed Agora API Hosts: "*.agora.io" is not a host or host:port (e.g. api.agora.io or 127.0.0.1:8787; no https://, path or wildcard)',
		});
		const badVendor = await test_({ ...storageCredential, storageVendor: 9 });
		expect(badVendor.status).toBe('Error');
		expect(badVendor.message).toMatch(/^Storage Vendor 9 is not allowed: use one of 0 \(Qiniu\)/);
		for (const result of [bad, noAccess, badVendor]) {
			expect(result.message).not.toContain(ACCESS);
			expect(result.message).not.toContain(SECRET);
		}
	});
});
