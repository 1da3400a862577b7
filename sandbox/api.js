'use strict';
/**
 * The 49 documented Media Broadcast endpoints (reference/operation-map.md), relative to
 * /v1/projects/{appid}/fls, with validation and in-memory state as the reference describes.
 */
const {
	REGIONS,
	PRESETS,
	DEFAULT_ENTRY_POINT,
	parseRfc3339,
	formatRfc3339,
	randomAuthKey,
	newEntryPoint,
} = require('./state');
const { undocumentedKeyMessage } = require('./documentedKeys');

const NO_ROUTE = 'no Route matched with those values';
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

class ApiError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}
const bad = (m) => new ApiError(400, m);
const notFound = (m) => new ApiError(404, m);

const empty = (status = 200) => ({ status });
const json = (body, status = 200) => ({ status, body });

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isBool = (v) => typeof v === 'boolean';
const isInt = (v, min, max) =>
	Number.isInteger(v) && (min === undefined || v >= min) && (max === undefined || v <= max);
const isStr = (v) => typeof v === 'string';
const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined;

const DOMAIN_RE =
	/^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,62}$/;
const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;
const SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 16000];
const PROFILES = ['base', 'main', 'high'];

const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
/** Storage region indices per vendor (reference §11.3). null = region ignored (Azure, Google). */
const VENDOR_REGIONS = {
	0: range(0, 4),
	1: [...range(0, 16), ...range(18, 22), ...range(24, 26)],
	2: range(0, 22),
	3: range(0, 19),
	4: range(0, 9),
	5: null,
	6: null,
	7: range(0, 15),
	8: range(0, 7),
};

// ---------------------------------------------------------------------------------------------
// validation helpers

function requireRegion(region) {
	if (!REGIONS.includes(region))
		throw bad(`invalid region "${region}": must be one of cn, ap, eu, na`);
	return region;
}

function validateStorageConfig(sc) {
	if (!isObj(sc)) throw bad('storageConfig must be an object');
	if (!isInt(sc.vendor, 0, 8)) throw bad('storageConfig.vendor must be an integer from 0 to 8');
	const allowed = VENDOR_REGIONS[sc.vendor];
	if (allowed === null) {
		if (has(sc, 'region') && !isInt(sc.region, 0))
			throw bad('storageConfig.region must be an integer');
	} else {
		if (!isInt(sc.region, 0)) throw bad('storageConfig.region is required and must be an integer');
		if (!allowed.includes(sc.region))
			throw bad(`storageConfig.region ${sc.region} is not valid for vendor ${sc.vendor}`);
	}
	for (const k of ['bucket', 'accessKey', 'secretKey']) {
		if (!isStr(sc[k]) || sc[k].length === 0) throw bad(`storageConfig.${k} is required`);
	}
	const out = { vendor: sc.vendor };
	if (has(sc, 'region')) out.region = sc.region;
	out.bucket = sc.bucket;
	out.accessKey = sc.accessKey;
	out.secretKey = sc.secretKey;
	return out;
}

function validateEnabledConfig(body, key) {
	if (!has(body, key)) return undefined;
	const v = body[key];
	if (!isObj(v) || !isBool(v.enabled)) throw bad(`${key}.enabled must be a boolean`);
	return { enabled: v.enabled };
}

function requireEnabled(body) {
	if (!isBool(body.enabled)) throw bad('enabled is required and must be a boolean');
	return body.enabled;
}

function rfc3339Field(value, name, { required = false } = {}) {
	if (value === undefined || value === null || value === '') {
		if (required) throw bad(`${name} is required (RFC 3339, e.g. 2021-11-29T19:00:00+08:00)`);
		return null;
	}
	const ms = parseRfc3339(value);
	if (ms === null) throw bad(`${name} is not a valid RFC 3339 time: ${JSON.stringify(value)}`);
	return ms;
}

/**
 * start_time / end_time window of the report endpoints. Defaults: no times → [now - def, now];
 * only end → [end - def, end]; only start → [start, start + def].
 */
function reportWindow(
	ctx,
	{ maxMs, defaultMs, maxLabel, requireStream = true, requireTimes = false },
) {
	const q = ctx.query;
	const streamName = q.get('stream_name');
	if (requireStream && !streamName) throw bad('stream_name is required');
	let start = rfc3339Field(q.get('start_time'), 'start_time', { required: requireTimes });
	let end = rfc3339Field(q.get('end_time'), 'end_time', { required: requireTimes });
	const now = ctx.now();
	if (start === null && end === null) {
		end = now;
		start = now - defaultMs;
	} else if (start === null) {
		start = end - defaultMs;
	} else if (end === null) {
		end = start + defaultMs;
	}
	if (end < start) throw bad('end_time must not be earlier than start_time');
	if (maxMs !== undefined && end - start > maxMs)
		throw bad(`the time range between start_time and end_time must not exceed ${maxLabel}`);
	return { streamName, start, end };
}

// ---------------------------------------------------------------------------------------------
// shaping

function domainView(d) {
	const o = { appid: d.appid, authKey: d.authKey, name: d.name, type: d.type };
	if (d.type === 'publish' && d.region) o.region = d.region;
	return o;
}

function sessionsOf(ep, streamName, now) {
	const out = ep.sessions.filter((s) => s.name === streamName).map((s) => ({ ...s }));
	const live = ep.online.get(streamName);
	if (live) out.push({ ...live, endTime: now, live: true });
	return out;
}

/** One synthetic sample per minute of publishing: t = startTime + k minutes (deterministic values). */
function minuteSamples(ep, streamName, start, end, now) {
	const samples = [];
	for (const s of sessionsOf(ep, streamName, now)) {
		const sEnd = Math.min(s.endTime, end);
		let k = Math.max(0, Math.ceil((start - s.startTime) / MINUTE));
		for (let t = s.startTime + k * MINUTE; t <= sEnd; k++, t = s.startTime + k * MINUTE) {
			samples.push({ session: s, k, t });
		}
	}
	samples.sort((a, b) => b.t - a.t);
	return samples;
}

// ---------------------------------------------------------------------------------------------
// handlers

const H = {};

// Domains (§2)
H.addDomain = (ctx) => {
	const name = ctx.query.get('id');
	if (!name) throw bad('id (the domain name) is required in the query string');
	if (name.includes('*')) throw bad('wildcard domains are not supported');
	if (!DOMAIN_RE.test(name)) throw bad(`invalid domain name: ${name}`);
	const body = ctx.objectBody({ required: true });
	if (body.type !== 'publish' && body.type !== 'play')
		throw bad('type is required and must be "publish" or "play"');
	if (body.type === 'publish' && !has(body, 'region'))
		throw bad('region is required for a publish domain');
	if (has(body, 'region')) requireRegion(body.region);
	if (has(body, 'scope') && !isStr(body.scope)) throw bad('scope must be a string');
	if (ctx.app.domains.has(name)) throw bad(`domain ${name} already exists`);
	const d = {
		appid: ctx.appId,
		name,
		type: body.type,
		authKey: randomAuthKey(),
		cname: `${name}.v1.agoramdn.com`,
	};
	if (body.type === 'publish') d.region = body.region;
	if (has(body, 'scope')) d.scope = body.scope;
	ctx.app.domains.set(name, d);
	const out = { appid: d.appid, name: d.name, type: d.type };
	if (d.region) out.region = d.region;
	out.authKey = d.authKey;
	out.cname = d.cname;
	return json(out, 201);
};
H.listDomains = (ctx) => {
	const id = ctx.query.get('id');
	if (id !== null) return H.getDomain({ ...ctx, params: { ...ctx.params, domain: id } });
	return json({ domainList: [...ctx.app.domains.values()].map(domainView) });
};
H.getDomain = (ctx) => {
	const d = ctx.app.domains.get(ctx.params.domain);
	if (!d) throw notFound(`domain ${ctx.params.domain} not found`);
	return json(domainView(d));
};
H.patchDomain = (ctx) => {
	const d = ctx.app.domains.get(ctx.params.domain);
	if (!d) throw notFound(`domain ${ctx.params.domain} not found`);
	const body = ctx.objectBody({ required: true });
	const known = ['authKey', 'enableRtmps', 'enableHttps', 'certName', 'crossDomain'];
	if (!known.some((k) => has(body, k))) throw bad('authKey is required');
	if (has(body, 'authKey')) {
		if (!isStr(body.authKey)) throw bad('authKey must be a string');
		if (body.authKey.length > 128) throw bad('authKey must be at most 128 characters');
	}
	for (const k of ['enableRtmps', 'enableHttps'])
		if (has(body, k) && !isBool(body[k])) throw bad(`${k} must be a boolean`);
	for (const k of ['certName', 'crossDomain'])
		if (has(body, k) && !isStr(body[k])) throw bad(`${k} must be a string`);
	for (const k of known) if (has(body, k)) d[k] = body[k];
	return empty();
};
H.deleteDomain = (ctx) => {
	if (!ctx.app.domains.delete(ctx.params.domain))
		throw notFound(`domain ${ctx.params.domain} not found`);
	return empty();
};

// Origin authentication webhook (§4.2, §4.3)
H.getWebhook = (ctx) => json({ ...ctx.app.streamAuthWebhook });
H.patchWebhook = (ctx) => {
	const body = ctx.objectBody({ required: true });
	const enabled = requireEnabled(body);
	for (const k of ['url', 'secret'])
		if (has(body, k) && !isStr(body[k])) throw bad(`${k} must be a string`);
	const next = { ...ctx.app.streamAuthWebhook, enabled };
	for (const k of ['url', 'secret']) if (has(body, k)) next[k] = body[k];
	ctx.app.streamAuthWebhook = next;
	return empty();
};

// Entry points (§3)
H.addEntryPoint = (ctx) => {
	const name = ctx.query.get('id');
	if (!name) throw bad('id (the entry point name) is required in the query string');
	if (!NAME_RE.test(name)) throw bad(`invalid entry point name: ${name}`);
	if (ctx.app.entryPoints.has(name)) throw bad(`entry point ${name} already exists`);
	if (ctx.app.entryPoints.size >= ctx.config.maxEntryPoints) throw bad('too many entry points');
	ctx.app.entryPoints.set(name, newEntryPoint(name, ctx.now()));
	return empty(201);
};
H.listEntryPoints = (ctx) =>
	json({ entryPointList: [...ctx.app.entryPoints.keys()].map((name) => ({ name })) });
H.deleteEntryPoint = (ctx) => {
	const name = ctx.params.ep;
	if (name === DEFAULT_ENTRY_POINT) throw bad('the default entry point "live" cannot be deleted');
	if (!ctx.app.entryPoints.delete(name)) throw notFound(`entry point ${name} not found`);
	return empty();
};

// Ban / unban (§5)
function activeBans(ep, now) {
	for (const [k, b] of ep.banned) if (b.resumeMs <= now) ep.banned.delete(k);
	return [...ep.banned.values()];
}
H.ban = (ctx) => {
	const body = ctx.objectBody();
	const now = ctx.now();
	let resumeTime;
	let resumeMs;
	if (has(body, 'resumeTime')) {
		if (!isStr(body.resumeTime)) throw bad('resumeTime must be an RFC 3339 string');
		resumeMs = rfc3339Field(body.resumeTime, 'resumeTime', { required: true });
		resumeTime = body.resumeTime;
	} else {
		resumeMs = now + 7 * DAY;
		resumeTime = formatRfc3339(resumeMs);
	}
	const name = ctx.params.stream;
	ctx.ep.banned.set(name, { name, resumeTime, resumeMs });
	return empty();
};
H.unban = (ctx) => {
	activeBans(ctx.ep, ctx.now());
	if (!ctx.ep.banned.delete(ctx.params.stream))
		throw notFound(`stream ${ctx.params.stream} is not banned`);
	return empty();
};
H.listBanned = (ctx) =>
	json({
		bannedStreamList: activeBans(ctx.ep, ctx.now()).map((b) => ({
			name: b.name,
			resumeTime: b.resumeTime,
		})),
	});

// Delayed playback (§8)
H.setDelay = (ctx) => {
	const body = ctx.objectBody({ required: true });
	if (!has(body, 'delay')) throw bad('delay is required');
	if (!isInt(body.delay, 0, 600))
		throw bad('delay must be an integer number of seconds from 0 to 600');
	ctx.ep.delayed.set(ctx.params.stream, body.delay);
	return empty();
};
H.cancelDelay = (ctx) => {
	if (!ctx.ep.delayed.delete(ctx.params.stream))
		throw notFound(`stream ${ctx.params.stream} has no delay`);
	return empty();
};

// Reports (§6)
H.onlineStreams = (ctx) =>
	json({
		streamList: [...ctx.ep.online.values()].map((s) => ({
			name: s.name,
			startTime: formatRfc3339(s.startTime),
		})),
	});
H.onlineStream = (ctx) => {
	const s = ctx.ep.online.get(ctx.params.stream);
	if (!s) throw notFound(`stream ${ctx.params.stream} is not online`);
	return json({ startTime: formatRfc3339(s.startTime) });
};
H.publishHistory = (ctx) => {
	const w = reportWindow(ctx, { maxMs: 30 * DAY, defaultMs: 7 * DAY, maxLabel: '30 days' });
	const list = ctx.ep.sessions
		.filter((s) => s.name === w.streamName && s.endTime >= w.start && s.startTime <= w.end)
		.sort((a, b) => b.startTime - a.startTime)
		.map((s) => ({
			name: s.name,
			startTime: formatRfc3339(s.startTime),
			endTime: formatRfc3339(s.endTime),
			duration: Math.round((s.endTime - s.startTime) / 1000),
		}));
	return json({ publishHistory: list });
};
H.publishQuality = (ctx) => {
	const w = reportWindow(ctx, { maxMs: 6 * HOUR, defaultMs: 6 * HOUR, maxLabel: '6 hours' });
	const list = minuteSamples(ctx.ep, w.streamName, w.start, w.end, ctx.now()).map(
		({ session: s, k, t }) => {
			const baseRate = Number(s.mediaInfo && s.mediaInfo.videoRate) || 2500000;
			const fps = Number(s.mediaInfo && s.mediaInfo.videoFps) || 30;
			return {
				name: s.name,
				time: formatRfc3339(t),
				bitrate: baseRate + ((k % 5) - 2) * 10000,
				framerate: fps,
				cdnIp: s.nodeIp,
				clientIp: s.clientIp,
			};
		},
	);
	// The documented example's key and field casing (reference §6.4, §19.4).
	return json({ QualityHistory: list });
};
H.playStatistic = (ctx) => {
	const w = reportWindow(ctx, { maxMs: 2 * HOUR, defaultMs: 2 * HOUR, maxLabel: '2 hours' });
	const list = minuteSamples(ctx.ep, w.streamName, w.start, w.end, ctx.now()).map(
		({ session: s, k, t }) => ({
			name: s.name,
			time: formatRfc3339(t),
			linkNum: (Number.isInteger(s.viewers) ? s.viewers : 10) + (k % 3),
		}),
	);
	return json({ playStatistic: list });
};

// Pull from origin (§7)
H.getOriginSite = (ctx) => json({ ...ctx.ep.originSite });
H.setOriginSite = (ctx) => {
	const body = ctx.objectBody({ required: true });
	if (has(body, 'enabled') && !isBool(body.enabled)) throw bad('enabled must be a boolean');
	for (const k of ['domain', 'app', 'callbackUrl'])
		if (has(body, k) && !isStr(body[k])) throw bad(`${k} must be a string`);
	if (body.domain && body.callbackUrl) throw bad('domain and callbackUrl are mutually exclusive');
	const next = { ...ctx.ep.originSite };
	if (has(body, 'enabled')) next.enabled = body.enabled;
	if (body.domain) {
		next.domain = body.domain;
		delete next.callbackUrl;
		if (has(body, 'app')) next.app = body.app;
	} else if (body.callbackUrl) {
		next.callbackUrl = body.callbackUrl;
		delete next.domain;
		delete next.app;
	} else if (has(body, 'app')) {
		next.app = body.app;
	}
	ctx.ep.originSite = next;
	return empty();
};

// Stream transfer (§9)
H.getTransfer = (ctx) => json({ ...ctx.ep.transfer });
H.setTransfer = (ctx) => {
	const body = ctx.objectBody({ required: true });
	if (has(body, 'enabled') && !isBool(body.enabled)) throw bad('enabled must be a boolean');
	if (has(body, 'callbackUrl') && !isStr(body.callbackUrl))
		throw bad('callbackUrl must be a string');
	const next = { ...ctx.ep.transfer };
	if (has(body, 'enabled')) next.enabled = body.enabled;
	if (has(body, 'callbackUrl')) next.callbackUrl = body.callbackUrl;
	ctx.ep.transfer = next;
	return empty();
};

// Watermarks (§10)
H.setWatermark = (ctx) => {
	const body = ctx.objectBody({ required: true });
	const set = has(body, 'waterMarkSet') ? body.waterMarkSet : body.watermarkSet;
	if (set === undefined) throw bad('waterMarkSet (or watermarkSet) is required');
	if (!Array.isArray(set)) throw bad('waterMarkSet must be an array');
	if (set.length > 5) throw bad('waterMarkSet holds at most 5 watermarks');
	const out = set.map((w, i) => {
		if (!isObj(w)) throw bad(`waterMarkSet[${i}] must be an object`);
		if (!isStr(w.url) || w.url.length === 0) throw bad(`waterMarkSet[${i}].url is required`);
		for (const k of ['x', 'y', 'width', 'height']) {
			if (!has(w, k)) throw bad(`waterMarkSet[${i}].${k} is required`);
			if (!isInt(w[k], 0, 1920))
				throw bad(`waterMarkSet[${i}].${k} must be an integer from 0 to 1920`);
		}
		if (has(w, 'zOrder') && !isInt(w.zOrder))
			throw bad(`waterMarkSet[${i}].zOrder must be an integer`);
		const o = { url: w.url, x: w.x, y: w.y, width: w.width, height: w.height };
		if (has(w, 'zOrder')) o.zOrder = w.zOrder;
		return o;
	});
	ctx.ep.watermarks = out;
	return empty();
};
H.getWatermark = (ctx) => json({ waterMarkSet: ctx.ep.watermarks.map((w) => ({ ...w })) });

// Recording (§11)
const recordConfigView = (cfg) => {
	const o = {
		hlsConfig: { enabled: !!(cfg && cfg.hlsConfig && cfg.hlsConfig.enabled) },
		mp4Config: { enabled: !!(cfg && cfg.mp4Config && cfg.mp4Config.enabled) },
	};
	if (cfg && cfg.storageConfig) o.storageConfig = { ...cfg.storageConfig };
	return o;
};
const getRecordConfig = (kind) => (ctx) => {
	const region = requireRegion(ctx.params.region);
	return json(recordConfigView(ctx.ep.record[kind].regions[region]));
};
const setRecordConfig = (kind) => (ctx) => {
	const region = requireRegion(ctx.params.region);
	const body = ctx.objectBody({ required: true });
	const mp4 = validateEnabledConfig(body, 'mp4Config');
	const hls = validateEnabledConfig(body, 'hlsConfig');
	const prev = ctx.ep.record[kind].regions[region];
	let storageConfig;
	if (kind === 'custom') {
		if (has(body, 'storageConfig')) storageConfig = validateStorageConfig(body.storageConfig);
		else if (!prev || !prev.storageConfig)
			throw bad('storageConfig is required the first time custom recording is configured');
	}
	const next = {
		mp4Config: mp4 || (prev && prev.mp4Config) || { enabled: false },
		hlsConfig: hls || (prev && prev.hlsConfig) || { enabled: false },
	};
	if (kind === 'custom') next.storageConfig = storageConfig || prev.storageConfig;
	ctx.ep.record[kind].regions[region] = next;
	ctx.ep.record[kind].auto = true; // "a successful call auto-enables recording for the entry point"
	return empty();
};
const setRecordAuto = (kind) => (ctx) => {
	const body = ctx.objectBody({ required: true });
	ctx.ep.record[kind].auto = requireEnabled(body);
	return empty();
};
const startRecordTask = (kind) => (ctx) => {
	const region = requireRegion(ctx.params.region);
	const stream = ctx.query.get('id');
	if (!stream) throw bad('id (the stream name) is required in the query string');
	if (ctx.ep.record[kind].auto) {
		throw bad(
			`automatic ${kind} recording is enabled for entry point ${ctx.ep.name}; disable it (PATCH .../settings/record/${kind}/auto {"enabled":false}) before recording single streams`,
		);
	}
	const tasks = ctx.ep.record[kind].tasks[region];
	if (!tasks.has(stream))
		tasks.set(stream, {
			streamName: stream,
			createdAt: ctx.now(),
			wasOnline: ctx.ep.online.has(stream),
		});
	return empty();
};
const stopRecordTask = (kind) => (ctx) => {
	const region = requireRegion(ctx.params.region);
	if (!ctx.ep.record[kind].tasks[region].delete(ctx.params.stream))
		throw notFound(`no ${kind} recording task for stream ${ctx.params.stream}`);
	return empty();
};
H.cutting = (ctx) => {
	const region = requireRegion(ctx.params.region);
	const body = ctx.objectBody({ required: true });
	const now = ctx.now();
	const start = rfc3339Field(body.startTime, 'startTime', { required: true });
	let end = rfc3339Field(body.endTime, 'endTime');
	if (end !== null && end > now) throw bad('endTime must not be later than the current time');
	if (!isStr(body.fileName) || !body.fileName) throw bad('fileName is required');
	if (!/.\.m3u8$/.test(body.fileName)) throw bad('fileName must end with .m3u8');
	const stream = ctx.params.stream;
	if (end === null) {
		const files = ctx.ep.recordFiles.filter((f) => f.region === region && f.streamName === stream);
		end = files.length ? Math.max(...files.map((f) => f.endTime)) : now;
	}
	if (end < start) throw bad('endTime must not be earlier than startTime');
	if (
		ctx.ep.clips.some(
			(c) => c.region === region && c.streamName === stream && c.fileName === body.fileName,
		)
	) {
		throw bad(`fileName ${body.fileName} already exists`);
	}
	ctx.ep.clips.push({
		region,
		streamName: stream,
		fileName: body.fileName,
		startTime: start,
		endTime: end,
		createdAt: now,
	});
	return empty();
};
H.recordSnapshot = (ctx) => {
	const region = requireRegion(ctx.params.region);
	const body = ctx.objectBody({ required: true });
	const now = ctx.now();
	let time = rfc3339Field(body.time, 'time');
	if (time !== null && time > now) throw bad('time must not be later than the current time');
	if (!isStr(body.fileName) || !body.fileName) throw bad('fileName is required');
	if (!/.\.jpg$/.test(body.fileName)) throw bad('fileName must end with .jpg');
	const stream = ctx.params.stream;
	if (time === null) {
		const files = ctx.ep.recordFiles.filter((f) => f.region === region && f.streamName === stream);
		time = files.length ? Math.max(...files.map((f) => f.endTime)) : now;
	}
	if (
		ctx.ep.recordSnapshots.some(
			(c) => c.region === region && c.streamName === stream && c.fileName === body.fileName,
		)
	) {
		throw bad(`fileName ${body.fileName} already exists`);
	}
	ctx.ep.recordSnapshots.push({
		region,
		streamName: stream,
		fileName: body.fileName,
		time,
		createdAt: now,
	});
	return empty();
};
H.previewList = (ctx) => {
	const region = requireRegion(ctx.params.region);
	const q = ctx.query;
	if (!q.get('start_time')) throw bad('start_time is required');
	if (!q.get('end_time')) throw bad('end_time is required');
	const w = reportWindow(ctx, { defaultMs: DAY, requireTimes: true });
	const list = ctx.ep.recordFiles
		.filter(
			(f) =>
				f.region === region &&
				f.streamName === w.streamName &&
				f.endTime >= w.start &&
				f.startTime <= w.end,
		)
		.sort((a, b) => a.startTime - b.startTime)
		.map((f) => ({
			fileName: f.fileName,
			startTime: formatRfc3339(f.startTime),
			endTime: formatRfc3339(f.endTime),
			position: Math.max(0, Math.round((f.startTime - w.start) / 1000)),
		}));
	return json({ list });
};

// Snapshot and moderation (§12)
const snapshotView = (cfg) => {
	const o = {
		enabled: !!(cfg && cfg.enabled),
		snapshotInterval: cfg && cfg.snapshotInterval !== undefined ? cfg.snapshotInterval : 10,
		enableModeration: !!(cfg && cfg.enableModeration),
	};
	if (cfg && cfg.storageConfig) o.storageConfig = { ...cfg.storageConfig };
	return o;
};
const getSnapshotConfig = (kind) => (ctx) => {
	const region = requireRegion(ctx.params.region);
	return json(snapshotView(ctx.ep.snapshot[kind][region]));
};
const setSnapshotConfig = (kind) => (ctx) => {
	const region = requireRegion(ctx.params.region);
	const body = ctx.objectBody({ required: true });
	const enabled = requireEnabled(body);
	if (has(body, 'snapshotInterval') && !isInt(body.snapshotInterval, 5, 300))
		throw bad('snapshotInterval must be an integer from 5 to 300');
	if (has(body, 'enableModeration') && !isBool(body.enableModeration))
		throw bad('enableModeration must be a boolean');
	const prev = ctx.ep.snapshot[kind][region];
	let storageConfig;
	if (kind === 'custom') {
		if (has(body, 'storageConfig')) storageConfig = validateStorageConfig(body.storageConfig);
		else if (!prev || !prev.storageConfig)
			throw bad(
				'storageConfig is required the first time snapshots to your storage are configured',
			);
	}
	const next = {
		enabled,
		snapshotInterval: has(body, 'snapshotInterval')
			? body.snapshotInterval
			: prev
				? prev.snapshotInterval
				: 10,
		enableModeration: has(body, 'enableModeration')
			? body.enableModeration
			: prev
				? prev.enableModeration
				: false,
	};
	if (kind === 'custom') next.storageConfig = storageConfig || prev.storageConfig;
	ctx.ep.snapshot[kind][region] = next;
	return empty();
};

// Transcoding (§13)
H.setPreset = (ctx) => {
	const name = ctx.params.name;
	if (!PRESETS.includes(name))
		throw notFound(`transcoding preset ${name} not found (use ld, sd1, sd2, sd3, hd or fhd)`);
	const body = ctx.objectBody({ required: true });
	ctx.ep.transcode.presets[name] = requireEnabled(body);
	return empty();
};
H.listPresets = (ctx) =>
	json({
		transcodeList: PRESETS.map((name) => ({ name, enabled: ctx.ep.transcode.presets[name] })),
	});

const TEMPLATE_FIELDS = [
	'width',
	'height',
	'videoCodec',
	'videoBitrate',
	'profile',
	'audioCodec',
	'audioBitrate',
	'audioSampleRate',
];
function checkTemplateFields(t) {
	for (const k of ['width', 'height']) {
		if (has(t, k) && !isInt(t[k], 0, 1920)) throw bad(`${k} must be an integer from 0 to 1920`);
	}
	if (has(t, 'videoBitrate') && !isInt(t.videoBitrate, 200, 6000))
		throw bad('videoBitrate must be an integer from 200 to 6000');
	if (has(t, 'profile') && !PROFILES.includes(t.profile))
		throw bad('profile must be one of base, main, high');
	if (has(t, 'audioBitrate') && !isInt(t.audioBitrate, 100, 500))
		throw bad('audioBitrate must be an integer from 100 to 500');
	if (has(t, 'audioSampleRate') && !SAMPLE_RATES.includes(t.audioSampleRate)) {
		throw bad(`audioSampleRate must be one of ${SAMPLE_RATES.join(', ')}`);
	}
	if (has(t, 'videoCodec') && !(isStr(t.videoCodec) && t.videoCodec.toLowerCase() === 'h264'))
		throw bad('videoCodec must be "h264"');
	if (has(t, 'audioCodec') && !(isStr(t.audioCodec) && t.audioCodec.toLowerCase() === 'aac'))
		throw bad('audioCodec must be "aac"');
}
function checkTemplateCodecs(t) {
	if ((has(t, 'videoBitrate') || has(t, 'profile')) && !has(t, 'videoCodec'))
		throw bad('videoCodec is required when videoBitrate or profile is set');
	if ((has(t, 'audioBitrate') || has(t, 'audioSampleRate')) && !has(t, 'audioCodec')) {
		throw bad('audioCodec is required when audioBitrate or audioSampleRate is set');
	}
}
function pickTemplate(body) {
	const o = {};
	for (const k of TEMPLATE_FIELDS) if (has(body, k)) o[k] = body[k];
	return o;
}
H.createTemplate = (ctx) => {
	const name = ctx.query.get('id');
	if (!name) throw bad('id (the template name) is required in the query string');
	if (!NAME_RE.test(name)) throw bad(`invalid template name: ${name}`);
	if (PRESETS.includes(name)) throw bad(`template name ${name} collides with a standard preset`);
	if (ctx.ep.transcode.templates.has(name)) throw bad(`template ${name} already exists`);
	const body = ctx.objectBody({ required: true });
	if (!has(body, 'width')) throw bad('width is required');
	if (!has(body, 'height')) throw bad('height is required');
	const t = pickTemplate(body);
	checkTemplateFields(t);
	checkTemplateCodecs(t);
	ctx.ep.transcode.templates.set(name, { name, ...t });
	return empty();
};
H.updateTemplate = (ctx) => {
	const name = ctx.params.name;
	const prev = ctx.ep.transcode.templates.get(name);
	if (!prev) throw notFound(`template ${name} not found`);
	const body = ctx.objectBody({ required: true });
	if (has(body, 'width') !== has(body, 'height'))
		throw bad('width and height must be set together');
	const patch = pickTemplate(body);
	checkTemplateFields(patch);
	const merged = { ...prev, ...patch };
	checkTemplateCodecs(merged);
	ctx.ep.transcode.templates.set(name, merged);
	return empty();
};
H.deleteTemplate = (ctx) => {
	if (!ctx.ep.transcode.templates.delete(ctx.params.name))
		throw notFound(`template ${ctx.params.name} not found`);
	return empty();
};
H.listTemplates = (ctx) =>
	json({ transcodeList: [...ctx.ep.transcode.templates.values()].map((t) => ({ ...t })) });

// ---------------------------------------------------------------------------------------------
// routing

const EP = '/entry_points/:ep';
const ROUTES = [
	['POST', '/domains', H.addDomain],
	['GET', '/domains', H.listDomains],
	['GET', '/domains/:domain', H.getDomain],
	['PATCH', '/domains/:domain', H.patchDomain],
	['DELETE', '/domains/:domain', H.deleteDomain],
	['GET', '/settings/streamauth/webhook', H.getWebhook],
	['PATCH', '/settings/streamauth/webhook', H.patchWebhook],
	['POST', '/entry_points', H.addEntryPoint],
	['GET', '/entry_points', H.listEntryPoints],
	['DELETE', '/entry_points/:ep', H.deleteEntryPoint, { noEpCheck: true }],
	['PATCH', `${EP}/admin/banned_streams/:stream`, H.ban],
	['DELETE', `${EP}/admin/banned_streams/:stream`, H.unban],
	['GET', `${EP}/admin/banned_streams`, H.listBanned],
	['PATCH', `${EP}/admin/delayed_streams/:stream`, H.setDelay],
	['DELETE', `${EP}/admin/delayed_streams/:stream`, H.cancelDelay],
	['GET', `${EP}/reports/online_streams`, H.onlineStreams],
	['GET', `${EP}/reports/online_streams/:stream`, H.onlineStream],
	['GET', `${EP}/reports/publish_history`, H.publishHistory],
	['GET', `${EP}/reports/publish_quality`, H.publishQuality],
	['GET', `${EP}/reports/stream_play_statistic`, H.playStatistic],
	['GET', `${EP}/settings/origin_site`, H.getOriginSite],
	['PATCH', `${EP}/settings/origin_site`, H.setOriginSite],
	['GET', `${EP}/settings/transfer`, H.getTransfer],
	['PATCH', `${EP}/settings/transfer`, H.setTransfer],
	['PATCH', `${EP}/settings/watermark`, H.setWatermark],
	['GET', `${EP}/settings/watermark`, H.getWatermark],
];
for (const kind of ['standard', 'custom']) {
	ROUTES.push(
		['GET', `${EP}/settings/record/${kind}/regions/:region`, getRecordConfig(kind)],
		['PATCH', `${EP}/settings/record/${kind}/regions/:region`, setRecordConfig(kind)],
		['PATCH', `${EP}/settings/record/${kind}/auto`, setRecordAuto(kind)],
		['PUT', `${EP}/admin/record/${kind}/regions/:region/tasks`, startRecordTask(kind)],
		['DELETE', `${EP}/admin/record/${kind}/regions/:region/tasks/:stream`, stopRecordTask(kind)],
	);
}
ROUTES.push(
	['POST', `${EP}/admin/record/standard/regions/:region/cutting/:stream`, H.cutting],
	['POST', `${EP}/admin/record/standard/regions/:region/snapshot/:stream`, H.recordSnapshot],
	['GET', `${EP}/admin/record/standard/regions/:region/preview_list`, H.previewList],
	['GET', `${EP}/settings/snapshot/standard/regions/:region`, getSnapshotConfig('standard')],
	['PATCH', `${EP}/settings/snapshot/standard/regions/:region`, setSnapshotConfig('standard')],
	['GET', `${EP}/settings/snapshot/custom/regions/:region`, getSnapshotConfig('custom')],
	['PATCH', `${EP}/settings/snapshot/custom/regions/:region`, setSnapshotConfig('custom')],
	['PATCH', `${EP}/settings/transcode/standard/:name`, H.setPreset],
	['GET', `${EP}/settings/transcode/standard`, H.listPresets],
	['POST', `${EP}/settings/transcode/custom`, H.createTemplate],
	['GET', `${EP}/settings/transcode/custom`, H.listTemplates],
	['PATCH', `${EP}/settings/transcode/custom/:name`, H.updateTemplate],
	['DELETE', `${EP}/settings/transcode/custom/:name`, H.deleteTemplate],
);

const COMPILED = ROUTES.map(([method, pattern, handler, opts = {}]) => {
	const names = [];
	const re = new RegExp(
		'^' +
			pattern
				.split('/')
				.map((seg) => {
					if (seg.startsWith(':')) {
						names.push(seg.slice(1));
						return '([^/]+)';
					}
					return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
				})
				.join('/') +
			'$',
	);
	return { method, pattern, re, names, handler, opts };
});

/** Base of every API path: /v1/projects/{appid}/fls, optionally followed by /... */
const BASE_RE = /^\/v1\/projects\/([^/]+)\/fls(\/.*)?$/;

/** Splits a pathname into {appId, rest} or null when it is not under /v1/projects/{appid}/fls. */
function matchBase(pathname) {
	const m = BASE_RE.exec(pathname);
	if (!m) return null;
	let appId;
	try {
		appId = decodeURIComponent(m[1]);
	} catch {
		return null;
	}
	return { appId, rest: m[2] || '' };
}

/** Finds the route for method + rest-of-path. Returns {route, params} or null (→ 404 no route). */
function findRoute(method, rest) {
	for (const r of COMPILED) {
		if (r.method !== method) continue;
		const m = r.re.exec(rest);
		if (!m) continue;
		const params = {};
		try {
			r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
		} catch {
			return null;
		}
		return { route: r, params };
	}
	return null;
}

/**
 * Runs one API request against state. ctx: {appId, app, rest, method, query: URLSearchParams,
 * rawBody: Buffer, now(), config}. Returns {status, body?}.
 */
function handleApi(ctx) {
	const found = findRoute(ctx.method, ctx.rest);
	if (!found) return json({ message: NO_ROUTE }, 404);
	const { route, params } = found;
	const c = { ...ctx, params };
	c.objectBody = ({ required = false } = {}) => parseObjectBody(ctx.rawBody, required);
	try {
		if (params.ep !== undefined && !route.opts.noEpCheck) {
			c.ep = ctx.app.entryPoints.get(params.ep);
			if (!c.ep) throw notFound(`entry point ${params.ep} not found`);
		}
		const unknownKey = undocumentedKeyMessage(
			route.method,
			route.pattern,
			ctx.query,
			bodyForKeyCheck(ctx.rawBody),
		);
		if (unknownKey) throw bad(unknownKey);
		return route.handler(c);
	} catch (e) {
		if (e instanceof ApiError) return json({ message: e.message }, e.status);
		throw e;
	}
}

/** The parsed JSON body for the key check; undefined when absent or not JSON (the handler says so). */
function bodyForKeyCheck(rawBody) {
	const text = rawBody && rawBody.length ? rawBody.toString('utf8') : '';
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function parseObjectBody(rawBody, required) {
	const text = rawBody && rawBody.length ? rawBody.toString('utf8') : '';
	if (text.trim() === '') {
		if (required) throw bad('a JSON request body is required');
		return {};
	}
	let v;
	try {
		v = JSON.parse(text);
	} catch {
		throw bad('the request body is not valid JSON');
	}
	if (!isObj(v)) throw bad('the request body must be a JSON object');
	return v;
}

module.exports = {
	NO_ROUTE,
	ROUTES,
	ApiError,
	matchBase,
	findRoute,
	handleApi,
	validateStorageConfig,
	minuteSamples,
	VENDOR_REGIONS,
};
