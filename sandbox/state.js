'use strict';
/** In-memory state of the sandbox: one AppState per App ID, each with its entry points. */
const crypto = require('node:crypto');

const REGIONS = ['cn', 'ap', 'eu', 'na'];
const PRESETS = ['ld', 'sd1', 'sd2', 'sd3', 'hd', 'fhd'];
const DEFAULT_ENTRY_POINT = 'live';

const RFC3339 =
	/^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Parses an RFC 3339 date-time (with offset or Z). Returns epoch ms or null. */
function parseRfc3339(s) {
	if (typeof s !== 'string') return null;
	const m = RFC3339.exec(s);
	if (!m) return null;
	const [, y, mo, d, h, mi, sec, , , , oh, om] = m;
	if (+mo < 1 || +mo > 12) return null;
	const dim = new Date(Date.UTC(+y, +mo, 0)).getUTCDate();
	if (+d < 1 || +d > dim) return null;
	if (+h > 23 || +mi > 59 || +sec > 60) return null;
	if (oh !== undefined && (+oh > 23 || +om > 59)) return null;
	const ms = Date.parse(s.toUpperCase());
	return Number.isFinite(ms) ? ms : null;
}

/** Epoch ms → `2021-10-11T04:08:52Z` (UTC, no fraction), the shape the reference shows. */
function formatRfc3339(ms) {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Epoch ms → UTC yyyyMMddHHmmssSSS (record file names). */
function compactDate(ms, withMillis = true) {
	const iso = new Date(ms).toISOString(); // 2025-01-01T00:00:00.000Z
	const s =
		iso.slice(0, 4) +
		iso.slice(5, 7) +
		iso.slice(8, 10) +
		iso.slice(11, 13) +
		iso.slice(14, 16) +
		iso.slice(17, 19);
	return withMillis ? s + iso.slice(20, 23) : s;
}

/** Accepts epoch ms, RFC 3339 string or Date; returns ms or null. */
function toMs(v) {
	if (v === undefined || v === null || v === '') return null;
	if (typeof v === 'number') return v;
	if (v instanceof Date) return v.getTime();
	const p = parseRfc3339(v);
	if (p !== null) return p;
	const d = Date.parse(v);
	return Number.isFinite(d) ? d : null;
}

function randomAuthKey() {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.randomBytes(16);
	let out = '';
	for (const b of bytes) out += alphabet[b % alphabet.length];
	return out;
}

function newRecordKind() {
	return {
		auto: false,
		/** region → {mp4Config:{enabled}, hlsConfig:{enabled}, storageConfig?} */
		regions: {},
		/** region → Map(streamName → {streamName, createdAt, wasOnline}) */
		tasks: Object.fromEntries(REGIONS.map((r) => [r, new Map()])),
	};
}

function newEntryPoint(name, now) {
	return {
		name,
		createdAt: now,
		/** streamName → {name, resumeTime (string as stored), resumeMs} */
		banned: new Map(),
		/** streamName → delay seconds */
		delayed: new Map(),
		/** streamName → live session {name, startTime(ms), domain, clientIp, nodeIp, sessionId, viewers, mediaInfo} */
		online: new Map(),
		/** finished sessions {name, startTime, endTime (ms), domain, clientIp, nodeIp, sessionId, viewers, mediaInfo} */
		sessions: [],
		originSite: { enabled: false },
		transfer: { enabled: false },
		watermarks: [],
		record: { standard: newRecordKind(), custom: newRecordKind() },
		/** standard recording files (preview_list) {region, streamName, fileName, startTime, endTime} */
		recordFiles: [],
		/** custom recording files (only reported by NCS events; no API lists them) */
		customRecordFiles: [],
		/** standard post-processing outputs {region, streamName, fileName, startTime, endTime, createdAt} */
		clips: [],
		/** {region, streamName, fileName, time, createdAt} */
		recordSnapshots: [],
		snapshot: { standard: {}, custom: {} },
		transcode: {
			presets: Object.fromEntries(PRESETS.map((p) => [p, false])),
			/** name → template object */
			templates: new Map(),
		},
	};
}

function newApp(appId, now) {
	return {
		appId,
		/** name → {appid, name, type, region?, authKey, cname, scope?, enableRtmps?, enableHttps?, certName?, crossDomain?} */
		domains: new Map(),
		entryPoints: new Map([[DEFAULT_ENTRY_POINT, newEntryPoint(DEFAULT_ENTRY_POINT, now)]]),
		streamAuthWebhook: { enabled: false },
	};
}

function mapToObject(map, fn = (v) => v) {
	const o = {};
	for (const [k, v] of map) o[k] = fn(v);
	return o;
}

function dumpEntryPoint(ep) {
	const dumpKind = (k) => ({
		auto: k.auto,
		regions: JSON.parse(JSON.stringify(k.regions)),
		tasks: Object.fromEntries(Object.entries(k.tasks).map(([r, m]) => [r, [...m.values()]])),
	});
	return {
		name: ep.name,
		banned: [...ep.banned.values()],
		delayed: mapToObject(ep.delayed),
		online: [...ep.online.values()].map((s) => ({
			...s,
			startTimeIso: formatRfc3339(s.startTime),
		})),
		sessions: ep.sessions.map((s) => ({ ...s })),
		originSite: { ...ep.originSite },
		transfer: { ...ep.transfer },
		watermarks: JSON.parse(JSON.stringify(ep.watermarks)),
		record: { standard: dumpKind(ep.record.standard), custom: dumpKind(ep.record.custom) },
		recordFiles: ep.recordFiles.map((f) => ({ ...f })),
		customRecordFiles: ep.customRecordFiles.map((f) => ({ ...f })),
		clips: ep.clips.map((f) => ({ ...f })),
		recordSnapshots: ep.recordSnapshots.map((f) => ({ ...f })),
		snapshot: JSON.parse(JSON.stringify(ep.snapshot)),
		transcode: {
			presets: { ...ep.transcode.presets },
			templates: [...ep.transcode.templates.values()].map((t) => ({ ...t })),
		},
	};
}

function dumpApp(app) {
	return {
		appId: app.appId,
		domains: [...app.domains.values()].map((d) => ({ ...d })),
		entryPoints: mapToObject(app.entryPoints, dumpEntryPoint),
		streamAuthWebhook: { ...app.streamAuthWebhook },
	};
}

/** A publish session's id, the {sessionid} in record and snapshot file names. */
function newSessionId() {
	return crypto.randomBytes(8).toString('hex');
}

/** The domain of a session nobody named: the app's first publish domain, else a placeholder. */
function defaultDomain(app) {
	for (const d of app.domains.values()) if (d.type === 'publish') return d.name;
	return 'publish.sandbox.example.com';
}

/** The sandbox's whole state. `now` is the sandbox clock. */
function createState(now) {
	const apps = new Map();
	const state = {
		apps,
		/** Get (creating on first use) the state of one App ID. */
		app(appId) {
			let a = apps.get(appId);
			if (!a) {
				a = newApp(appId, now());
				apps.set(appId, a);
			}
			return a;
		},
		/** Entry point of an app, or undefined. */
		entryPoint(appId, name = DEFAULT_ENTRY_POINT) {
			return state.app(appId).entryPoints.get(name);
		},
		/** JSON-friendly copy of one app's state (or of all apps when appId is omitted). */
		dump(appId) {
			if (appId !== undefined) return dumpApp(state.app(appId));
			return Object.fromEntries([...apps.entries()].map(([k, v]) => [k, dumpApp(v)]));
		},
		clear() {
			apps.clear();
		},
	};
	return state;
}

module.exports = {
	REGIONS,
	PRESETS,
	DEFAULT_ENTRY_POINT,
	parseRfc3339,
	formatRfc3339,
	compactDate,
	toMs,
	randomAuthKey,
	newEntryPoint,
	newSessionId,
	defaultDomain,
	createState,
};
