import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { agoraClock } from '../../../../credentials/clock';
import { entryPointLocator, streamNameField } from '../../shared/fields';
import type { OperationPlan } from '../../shared/types';
import {
	assertOption,
	getBoolean,
	getDomain,
	getEntryPoint,
	getInteger,
	getName,
	getOption,
	getString,
	inputError,
} from '../../shared/validation';
import { DATE_TIME_ZONE_TEXT, getDateTime, isoSeconds } from '../../shared/time';

const PUSH_PROTOCOLS = ['rtmp', 'rtmps'] as const;
const PLAY_PROTOCOLS = ['rtmp', 'flv', 'hls'] as const;
type PushProtocol = (typeof PUSH_PROTOCOLS)[number];
type PlayProtocol = (typeof PLAY_PROTOCOLS)[number];

/** One year: Agora recommends 5 to 10 minutes; anything longer than this is surely a mistake. */
const MAX_EXPIRY_MINUTES = 525600;

const properties: INodeProperties[] = [
	{
		displayName: 'Push Domain',
		name: 'pushDomain',
		type: 'string',
		default: '',
		placeholder: 'e.g. push.example.com',
		description: 'The push (publish) domain hosts stream to. Empty: no push URLs.',
	},
	{
		displayName: 'Play Domain',
		name: 'playDomain',
		type: 'string',
		default: '',
		placeholder: 'e.g. play.example.com',
		description: 'The play domain viewers watch from. Empty: no play URLs.',
	},
	entryPointLocator(),
	streamNameField('The stream the URLs are for. It does not need to be live.'),
	{
		displayName: 'Push Protocols',
		name: 'pushProtocols',
		type: 'multiOptions',
		options: [
			{ name: 'RTMP', value: 'rtmp' },
			{ name: 'RTMPS', value: 'rtmps' },
		],
		default: ['rtmp', 'rtmps'],
		description:
			'Push URLs to build (with a Push Domain). The OBS server and stream key use RTMP when chosen, else RTMPS.',
	},
	{
		displayName: 'Play Protocols',
		name: 'playProtocols',
		type: 'multiOptions',
		options: [
			{ name: 'RTMP', value: 'rtmp' },
			{ name: 'HTTP-FLV', value: 'flv' },
			{ name: 'HLS', value: 'hls' },
		],
		default: ['rtmp', 'flv', 'hls'],
		description: 'Play URLs to build (with a Play Domain)',
	},
	{
		displayName: 'Timestamp Authentication',
		name: 'signUrls',
		type: 'boolean',
		default: true,
		description:
			'Whether to sign the URLs with the domain auth key (ts and sign parameters). Agora refuses unsigned URLs on domains that have an auth key.',
	},
	{
		displayName: 'Push Auth Key',
		name: 'pushAuthKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'Timestamp auth key of the push domain (Domain → Get shows it, Domain → Set Timestamp Auth Key sets it). Needed for push URLs.',
		displayOptions: { show: { signUrls: [true] } },
	},
	{
		displayName: 'Play Auth Key',
		name: 'playAuthKey',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'Timestamp auth key of the play domain. Each domain has its own key, so this is usually not the push key. Needed for play URLs.',
		displayOptions: { show: { signUrls: [true] } },
	},
	{
		displayName: 'Expires',
		name: 'expiryMode',
		type: 'options',
		options: [
			{ name: 'Minutes From Now', value: 'minutes' },
			{ name: 'At a Date and Time', value: 'dateTime' },
		],
		default: 'minutes',
		description: 'When the signed URLs stop working for new connections',
		displayOptions: { show: { signUrls: [true] } },
	},
	{
		displayName: 'Valid for (Minutes)',
		name: 'expiresInMinutes',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_EXPIRY_MINUTES },
		default: 10,
		description: 'Minutes from now until the URLs expire. Agora recommends 5 to 10.',
		displayOptions: { show: { signUrls: [true], expiryMode: ['minutes'] } },
	},
	{
		displayName: 'Expires At',
		name: 'expiresAt',
		type: 'dateTime',
		default: '',
		description: `When the URLs expire, e.g. 2026-11-28T10:10:00. ${DATE_TIME_ZONE_TEXT}.`,
		displayOptions: { show: { signUrls: [true], expiryMode: ['dateTime'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Play Over HTTPS',
				name: 'https',
				type: 'boolean',
				default: true,
				description:
					'Whether HTTP-FLV and HLS play URLs use https:// (the play domain needs a certificate) rather than http://',
			},
		],
	},
];

const displayOptions = { show: { resource: ['stream'], operation: ['generateUrls'] } };

export const description = showForOperation(displayOptions, properties);

/** Agora timestamp authentication (reference §4.1): md5 hex of auth key + URL path + expiry. */
export function timestampSignature(authKey: string, urlPath: string, ts: number): string {
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

function readProtocols<T extends string>(
	context: IExecuteFunctions,
	name: string,
	label: string,
	allowed: readonly T[],
	itemIndex: number,
): T[] {
	const node = context.getNode();
	const raw = context.getNodeParameter(name, itemIndex, []) as unknown;
	const list =
		typeof raw === 'string'
			? raw
					.split(',')
					.map((entry) => entry.trim())
					.filter(Boolean)
			: raw;
	if (!Array.isArray(list)) {
		throw inputError(node, itemIndex, `${label} must be a list of ${allowed.join(', ')}`);
	}
	const chosen = list.map((entry) => assertOption(node, entry, label, allowed, itemIndex));
	if (chosen.length === 0) {
		throw inputError(
			node,
			itemIndex,
			`${label} is empty: choose at least one protocol, or clear the domain`,
		);
	}
	return [...new Set(chosen)];
}

/** Unix seconds of the expiry, from "minutes from now" or an absolute date-time; never in the past. */
function readExpiry(this: IExecuteFunctions, itemIndex: number): number {
	const nowMs = agoraClock.now().getTime();
	const mode = getOption.call(
		this,
		'expiryMode',
		'Expires',
		['minutes', 'dateTime'] as const,
		itemIndex,
		'minutes',
	);
	if (mode === 'minutes') {
		const minutes = getInteger.call(
			this,
			'expiresInMinutes',
			'Valid for (Minutes)',
			1,
			MAX_EXPIRY_MINUTES,
			itemIndex,
			10,
		);
		return Math.floor(nowMs / 1000) + minutes * 60;
	}
	const expiresAt = getDateTime.call(this, 'expiresAt', 'Expires At', itemIndex, {
		required: true,
	}) as string;
	const ms = Date.parse(expiresAt);
	if (ms <= nowMs) {
		throw inputError(
			this.getNode(),
			itemIndex,
			`Expires At ${expiresAt} is not in the future: the URLs would be refused at once`,
			'Pick a later time (note the time zone), or use Minutes From Now.',
		);
	}
	return Math.floor(ms / 1000);
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const isEmpty = (name: string) => {
		const raw = this.getNodeParameter(name, itemIndex, '') as unknown;
		return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
	};
	const pushDomain = isEmpty('pushDomain')
		? undefined
		: getDomain.call(this, 'pushDomain', 'Push Domain', itemIndex);
	const playDomain = isEmpty('playDomain')
		? undefined
		: getDomain.call(this, 'playDomain', 'Play Domain', itemIndex);
	if (!pushDomain && !playDomain) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Push Domain and Play Domain are both empty: enter at least one to build its URLs',
		);
	}
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const streamName = getName.call(this, 'streamName', 'Stream Name', itemIndex);
	const sign = getBoolean.call(this, 'signUrls', 'Timestamp Authentication', itemIndex, true);
	const readAuthKey = (name: string, label: string, what: string) => {
		if (!sign) return undefined;
		if (isEmpty(name)) {
			throw inputError(
				this.getNode(),
				itemIndex,
				`${label} is required to sign ${what} URLs: enter the domain's auth key, or turn off Timestamp Authentication`,
			);
		}
		return getString.call(this, name, label, itemIndex, { maxLength: 128 });
	};

	const input: StreamUrlInput = { entryPoint, streamName };
	if (pushDomain) {
		input.push = {
			domain: pushDomain,
			protocols: readProtocols(this, 'pushProtocols', 'Push Protocols', PUSH_PROTOCOLS, itemIndex),
			authKey: readAuthKey('pushAuthKey', 'Push Auth Key', 'push'),
		};
	}
	if (playDomain) {
		input.play = {
			domain: playDomain,
			protocols: readProtocols(this, 'playProtocols', 'Play Protocols', PLAY_PROTOCOLS, itemIndex),
			authKey: readAuthKey('playAuthKey', 'Play Auth Key', 'play'),
			https: getBoolean.call(this, 'options.https', 'Play Over HTTPS', itemIndex, true),
		};
	}
	if (!sign) return { local: [{ ...buildStreamUrls(input), signed: false }] };

	input.ts = readExpiry.call(this, itemIndex);
	const expiresAt = isoSeconds(input.ts * 1000);
	return { local: [{ ...buildStreamUrls(input), signed: true, expiresAt, ts: input.ts }] };
}
