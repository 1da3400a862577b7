'use strict';
/**
 * The query and body keys the reference (agora-media-broadcast-api.md, agora-fls-endpoints.json)
 * lists for each endpoint. The sandbox answers any other key with 400 naming it, so a misspelled
 * or invented key in a client fails a test instead of being silently ignored.
 *
 * Whether real Agora rejects unknown keys is not documented (README "Assumptions"); being strict
 * here is deliberate: a key Agora ignores is a setting the user believes was applied.
 *
 * Body schemas: `{ key: null }` = a scalar, `{ key: {…} }` = a nested object with those keys,
 * `{ key: [{…}] }` = an array of objects with those keys. Keys are case-sensitive (reference §1).
 */

const STORAGE_CONFIG = {
	vendor: null,
	region: null,
	bucket: null,
	accessKey: null,
	secretKey: null,
};
const ENABLED = { enabled: null };
const WATERMARK = { url: null, x: null, y: null, width: null, height: null, zOrder: null };
const TEMPLATE = {
	width: null,
	height: null,
	videoCodec: null,
	videoBitrate: null,
	profile: null,
	audioCodec: null,
	audioBitrate: null,
	audioSampleRate: null,
};
const REPORT_QUERY = ['start_time', 'end_time', 'stream_name'];
const SNAPSHOT_SETTINGS = { enabled: null, snapshotInterval: null, enableModeration: null };

const EP = '/entry_points/:ep';

/** `METHOD pattern` (the pattern as in api.js ROUTES) → `{ query?: string[], body?: schema }`. */
const DOCUMENTED_KEYS = {
	// §2.1; `scope` is CODE-INTERNAL (S5) but listed in the reference's table.
	'POST /domains': { query: ['id'], body: { type: null, region: null, scope: null } },
	// §2.4 / §19.1: the doc's example line uses GET /domains?id={domain}.
	'GET /domains': { query: ['id'] },
	'GET /domains/:domain': {},
	// §2.5 / §4.1: authKey; the console fields are CODE-INTERNAL but listed for this PATCH.
	'PATCH /domains/:domain': {
		body: {
			authKey: null,
			enableRtmps: null,
			enableHttps: null,
			certName: null,
			crossDomain: null,
		},
	},
	'DELETE /domains/:domain': {},
	'GET /settings/streamauth/webhook': {},
	'PATCH /settings/streamauth/webhook': { body: { enabled: null, url: null, secret: null } },
	'POST /entry_points': { query: ['id'] },
	'GET /entry_points': {},
	'DELETE /entry_points/:ep': {},
	[`PATCH ${EP}/admin/banned_streams/:stream`]: { body: { resumeTime: null } },
	[`DELETE ${EP}/admin/banned_streams/:stream`]: {},
	[`GET ${EP}/admin/banned_streams`]: {},
	[`PATCH ${EP}/admin/delayed_streams/:stream`]: { body: { delay: null } },
	[`DELETE ${EP}/admin/delayed_streams/:stream`]: {},
	[`GET ${EP}/reports/online_streams`]: {},
	[`GET ${EP}/reports/online_streams/:stream`]: {},
	[`GET ${EP}/reports/publish_history`]: { query: REPORT_QUERY },
	[`GET ${EP}/reports/publish_quality`]: { query: REPORT_QUERY },
	[`GET ${EP}/reports/stream_play_statistic`]: { query: REPORT_QUERY },
	[`GET ${EP}/settings/origin_site`]: {},
	[`PATCH ${EP}/settings/origin_site`]: {
		body: { enabled: null, domain: null, app: null, callbackUrl: null },
	},
	[`GET ${EP}/settings/transfer`]: {},
	[`PATCH ${EP}/settings/transfer`]: { body: { enabled: null, callbackUrl: null } },
	// §10 / §19.3: both casings of the set are documented.
	[`PATCH ${EP}/settings/watermark`]: {
		body: { watermarkSet: [WATERMARK], waterMarkSet: [WATERMARK] },
	},
	[`GET ${EP}/settings/watermark`]: {},
	// §11.1, §11.2
	[`GET ${EP}/settings/record/standard/regions/:region`]: {},
	[`PATCH ${EP}/settings/record/standard/regions/:region`]: {
		body: { mp4Config: ENABLED, hlsConfig: ENABLED },
	},
	[`PATCH ${EP}/settings/record/standard/auto`]: { body: ENABLED },
	[`PUT ${EP}/admin/record/standard/regions/:region/tasks`]: { query: ['id'] },
	[`DELETE ${EP}/admin/record/standard/regions/:region/tasks/:stream`]: {},
	[`GET ${EP}/settings/record/custom/regions/:region`]: {},
	[`PATCH ${EP}/settings/record/custom/regions/:region`]: {
		body: { mp4Config: ENABLED, hlsConfig: ENABLED, storageConfig: STORAGE_CONFIG },
	},
	[`PATCH ${EP}/settings/record/custom/auto`]: { body: ENABLED },
	[`PUT ${EP}/admin/record/custom/regions/:region/tasks`]: { query: ['id'] },
	[`DELETE ${EP}/admin/record/custom/regions/:region/tasks/:stream`]: {},
	[`POST ${EP}/admin/record/standard/regions/:region/cutting/:stream`]: {
		body: { startTime: null, endTime: null, fileName: null },
	},
	[`POST ${EP}/admin/record/standard/regions/:region/snapshot/:stream`]: {
		body: { time: null, fileName: null },
	},
	[`GET ${EP}/admin/record/standard/regions/:region/preview_list`]: { query: REPORT_QUERY },
	// §12
	[`GET ${EP}/settings/snapshot/standard/regions/:region`]: {},
	[`PATCH ${EP}/settings/snapshot/standard/regions/:region`]: { body: SNAPSHOT_SETTINGS },
	[`GET ${EP}/settings/snapshot/custom/regions/:region`]: {},
	[`PATCH ${EP}/settings/snapshot/custom/regions/:region`]: {
		body: { ...SNAPSHOT_SETTINGS, storageConfig: STORAGE_CONFIG },
	},
	// §13
	[`PATCH ${EP}/settings/transcode/standard/:name`]: { body: ENABLED },
	[`GET ${EP}/settings/transcode/standard`]: {},
	[`POST ${EP}/settings/transcode/custom`]: { query: ['id'], body: TEMPLATE },
	[`GET ${EP}/settings/transcode/custom`]: {},
	[`PATCH ${EP}/settings/transcode/custom/:name`]: { body: TEMPLATE },
	[`DELETE ${EP}/settings/transcode/custom/:name`]: {},
};

/** The first key of `value` (at any depth) that `schema` does not list, as a dotted path, or null. */
function firstUnknownKey(value, schema, prefix) {
	if (value === null || typeof value !== 'object') return null;
	if (Array.isArray(schema)) {
		if (!Array.isArray(value)) return null; // the handler reports the wrong type
		for (let i = 0; i < value.length; i++) {
			const found = firstUnknownKey(value[i], schema[0], `${prefix}[${i}]`);
			if (found) return found;
		}
		return null;
	}
	if (Array.isArray(value)) return null;
	for (const key of Object.keys(value)) {
		const path = prefix ? `${prefix}.${key}` : key;
		if (!schema || !Object.prototype.hasOwnProperty.call(schema, key)) return path;
		const nested = schema[key];
		if (nested !== null) {
			const found = firstUnknownKey(value[key], nested, path);
			if (found) return found;
		}
	}
	return null;
}

function listed(names) {
	return names.length ? names.join(', ') : 'none';
}

/**
 * The 400 message for the first undocumented query or body key of a request, or null when every
 * key is documented. `body` is the parsed JSON body (or undefined when there is none or it is not
 * JSON: the handler reports that).
 */
function undocumentedKeyMessage(method, pattern, query, body) {
	const keys = DOCUMENTED_KEYS[`${method} ${pattern}`];
	if (!keys) throw new Error(`documentedKeys.js has no entry for ${method} ${pattern}`);
	const allowedQuery = keys.query || [];
	for (const name of new Set(query.keys())) {
		if (!allowedQuery.includes(name))
			return `unknown query parameter "${name}" (this endpoint accepts: ${listed(allowedQuery)})`;
	}
	if (body !== undefined) {
		const unknown = firstUnknownKey(body, keys.body || {}, '');
		if (unknown) {
			const parent = unknown.includes('.') ? unknown.slice(0, unknown.lastIndexOf('.')) : '';
			const scope = parent ? parent.replace(/\[\d+\]/g, '[]') : '';
			let allowed = keys.body || {};
			for (const part of scope ? scope.split('.') : []) {
				const name = part.replace('[]', '');
				allowed = allowed[name];
				if (Array.isArray(allowed)) allowed = allowed[0];
			}
			const where = parent ? `${parent} accepts` : 'this endpoint accepts';
			return `unknown body field "${unknown}" (${where}: ${listed(Object.keys(allowed || {}))})`;
		}
	}
	return null;
}

module.exports = { DOCUMENTED_KEYS, undocumentedKeyMessage, firstUnknownKey };
