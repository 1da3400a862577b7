import type { IDataObject } from 'n8n-workflow';

import { CALLBACK_TOKEN_PARAMETER } from '../AgoraMediaBroadcast/api';

export type TriggerMode = 'events' | 'originAuth' | 'streamTransfer' | 'pullFromOrigin';
export type CallbackMode = Exclude<TriggerMode, 'events'>;
/** The two callbacks that ask the workflow where a stream goes; Agora documents no signature for them. */
export type LookupMode = Exclude<CallbackMode, 'originAuth'>;

export const CALLBACK_MODES: CallbackMode[] = ['originAuth', 'streamTransfer', 'pullFromOrigin'];

/**
 * The query parameter carrying the trigger's token in the URL registered with Agora for stream
 * transfer and pull from origin. Never copied into the workflow's items.
 */
export const TOKEN_PARAMETER = CALLBACK_TOKEN_PARAMETER;

/**
 * The callback parameters, under every spelling the docs use or may use: origin authentication lists
 * camelCase names (reference §4.4), the transfer and pull callbacks snake_case query parameters
 * (§9.3, §7.3).
 */
const FIELD_SPELLINGS: Record<string, string[]> = {
	entryPoint: ['entryPoint', 'entry_point', 'entrypoint', 'app'],
	streamName: ['streamName', 'stream_name', 'streamname', 'stream'],
	host: ['host', 'domain'],
	clientIp: ['clientIp', 'client_ip', 'clientip'],
	cdnIp: ['cdnIp', 'cdn_ip', 'cdnip'],
	token: ['token'],
	requestId: ['requestId', 'request_id', 'requestid'],
};

/** The fields each callback outputs (the rest of what Agora sent stays under `body`, and `query` when unsigned). */
const FIELDS_BY_MODE: Record<CallbackMode, string[]> = {
	originAuth: ['host', 'entryPoint', 'streamName', 'clientIp', 'cdnIp', 'token', 'requestId'],
	streamTransfer: ['entryPoint', 'streamName'],
	pullFromOrigin: ['entryPoint', 'streamName'],
};

function firstValue(value: unknown): unknown {
	return Array.isArray(value) ? value[0] : value;
}

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

function pick(sources: IDataObject[], spellings: string[]): string | null {
	for (const source of sources) {
		for (const key of spellings) {
			if (!hasOwn(source, key)) continue;
			const value = firstValue(source[key]);
			if (value === undefined || value === null || value === '') continue;
			return typeof value === 'object' ? JSON.stringify(value) : String(value);
		}
	}
	return null;
}

/**
 * The callback's fields, read from `sources` in order (the first that has a value wins). A signed
 * origin-authentication request passes only its signed body; unsigned callbacks pass body and query.
 */
export function callbackFields(mode: CallbackMode, sources: IDataObject[]): IDataObject {
	const fields: IDataObject = {};
	for (const name of FIELDS_BY_MODE[mode]) fields[name] = pick(sources, FIELD_SPELLINGS[name]);
	return fields;
}

function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The body as an object, parsed from the exact bytes received (so what the workflow sees is what was
 * signed): a JSON object, or an `application/x-www-form-urlencoded` form. Undefined when it is
 * neither; an empty body gives {}.
 */
export function parseCallbackBody(raw: Buffer, contentType: unknown): IDataObject | undefined {
	const text = raw.toString('utf8').trim();
	if (text === '') return {};
	const type = typeof contentType === 'string' ? contentType.toLowerCase() : '';
	if (type.includes('application/x-www-form-urlencoded')) {
		// Own properties whatever the key (`__proto__=…` must not set the prototype); the last one wins.
		return Object.fromEntries(new URLSearchParams(text)) as IDataObject;
	}
	try {
		const parsed: unknown = JSON.parse(text);
		return isPlainObject(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The query without the trigger's token. When Agora appends its parameters to the registered URL
 * with a second "?" (`…?n8nToken=T?entry_point=live&stream_name=s`), the token's value carries them:
 * they are split off and kept.
 */
export function splitToken(query: IDataObject): { token: string | null; query: IDataObject } {
	const rest: IDataObject = { ...query };
	const rawToken = hasOwn(rest, TOKEN_PARAMETER) ? firstValue(rest[TOKEN_PARAMETER]) : undefined;
	delete rest[TOKEN_PARAMETER];
	if (typeof rawToken !== 'string') return { token: null, query: rest };
	const at = rawToken.indexOf('?');
	if (at < 0) return { token: rawToken, query: rest };
	const appended = new Map<string, string>();
	for (const [key, value] of new URLSearchParams(rawToken.slice(at + 1)))
		if (!hasOwn(rest, key) && !appended.has(key)) appended.set(key, value);
	return { token: rawToken.slice(0, at), query: { ...rest, ...Object.fromEntries(appended) } };
}

/** Whether `ip` is in a comma-separated list of IPv4/IPv6 addresses and IPv4 CIDR ranges. */
export function ipAllowed(ip: unknown, list: string): boolean {
	if (typeof ip !== 'string' || ip === '') return false;
	const address = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
	return list
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '')
		.some((entry) => {
			if (!entry.includes('/')) return entry === address;
			const [base, bitsText] = entry.split('/');
			const bits = Number(bitsText);
			const a = ipv4ToNumber(address);
			const b = ipv4ToNumber(base);
			if (a === undefined || b === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32)
				return false;
			const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
			return (a & mask) >>> 0 === (b & mask) >>> 0;
		});
}

function ipv4ToNumber(ip: string): number | undefined {
	const parts = ip.split('.');
	if (parts.length !== 4) return undefined;
	let value = 0;
	for (const part of parts) {
		if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
		value = value * 256 + Number(part);
	}
	return value;
}
