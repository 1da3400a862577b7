'use strict';
/**
 * `POST /_sandbox/simulate/{name}` and `sb.simulate(name, body)`: what a broadcaster does that the
 * REST API cannot, a stream going live or offline, its media info, a new recording, snapshot or
 * moderation result. Each changes the state the API reads (online streams, publish history, record
 * files) and builds the NCS event Agora would send (reference §14.1 in
 * `../shared/reference/agora-media-broadcast-api.md`, beside the repo; README "Simulations").
 *
 * Separate from ncs.js: this file says what happened; ncs.js delivers the event.
 */
const {
	DEFAULT_ENTRY_POINT,
	REGIONS,
	formatRfc3339,
	compactDate,
	toMs,
	newSessionId,
	defaultDomain,
} = require('./state');
const { buildEnvelope } = require('./ncs');
const { ControlError, cbad } = require('./httpUtil');

/** A record file's region: the one asked for, else the session's publish domain's, else cn. */
function regionFor(app, session, explicit) {
	if (explicit) {
		if (!REGIONS.includes(explicit)) throw cbad('region must be one of cn, ap, eu, na');
		return explicit;
	}
	const d = session && app.domains.get(session.domain);
	return (d && d.region) || 'cn';
}

/** The live session, else the latest finished one, else a synthetic one. */
function sessionFor(ep, streamName, now) {
	const live = ep.online.get(streamName);
	if (live) return live;
	const past = ep.sessions
		.filter((s) => s.name === streamName)
		.sort((a, b) => b.startTime - a.startTime)[0];
	if (past) return past;
	return { name: streamName, startTime: now, sessionId: newSessionId(), domain: null };
}

function checkKind(kind) {
	const k = kind || 'standard';
	if (k !== 'standard' && k !== 'custom') throw cbad('kind must be standard or custom');
	return k;
}

/**
 * @param ctx the sandbox's shared context (server.js): config, state
 * @param dispatch createNcsSender(ctx).dispatch, which posts the event when NCS is configured
 * @returns simulate(name, body): Promise<{event, delivery, session?, file?}>
 */
function createSimulator(ctx, dispatch) {
	const { config, state } = ctx;

	// What a simulation acts on. Unlike seed, it does not create the entry point: 404.
	function simTarget(body, { needStream = true } = {}) {
		if (!body || typeof body !== 'object') throw cbad('expected a JSON object');
		const appId = body.appId || body.appid;
		if (!appId) throw cbad('appId is required');
		const epName = body.entryPoint || DEFAULT_ENTRY_POINT;
		const app = state.app(String(appId));
		const ep = app.entryPoints.get(epName);
		if (!ep) throw new ControlError(404, `entry point ${epName} not found in app ${appId}`);
		const streamName = body.streamName;
		if (needStream && !streamName) throw cbad('streamName is required');
		return { appId: String(appId), app, ep, epName, streamName };
	}

	async function simulate(name, body = {}) {
		const now = config.now();
		const wait = body.wait !== false;
		let envelope;
		const extra = {};
		// Snapshot (and moderation) file names as Agora's NCS docs give them; standard ones under snapshot/.
		const snapshotFileName = (kind, ep, epName, streamName) => {
			const session = sessionFor(ep, streamName, now);
			const name = `${epName}/${streamName}/${session.sessionId}_${compactDate(session.startTime)}_${compactDate(now, false)}.jpg`;
			return kind === 'standard' ? `snapshot/${name}` : name;
		};
		// publish_start and publish_end carry the same fields of the session.
		const streamEvent = (eventName, session, epName, streamName) =>
			buildEnvelope(
				eventName,
				{
					domain: session.domain,
					entryPoint: epName,
					streamName,
					clientIp: session.clientIp,
					nodeIp: session.nodeIp,
				},
				now,
			);
		// Each file event exists once per kind: new_standard_<what> and new_custom_<what>.
		const fileEvent = (what, kind, epName, streamName, fileName, more = {}) =>
			buildEnvelope(
				`new_${kind}_${what}`,
				{ entryPoint: epName, streamName, fileName, ...more },
				now,
			);
		switch (name) {
			case 'publish-start': {
				const { app, ep, epName, streamName } = simTarget(body);
				const ban = ep.banned.get(streamName);
				if (ban && ban.resumeMs > now)
					throw new ControlError(409, `stream ${streamName} is banned until ${ban.resumeTime}`);
				if (ep.online.has(streamName))
					throw new ControlError(409, `stream ${streamName} is already online`);
				const startTime = toMs(body.startTime);
				const session = {
					name: streamName,
					startTime: startTime === null ? now : startTime,
					domain: body.domain || defaultDomain(app),
					clientIp: body.clientIp || '203.0.113.10',
					nodeIp: body.nodeIp || '198.51.100.20',
					sessionId: newSessionId(),
					viewers: Number.isInteger(body.viewers) ? body.viewers : 10,
					mediaInfo: null,
				};
				ep.online.set(streamName, session);
				envelope = streamEvent('publish_start', session, epName, streamName);
				extra.session = { ...session, startTimeIso: formatRfc3339(session.startTime) };
				break;
			}
			case 'publish-end': {
				const { ep, epName, streamName } = simTarget(body);
				const session = ep.online.get(streamName);
				if (!session) throw new ControlError(404, `stream ${streamName} is not online`);
				const endArg = toMs(body.endTime);
				const endTime = Math.max(session.startTime, endArg === null ? now : endArg);
				ep.online.delete(streamName);
				const finished = { ...session, endTime };
				ep.sessions.push(finished);
				envelope = streamEvent('publish_end', session, epName, streamName);
				extra.session = {
					...finished,
					startTimeIso: formatRfc3339(finished.startTime),
					endTimeIso: formatRfc3339(endTime),
					duration: Math.round((endTime - finished.startTime) / 1000),
				};
				break;
			}
			case 'media-info': {
				const { ep, epName, streamName } = simTarget(body);
				const session = ep.online.get(streamName);
				if (!session) throw new ControlError(404, `stream ${streamName} is not online`);
				const info = {
					videoCodec: 'H264',
					videoFps: 30,
					videoRate: 2500000,
					height: 720,
					width: 1280,
					audioCodec: 'AAC',
				};
				for (const k of Object.keys(info)) if (body[k] !== undefined) info[k] = body[k];
				session.mediaInfo = info;
				envelope = buildEnvelope(
					'publish_media_info',
					{
						domain: session.domain,
						entryPoint: epName,
						streamName,
						videoCodec: info.videoCodec,
						videoFps: info.videoFps,
						videoRate: info.videoRate,
						height: info.height,
						width: info.width,
						audioCodec: info.audioCodec,
					},
					now,
				);
				break;
			}
			case 'record-file': {
				const { app, ep, epName, streamName } = simTarget(body);
				const kind = checkKind(body.kind);
				const format = body.format || 'm3u8';
				if (format !== 'm3u8' && format !== 'mp4') throw cbad('format must be m3u8 or mp4');
				const session = sessionFor(ep, streamName, now);
				const region = regionFor(app, session, body.region);
				const startArg = toMs(body.startTime);
				const endArg = toMs(body.endTime);
				const startTime = startArg === null ? session.startTime : startArg;
				const endTime =
					endArg === null ? (session.endTime !== undefined ? session.endTime : now) : endArg;
				const sessionDate = compactDate(session.startTime);
				let fileName = body.fileName;
				if (!fileName) {
					const list = kind === 'standard' ? ep.recordFiles : ep.customRecordFiles;
					const slice = list.filter(
						(f) => f.sessionId === session.sessionId && f.format === 'mp4',
					).length;
					fileName =
						format === 'mp4'
							? `${epName}/${streamName}/${session.sessionId}_${sessionDate}_${slice}_${compactDate(startTime)}.mp4`
							: `${epName}/${streamName}/${session.sessionId}_${sessionDate}.m3u8`;
					if (kind === 'standard') fileName = `record/${fileName}`;
				}
				(kind === 'standard' ? ep.recordFiles : ep.customRecordFiles).push({
					region,
					streamName,
					fileName,
					startTime,
					endTime,
					sessionId: session.sessionId,
					format,
				});
				envelope = fileEvent('record_file', kind, epName, streamName, fileName);
				extra.file = {
					region,
					fileName,
					startTime: formatRfc3339(startTime),
					endTime: formatRfc3339(endTime),
				};
				break;
			}
			case 'snapshot-file': {
				const { ep, epName, streamName } = simTarget(body);
				const kind = checkKind(body.kind);
				const fileName = body.fileName || snapshotFileName(kind, ep, epName, streamName);
				envelope = fileEvent('snapshot_file', kind, epName, streamName, fileName);
				break;
			}
			case 'moderation': {
				const { ep, epName, streamName } = simTarget(body);
				const kind = checkKind(body.kind);
				const suggestion = body.suggestion || 'pass';
				if (!['pass', 'block', 'review'].includes(suggestion))
					throw cbad('suggestion must be pass, block or review');
				const scene = body.scene || { pass: 'neutral', block: 'porn', review: 'sexy' }[suggestion];
				if (!['neutral', 'porn', 'sexy'].includes(scene))
					throw cbad('scene must be neutral, porn or sexy');
				const outputs =
					body.outputs ||
					{
						neutral: { neutral: 0.97, porn: 0.01, sexy: 0.02 },
						porn: { neutral: 0.02, porn: 0.95, sexy: 0.03 },
						sexy: { neutral: 0.1, porn: 0.15, sexy: 0.75 },
					}[scene];
				const fileName = body.fileName || snapshotFileName(kind, ep, epName, streamName);
				envelope = fileEvent('moderation_result', kind, epName, streamName, fileName, {
					results: { porn: { outputs, scene } },
					suggestion,
				});
				break;
			}
			default:
				throw new ControlError(404, `unknown simulation ${name}`);
		}
		const delivery = await dispatch(envelope, { wait });
		return { event: envelope, delivery, ...extra };
	}

	return simulate;
}

module.exports = { createSimulator };
