// Signatures per second on one core: calls the credential's signAgoraRequest (the built file in
// dist/) in a tight loop for a fixed time. Run with n8n's own Node binary by bench/run.mjs.
//   node sign-throughput.cjs <path to dist/credentials/common/agora/index.js> [seconds]
'use strict';
const { signAgoraRequest } = require(process.argv[2]);
const seconds = Number(process.argv[3] || 2);
const credentials = {
	customerId: 'sandbox-customer-id',
	customerSecret: 'sandbox-customer-secret',
	appId: '0123456789abcdef0123456789abcdef',
	baseUrl: 'https://api.agora.io',
};
const cases = {
	// Stream → Ban without a resume time: PATCH, no body (digest of the empty string).
	banNoBody: (i) => ({
		method: 'PATCH',
		baseURL: 'https://api.agora.io',
		url: `/v1/projects/${credentials.appId}/fls/entry_points/live/admin/banned_streams/stream_${i % 1000}`,
		headers: { Accept: 'application/json' },
	}),
	// Stream → Ban with a resume time: PATCH with a JSON body (serialised and hashed).
	banWithBody: (i) => ({
		method: 'PATCH',
		baseURL: 'https://api.agora.io',
		url: `/v1/projects/${credentials.appId}/fls/entry_points/live/admin/banned_streams/stream_${i % 1000}`,
		body: { resumeTime: '2030-01-01T00:00:00Z' },
		headers: { Accept: 'application/json' },
	}),
	// Domain → Add: POST with a query string folded into the signed request line.
	postWithQuery: (i) => ({
		method: 'POST',
		baseURL: 'https://api.agora.io',
		url: `/v1/projects/${credentials.appId}/fls/domains`,
		qs: { id: `push${i % 1000}.example.com` },
		body: { type: 'publish', region: 'eu' },
		headers: { Accept: 'application/json' },
	}),
};
const results = {};
for (const [name, make] of Object.entries(cases)) {
	// Warm up (JIT), then measure.
	for (let i = 0; i < 20000; i++) signAgoraRequest(credentials, make(i));
	const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
	const start = process.hrtime.bigint();
	let n = 0;
	let sink = 0;
	let now = start;
	while (now < end) {
		for (let k = 0; k < 200; k++, n++)
			sink += signAgoraRequest(credentials, make(n)).headers.Authorization.length;
		now = process.hrtime.bigint();
	}
	const secondsTaken = Number(now - start) / 1e9;
	results[name] = {
		signatures: n,
		seconds: Number(secondsTaken.toFixed(3)),
		perSecond: Math.round(n / secondsTaken),
		usPerSignature: Number(((secondsTaken / n) * 1e6).toFixed(2)),
		sink: sink > 0,
	};
}
process.stdout.write(JSON.stringify({ node: process.version, results }) + '\n');
