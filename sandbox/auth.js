'use strict';
/**
 * Who may call the sandbox's API, and the 401 an API request gets when its signature does not hold:
 * Kong's hmac-auth as Agora's gateway runs it (reference §1.1 in
 * `../shared/reference/agora-media-broadcast-api.md`, beside the repo; README "Signature checks").
 *
 * Separate from the gateway (gateway.js) because the wording and the order of these checks are what
 * a client's error handling is tested against; they change only with the reference, not with the
 * rate limit or the faults. Signing itself (digests, signing strings) lives in signing.js.
 */
const signing = require('./signing');
const { headerValue } = require('./httpUtil');

const DEFAULT_CUSTOMER = Object.freeze({
	customerId: 'sandbox-customer-id',
	customerSecret: 'sandbox-customer-secret',
});

// Kong's 401 bodies word for word (README "Signature checks"; auth.test.js compares them).
const MSG = {
	unauthorized: 'Unauthorized',
	dateRequired:
		'HMAC signature cannot be verified, a valid date or x-date header is required for HMAC Authentication',
	cannotVerify: 'HMAC signature cannot be verified',
	notSame: 'HMAC signature does not match',
};
const REQUIRED_SIGNED_HEADERS = ['host', 'request-line', 'digest'];

/** The configured credentials (`customers` option / setConfig), checked once so a typo fails at start. */
function normalizeCustomers(list) {
	const arr = Array.isArray(list) && list.length ? list : [DEFAULT_CUSTOMER];
	return arr.map((c) => {
		if (!c || !c.customerId || !c.customerSecret)
			throw new Error('each customer needs customerId and customerSecret');
		return { customerId: String(c.customerId), customerSecret: String(c.customerSecret) };
	});
}

/**
 * Checks one API request's signature against the configured customers, in Kong's order (clock,
 * header syntax, algorithm, signed-header list, username, signature, Digest). Returns
 * `{ok: true, customer, claimed}` or `{ok: false, claimed, message, detail}`: `message` is the 401
 * body, `detail` goes to the request log and the X-Sandbox-Auth-Error header only.
 */
function authenticate(config, req, raw) {
	const authz = headerValue(req, 'authorization') || headerValue(req, 'proxy-authorization');
	if (!authz)
		return { ok: false, message: MSG.unauthorized, detail: 'missing Authorization header' };
	const params = signing.parseAuthorization(authz);
	const claimed = params ? params.username : null;

	// Kong checks the clock before anything else (x-date or date).
	const tolMs = config.clockSkewToleranceSec * 1000;
	const now = config.now();
	const dates = ['x-date', 'date'].map((h) => headerValue(req, h)).filter((v) => v !== undefined);
	if (dates.length === 0)
		return { ok: false, claimed, message: MSG.dateRequired, detail: 'missing Date header' };
	const parsed = dates.map((d) => signing.parseHttpDate(d)).filter((v) => v !== null);
	if (parsed.length === 0) {
		return {
			ok: false,
			claimed,
			message: MSG.dateRequired,
			detail: `Date header is not an RFC 7231 date: ${dates[dates.length - 1]}`,
		};
	}
	const skews = parsed.map((t) => Math.abs(now - t));
	const best = Math.min(...skews);
	if (best > tolMs) {
		const s = Math.round(best / 1000);
		return {
			ok: false,
			claimed,
			message: `${MSG.dateRequired} (clock skew of ${s} s exceeds the allowed ${config.clockSkewToleranceSec} s)`,
			detail: `clock skew ${s} s`,
		};
	}

	if (!params)
		return {
			ok: false,
			claimed,
			message: MSG.cannotVerify,
			detail: 'Authorization header is not a valid hmac header',
		};
	const algo = signing.HMAC_ALGORITHMS[params.algorithm];
	if (!algo)
		return {
			ok: false,
			claimed,
			message: MSG.cannotVerify,
			detail: `algorithm ${params.algorithm} not supported`,
		};
	const missing = REQUIRED_SIGNED_HEADERS.filter((h) => !params.headers.includes(h));
	if (!params.headers.includes('date') && !params.headers.includes('x-date')) missing.push('date');
	if (missing.length)
		return {
			ok: false,
			claimed,
			message: MSG.cannotVerify,
			detail: `headers list lacks ${missing.join(', ')}`,
		};
	const customer = config.customers.find((c) => c.customerId === params.username);
	if (!customer)
		return {
			ok: false,
			claimed,
			message: MSG.cannotVerify,
			detail: `unknown customer ${params.username}`,
		};

	const signingString = signing.kongSigningString(
		params.headers,
		(h) => headerValue(req, h),
		req.method,
		req.url,
		req.httpVersion,
	);
	const expected = signing.hmacBase64(algo, customer.customerSecret, signingString);
	if (!signing.timingSafeEqualStr(expected, params.signature)) {
		return { ok: false, claimed, message: MSG.notSame, detail: 'signature mismatch' };
	}
	const digest = headerValue(req, 'digest');
	if (!digest) return { ok: false, claimed, message: MSG.notSame, detail: 'missing Digest header' };
	if (digest !== signing.computeDigest(raw))
		return { ok: false, claimed, message: MSG.notSame, detail: 'Digest does not match the body' };
	return { ok: true, customer, claimed };
}

module.exports = { DEFAULT_CUSTOMER, normalizeCustomers, authenticate };
