'use strict';
/**
 * `POST /_sandbox/seed` and `sb.seed(body)`: puts a test's starting point into the in-memory state
 * (domains, entry points, online streams, publish history, bans, delays, record files, transcoding)
 * in one call, without the API's validation and without NCS events (README "Seed").
 *
 * Separate from simulate.js: seeding says "this was already so"; a simulation is an event that
 * happens now and is sent to the NCS receiver.
 */
const {
	DEFAULT_ENTRY_POINT,
	PRESETS,
	formatRfc3339,
	toMs,
	randomAuthKey,
	newEntryPoint,
	newSessionId,
	defaultDomain,
} = require('./state');
const { cbad } = require('./httpUtil');

/** @param ctx the sandbox's shared context (server.js): config (its clock), state */
function seed(ctx, body = {}) {
	const { config, state } = ctx;
	if (!body || typeof body !== 'object') throw cbad('expected a JSON object');
	const appId = body.appId || body.appid;
	if (!appId) throw cbad('appId is required');
	const app = state.app(String(appId));
	const now = config.now();
	const epOf = (name) => {
		const n = name || DEFAULT_ENTRY_POINT;
		let ep = app.entryPoints.get(n);
		if (!ep) {
			ep = newEntryPoint(n, now);
			app.entryPoints.set(n, ep);
		}
		return ep;
	};
	const ms = (v, dflt, what) => {
		const m = toMs(v);
		if (m === null) {
			if (dflt !== undefined) return dflt;
			throw cbad(`${what} must be an RFC 3339 time or epoch ms`);
		}
		return m;
	};
	// A live or finished session: the times given, then what the body leaves out gets the same
	// defaults as a simulated publish-start (README "Seed").
	const session = (s, name, times) => ({
		name,
		...times,
		domain: s.domain || defaultDomain(app),
		clientIp: s.clientIp || '203.0.113.10',
		nodeIp: s.nodeIp || '198.51.100.20',
		sessionId: s.sessionId || newSessionId(),
		viewers: Number.isInteger(s.viewers) ? s.viewers : 10,
		mediaInfo: s.mediaInfo || null,
	});
	for (const d of body.domains || []) {
		if (!d || !d.name) throw cbad('each domain needs a name');
		const type = d.type || 'publish';
		if (type !== 'publish' && type !== 'play') throw cbad('domain type must be publish or play');
		const rec = {
			appid: String(appId),
			name: d.name,
			type,
			authKey: d.authKey || randomAuthKey(),
			cname: `${d.name}.v1.agoramdn.com`,
		};
		if (type === 'publish') rec.region = d.region || 'cn';
		for (const k of ['scope', 'enableRtmps', 'enableHttps', 'certName', 'crossDomain'])
			if (d[k] !== undefined) rec[k] = d[k];
		app.domains.set(d.name, rec);
	}
	for (const e of body.entryPoints || []) epOf(typeof e === 'string' ? e : e && e.name);
	for (const s of body.onlineStreams || []) {
		const name = s.name || s.streamName;
		if (!name) throw cbad('each online stream needs a name');
		epOf(s.entryPoint).online.set(name, session(s, name, { startTime: ms(s.startTime, now) }));
	}
	for (const s of body.publishHistory || []) {
		const name = s.name || s.streamName;
		if (!name) throw cbad('each publishHistory session needs a name');
		const startTime = ms(s.startTime, undefined, 'publishHistory.startTime');
		const endTime = ms(s.endTime, undefined, 'publishHistory.endTime');
		epOf(s.entryPoint).sessions.push(session(s, name, { startTime, endTime }));
	}
	for (const b of body.bannedStreams || []) {
		const name = b.name || b.streamName;
		if (!name) throw cbad('each banned stream needs a name');
		const resumeMs = ms(b.resumeTime, now + 7 * 24 * 3600 * 1000);
		epOf(b.entryPoint).banned.set(name, {
			name,
			resumeTime: typeof b.resumeTime === 'string' ? b.resumeTime : formatRfc3339(resumeMs),
			resumeMs,
		});
	}
	for (const d of body.delayedStreams || []) {
		const name = d.name || d.streamName;
		if (!name) throw cbad('each delayed stream needs a name');
		epOf(d.entryPoint).delayed.set(name, Number.isInteger(d.delay) ? d.delay : 10);
	}
	for (const f of body.recordFiles || []) {
		if (!f.streamName || !f.fileName) throw cbad('each record file needs streamName and fileName');
		epOf(f.entryPoint).recordFiles.push({
			region: f.region || 'cn',
			streamName: f.streamName,
			fileName: f.fileName,
			startTime: ms(f.startTime, undefined, 'recordFiles.startTime'),
			endTime: ms(f.endTime, undefined, 'recordFiles.endTime'),
			sessionId: f.sessionId || null,
		});
	}
	for (const t of body.transcodeTemplates || []) {
		if (!t.name) throw cbad('each transcode template needs a name');
		const { entryPoint, ...rest } = t;
		epOf(entryPoint).transcode.templates.set(t.name, { ...rest });
	}
	for (const p of body.transcodePresets || []) {
		if (!PRESETS.includes(p.name)) throw cbad(`unknown preset ${p.name}`);
		epOf(p.entryPoint).transcode.presets[p.name] = !!p.enabled;
	}
	if (body.streamAuthWebhook) app.streamAuthWebhook = { enabled: false, ...body.streamAuthWebhook };
	return { ok: true, state: state.dump(String(appId)) };
}

module.exports = { seed };
