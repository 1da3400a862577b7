import { createHmac, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * Agora's Notification Center Service (NCS) events for Media Broadcast (reference §14.1).
 * The event is identified by its `eventType` NUMBER: the docs copy-paste wrong eventNames for 102 and
 * 103 (reference §19.7), so the name sent in the payload is never trusted; the canonical name below is.
 */
export const NCS_PRODUCT_ID = 7;

export const NCS_EVENTS = [
	{
		event: 'publish_start',
		eventType: 1,
		label: 'Publish Start',
		description: 'A stream started publishing: it is live (eventType 1)',
	},
	{
		event: 'publish_end',
		eventType: 2,
		label: 'Publish End',
		description: 'A stream stopped publishing (eventType 2)',
	},
	{
		event: 'publish_media_info',
		eventType: 11,
		label: 'Publish Media Info',
		description: 'Codec, frame rate, bitrate and size of a live stream (eventType 11)',
	},
	{
		event: 'new_custom_record_file',
		eventType: 3,
		label: 'Custom Record File',
		description: 'A custom recording file is ready (eventType 3)',
	},
	{
		event: 'new_custom_snapshot_file',
		eventType: 4,
		label: 'Custom Snapshot File',
		description: 'A custom snapshot file is ready (eventType 4)',
	},
	{
		event: 'new_custom_moderation_result',
		eventType: 5,
		label: 'Custom Moderation Result',
		description: 'A custom moderation result: suggestion pass, review or block (eventType 5)',
	},
	{
		event: 'new_standard_record_file',
		eventType: 101,
		label: 'Standard Record File',
		description: 'A standard recording file is ready (eventType 101)',
	},
	{
		event: 'new_standard_snapshot_file',
		eventType: 102,
		label: 'Standard Snapshot File',
		description: 'A standard snapshot file is ready (eventType 102)',
	},
	{
		event: 'new_standard_moderation_result',
		eventType: 103,
		label: 'Standard Moderation Result',
		description: 'A standard moderation result: suggestion pass, review or block (eventType 103)',
	},
] as const;

export const ANY_EVENT = '*';

const EVENT_BY_TYPE = new Map<number, string>(NCS_EVENTS.map((e) => [e.eventType, e.event]));
const TYPE_BY_EVENT = new Map<string, number>(NCS_EVENTS.map((e) => [e.event, e.eventType]));

/** Canonical event name for an eventType, or undefined when Agora sent a type we do not know. */
export function eventNameForType(eventType: number): string | undefined {
	return EVENT_BY_TYPE.get(eventType);
}

/** The eventType numbers selected by the user's event names (`*` = all). */
export function selectedEventTypes(events: string[]): Set<number> {
	if (events.includes(ANY_EVENT)) return new Set(EVENT_BY_TYPE.keys());
	const types = new Set<number>();
	for (const name of events) {
		const type = TYPE_BY_EVENT.get(name);
		if (type !== undefined) types.add(type);
	}
	return types;
}

/**
 * Verifies `Agora-Signature-V2`: lowercase/uppercase hex HMAC-SHA256 of the raw body bytes keyed with
 * the secret. Constant-time comparison; anything that is not exactly 64 hex digits fails.
 */
export function verifySignatureV2(secret: string, rawBody: Buffer, header: unknown): boolean {
	if (typeof secret !== 'string' || secret === '') return false;
	if (typeof header !== 'string') return false;
	const given = header.trim();
	if (!/^[0-9a-fA-F]{64}$/.test(given)) return false;
	const expected = createHmac('sha256', secret).update(rawBody).digest();
	return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** Hex HMAC-SHA256 of the body, as Agora computes `Agora-Signature-V2`. */
export function signatureV2(secret: string, rawBody: Buffer | string): string {
	return createHmac('sha256', secret).update(rawBody).digest('hex');
}

function isPlainObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function toIso(ms: unknown): string | null {
	const n = typeof ms === 'string' && ms.trim() !== '' ? Number(ms) : ms;
	if (typeof n !== 'number' || !Number.isFinite(n)) return null;
	const date = new Date(n);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Keys n8n's deepCopy drops and that change a plain object's prototype when assigned. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Numbers that the docs type as int but whose examples send as strings (reference §14.1, §19.7). */
const NUMERIC_PAYLOAD_FIELDS = [
	'videoFps',
	'videoRate',
	'height',
	'width',
	'startTime',
	'endTime',
	'duration',
	'fileSize',
];

function toNumber<T>(value: T): T | number {
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
		return Number(value);
	return value;
}

export interface NcsEnvelope extends IDataObject {
	noticeId?: string;
	productId?: number;
	eventType: number;
	notifyMs?: number;
	eventMs?: number;
	payload?: IDataObject;
}

/** Reads the envelope fields the trigger relies on; undefined when this is not an NCS event. */
export function readEnvelope(parsed: unknown): NcsEnvelope | undefined {
	if (!isPlainObject(parsed)) return undefined;
	const eventType =
		typeof parsed.eventType === 'string' ? Number(parsed.eventType) : parsed.eventType;
	if (typeof eventType !== 'number' || !Number.isInteger(eventType)) return undefined;
	if (parsed.payload !== undefined && !isPlainObject(parsed.payload)) return undefined;
	return { ...parsed, eventType } as NcsEnvelope;
}

/**
 * One output item per event: the canonical event name and type, the envelope's ids and times (ISO),
 * the payload flattened for easy mapping (moderation scores, media info as numbers) and the untouched
 * envelope under `raw`.
 */
export function eventItem(envelope: NcsEnvelope, raw: IDataObject): IDataObject {
	const payload = isPlainObject(envelope.payload) ? envelope.payload : {};
	// Built from entries (own properties, whatever the key): assigning a key such as `__proto__` to
	// a plain object would change its prototype instead. Those keys are left out (n8n drops them too).
	const entries: Array<[string, unknown]> = [];
	for (const [key, value] of Object.entries(payload)) {
		if (key === 'eventName' || key === 'results' || RESERVED_KEYS.has(key)) continue;
		entries.push([key, NUMERIC_PAYLOAD_FIELDS.includes(key) ? toNumber(value) : value]);
	}
	const results = isPlainObject(payload.results) ? payload.results : undefined;
	const porn = results && isPlainObject(results.porn) ? results.porn : undefined;
	if (porn) {
		if (porn.scene !== undefined) entries.push(['scene', porn.scene]);
		const outputs = isPlainObject(porn.outputs) ? porn.outputs : {};
		for (const [label, score] of Object.entries(outputs))
			if (!RESERVED_KEYS.has(label)) entries.push([`${label}Score`, toNumber(score)]);
	}
	const flat = Object.fromEntries(entries) as IDataObject;
	const notifyTime = toIso(envelope.notifyMs);
	return {
		event: eventNameForType(envelope.eventType) ?? null,
		eventType: envelope.eventType,
		noticeId: envelope.noticeId ?? null,
		productId: envelope.productId ?? null,
		notifyTime,
		eventTime: toIso(envelope.eventMs) ?? notifyTime,
		...flat,
		raw,
	};
}

/** Matches a name against a comma-separated list of names; `*` in a name matches any characters. */
export function matchesList(value: unknown, list: string): boolean {
	const patterns = list
		.split(',')
		.map((p) => p.trim())
		.filter((p) => p !== '');
	if (patterns.length === 0) return true;
	if (typeof value !== 'string') return false;
	return patterns.some((pattern) => {
		if (!pattern.includes('*')) return pattern === value;
		const regex = new RegExp(
			`^${pattern
				.split('*')
				.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
				.join('.*')}$`,
		);
		return regex.test(value);
	});
}
