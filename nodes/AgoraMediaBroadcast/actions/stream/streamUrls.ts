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

/** `origin + path`, with `?ts=&sign=` when signing; the signature covers exactly `path`. */
function buildUrl(
	origin: string,
	path: string,
	auth: { key: string; ts: number } | undefined,
): string {
	return `${origin}${path}${auth ? signedQuery(path, auth) : ''}`;
}

function signedQuery(path: string, auth: { key: string; ts: number }): string {
	return `?ts=${auth.ts}&sign=${timestampSignature(auth.key, path, auth.ts)}`;
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
	const streamPath = `/${input.entryPoint}/${input.streamName}`;
	const auth = (key: string | undefined) =>
		key !== undefined && input.ts !== undefined ? { key, ts: input.ts } : undefined;
	const result: IDataObject = { entryPoint: input.entryPoint, streamName: input.streamName };
	if (input.push) {
		const { domain, protocols } = input.push;
		const pushAuth = auth(input.push.authKey);
		const push: IDataObject = { domain };
		for (const protocol of protocols)
			push[protocol] = buildUrl(`${protocol}://${domain}`, streamPath, pushAuth);
		// OBS joins Server + "/" + Stream Key into the push URL, so the key carries the same signature.
		const obsScheme = protocols.includes('rtmp') ? 'rtmp' : 'rtmps';
		push.obsServer = `${obsScheme}://${domain}/${input.entryPoint}`;
		push.obsStreamKey = `${input.streamName}${pushAuth ? signedQuery(streamPath, pushAuth) : ''}`;
		result.push = push;
	}
	if (input.play) {
		const { domain, protocols, https } = input.play;
		const playAuth = auth(input.play.authKey);
		const httpOrigin = `${https ? 'https' : 'http'}://${domain}`;
		const play: IDataObject = { domain };
		for (const protocol of protocols) {
			if (protocol === 'rtmp') play.rtmp = buildUrl(`rtmp://${domain}`, streamPath, playAuth);
			else if (protocol === 'flv') play.flv = buildUrl(httpOrigin, `${streamPath}.flv`, playAuth);
			else play.hls = buildUrl(httpOrigin, `${streamPath}/playlist.m3u8`, playAuth);
		}
		result.play = play;
	}
	return result;
}
