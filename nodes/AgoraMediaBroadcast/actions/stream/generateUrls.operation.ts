import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { agoraClock } from '../../../../credentials/common/agora';
import { entryPointLocator, streamNameField, optionsCollection } from '../../shared/fields';
import type { OperationPlan } from '../../shared/types';
import {
	assertOption,
	getBoolean,
	getDomain,
	getEntryPoint,
	getInteger,
	getStreamName,
	getOption,
	getString,
	inputError,
} from '../../shared/validation';
import { DATE_TIME_ZONE_TEXT, getDateTime, isoSeconds } from '../../shared/time';
import {
	buildStreamUrls,
	PLAY_PROTOCOLS,
	PUSH_PROTOCOLS,
	type PlayProtocol,
	type PushProtocol,
	type StreamUrlInput,
} from './streamUrls';

/** One year: Agora recommends 5 to 10 minutes; anything longer than this is surely a mistake. */
const MAX_EXPIRY_MINUTES = 525600;

/** The timestamp auth key of the push or play domain, asked for when the URLs are signed. */
function authKeyField(domain: 'Push' | 'Play', description: string): INodeProperties {
	return {
		displayName: `${domain} Auth Key`,
		name: `${domain.toLowerCase()}AuthKey`,
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description,
		displayOptions: { show: { signUrls: [true] } },
	};
}

/** What the editor calls each protocol (the protocols each side offers are listed in streamUrls.ts). */
const PROTOCOL_LABELS: Record<PushProtocol | PlayProtocol, string> = {
	rtmp: 'RTMP',
	rtmps: 'RTMPS',
	flv: 'HTTP-FLV',
	hls: 'HLS',
};

const protocolsParameter = (side: 'Push' | 'Play') => `${side.toLowerCase()}Protocols`;

/** Push or Play Protocols: every protocol that side offers, all chosen by default. */
function protocolsField(
	side: 'Push' | 'Play',
	protocols: readonly (PushProtocol | PlayProtocol)[],
	description: string,
): INodeProperties {
	return {
		displayName: `${side} Protocols`,
		name: protocolsParameter(side),
		type: 'multiOptions',
		options: protocols.map((value) => ({ name: PROTOCOL_LABELS[value], value })),
		default: [...protocols],
		description,
	};
}

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
	protocolsField(
		'Push',
		PUSH_PROTOCOLS,
		"Push URLs to build (with a 'Push Domain'). The OBS server and stream key use RTMP when chosen, else RTMPS.",
	),
	protocolsField('Play', PLAY_PROTOCOLS, "Play URLs to build (with a 'Play Domain')"),
	{
		displayName: 'Timestamp Authentication',
		name: 'signUrls',
		type: 'boolean',
		default: true,
		description:
			'Whether to sign the URLs with the domain auth key (ts and sign parameters). Agora refuses unsigned URLs on domains that have an auth key.',
	},
	authKeyField(
		'Push',
		'Timestamp auth key of the push domain (Domain → Get shows it, Domain → Set Timestamp Auth Key sets it). Needed for push URLs.',
	),
	authKeyField(
		'Play',
		'Timestamp auth key of the play domain. Each domain has its own key, so this is usually not the push key. Needed for play URLs.',
	),
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
	optionsCollection([
		{
			displayName: 'Play Over HTTPS',
			name: 'https',
			type: 'boolean',
			default: true,
			description:
				'Whether HTTP-FLV and HLS play URLs use https:// (the play domain needs a certificate) rather than http://',
		},
	]),
];

const displayOptions = { show: { resource: ['stream'], operation: ['generateUrls'] } };

export const description = showForOperation(displayOptions, properties);

/** A multi-options field of protocols (a comma-separated string from an expression works too). */
function readProtocols<T extends string>(
	this: IExecuteFunctions,
	side: 'Push' | 'Play',
	allowed: readonly T[],
	itemIndex: number,
): T[] {
	const node = this.getNode();
	const label = `${side} Protocols`;
	const raw = this.getNodeParameter(protocolsParameter(side), itemIndex, []) as unknown;
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
	const streamName = getStreamName.call(this, itemIndex);
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
			protocols: readProtocols.call(this, 'Push', PUSH_PROTOCOLS, itemIndex) as PushProtocol[],
			authKey: readAuthKey('pushAuthKey', 'Push Auth Key', 'push'),
		};
	}
	if (playDomain) {
		input.play = {
			domain: playDomain,
			protocols: readProtocols.call(this, 'Play', PLAY_PROTOCOLS, itemIndex) as PlayProtocol[],
			authKey: readAuthKey('playAuthKey', 'Play Auth Key', 'play'),
			https: getBoolean.call(this, 'options.https', 'Play Over HTTPS', itemIndex, true),
		};
	}
	if (!sign) return { local: [{ ...buildStreamUrls(input), signed: false }] };

	input.ts = readExpiry.call(this, itemIndex);
	const expiresAt = isoSeconds(input.ts * 1000);
	return { local: [{ ...buildStreamUrls(input), signed: true, expiresAt, ts: input.ts }] };
}
