import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * Push and play URLs of a stream and Agora's timestamp authentication (reference §4.1, §17). Pure:
 * no parameters, no request, no clock; the Generate URLs operation reads the fields and calls this.
 */

export const PUSH_PROTOCOLS = ['rtmp', 'rtmps'] as const;
export const PLAY_PROTOCOLS = ['rtmp', 'flv', 'hls'] as const;
export type PushProtocol = (typeof PUSH_PROTOCOLS)[number];
export type PlayProtocol = (typeof PLAY_PROTOCOLS)[number];

/** Agora timestamp authentication (reference §4.1): md5 hex of auth key + URL path + expiry. */
function timestampSignature(authKey: string, urlPath: string, ts: number): string {
	return createHash('md5').update(`${authKey}${urlPath}${ts}`, 'utf8').digest('hex');
}

/**
 * One flat string. A template literal of several parts is kept by V8 as a rope of those parts; a
 * run of 100,000 items holds 40 such ropes per item (1.3 KB) until n8n writes the output out.
 */
function joined(...parts: Array<string | number>): string {
	return parts.join('');
}

/** The last OBS server URL: the same text for every stream of a run, so one string for all items. */
let lastObsServer = { scheme: '', domain: '', entryPoint: '', url: '' };

function obsServer(scheme: string, domain: string, entryPoint: string): string {
	const last = lastObsServer;
	if (last.scheme !== scheme || last.domain !== domain || last.entryPoint !== entryPoint)
		lastObsServer = {
			scheme,
			domain,
			entryPoint,
			url: joined(scheme, '://', domain, '/', entryPoint),
		};
	return lastObsServer.url;
}

/** `?ts=&sign=` for one path; the signature covers exactly that path. */
function signedQuery(path: string, auth: { key: string; ts: number } | undefined): string {
	return auth ? joined('?ts=', auth.ts, '&sign=', timestampSignature(auth.key, path, auth.ts)) : '';
}

export interface StreamUrlInput {
	entryPoint: string;
	streamName: string;
	push?: { domain: string; protocols: readonly PushProtocol[]; authKey?: string };
	play?: { domain: string; protocols: readonly PlayProtocol[]; authKey?: string; https: boolean };
	/** Unix seconds at which the signatures expire; signing only happens when a domain has an auth key. */
	ts?: number;
}

/**
 * Push and play URLs of one stream (reference §17): push rtmp(s)://push/{ep}/{stream}, play
 * rtmp://play/{ep}/{stream}, http(s)://play/{ep}/{stream}.flv and http(s)://play/{ep}/{stream}/playlist.m3u8.
 * Each URL is signed over its own path. Pure: no request, no clock.
 */
export function buildStreamUrls(input: StreamUrlInput): IDataObject {
	const streamPath = joined('/', input.entryPoint, '/', input.streamName);
	const auth = (key: string | undefined) =>
		key !== undefined && input.ts !== undefined ? { key, ts: input.ts } : undefined;
	const result: IDataObject = { entryPoint: input.entryPoint, streamName: input.streamName };
	if (input.push) {
		const { domain, protocols } = input.push;
		// Every push URL and the OBS stream key sign the same path: one signature for all of them.
		const query = signedQuery(streamPath, auth(input.push.authKey));
		const push: IDataObject = { domain };
		for (const protocol of protocols)
			push[protocol] = joined(protocol, '://', domain, streamPath, query);
		// OBS joins Server + "/" + Stream Key into the push URL, so the key carries the same signature.
		const obsScheme = protocols.includes('rtmp') ? 'rtmp' : 'rtmps';
		push.obsServer = obsServer(obsScheme, domain, input.entryPoint);
		push.obsStreamKey = joined(input.streamName, query);
		result.push = push;
	}
	if (input.play) {
		const { domain, protocols, https } = input.play;
		const playAuth = auth(input.play.authKey);
		const httpOrigin = joined(https ? 'https' : 'http', '://', domain);
		const play: IDataObject = { domain };
		for (const protocol of protocols) {
			if (protocol === 'rtmp') {
				play.rtmp = joined('rtmp://', domain, streamPath, signedQuery(streamPath, playAuth));
			} else {
				const path = joined(streamPath, protocol === 'flv' ? '.flv' : '/playlist.m3u8');
				play[protocol] = joined(httpOrigin, path, signedQuery(path, playAuth));
			}
		}
		result.play = play;
	}
	return result;
}
