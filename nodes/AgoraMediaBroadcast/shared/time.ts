import { getGlobalState } from 'n8n-workflow';
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { describe, inputError, isMissing } from './validation';

/**
 * Date-times sent to Agora (RFC 3339). n8n's date picker stores a wall-clock time without a zone
 * (`2026-12-01T10:00:00`); such a value means that time in the workflow's time zone (Workflow
 * Settings → Timezone, else the instance's), so it is read there and sent with that zone's offset
 * (`2026-12-01T10:00:00+01:00` in Europe/Berlin). A value that carries `Z` or an offset is kept as
 * given. Seconds are the finest unit sent (fractions are dropped, as Agora's examples have none).
 */

/** What every date-time field's description says about zones (the caller adds the final period). */
export const DATE_TIME_ZONE_TEXT =
	"A date and time without a zone (what the date picker gives) is read in the workflow's time zone; add Z or an offset such as +08:00 to use another zone";

/** The last isoSeconds answer: a run asks for the same second for item after item. */
let lastIsoSeconds = { ms: NaN, text: '' };

/** `2026-11-28T10:00:00Z` for an instant (the ISO form without milliseconds). */
export function isoSeconds(ms: number): string {
	if (ms !== lastIsoSeconds.ms)
		lastIsoSeconds = { ms, text: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') };
	return lastIsoSeconds.text;
}

const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

interface WallTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

/** Date.parse rolls 2026-02-30 over to March 2 and accepts hour 24: each field's range is checked. */
function inRange(wall: WallTime, offset: string | undefined): boolean {
	const daysInMonth = new Date(Date.UTC(wall.year, wall.month, 0)).getUTCDate();
	const offsetMatch = offset && /^[+-](\d{2}):?(\d{2})$/.exec(offset);
	return (
		wall.month >= 1 &&
		wall.month <= 12 &&
		wall.day >= 1 &&
		wall.day <= daysInMonth &&
		wall.hour <= 23 &&
		wall.minute <= 59 &&
		wall.second <= 59 &&
		(!offsetMatch || (Number(offsetMatch[1]) <= 23 && Number(offsetMatch[2]) <= 59))
	);
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

function formatWall(wall: WallTime): string {
	return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
}

function formatOffset(minutes: number): string {
	if (minutes === 0) return 'Z';
	const sign = minutes < 0 ? '-' : '+';
	const absolute = Math.abs(minutes);
	return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

/** The wall-clock fields of an instant in `timeZone` (Intl: no dependency, any IANA zone). */
function wallTimeIn(timeZone: string, ms: number): WallTime {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(ms));
	const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
	return {
		year: field('year'),
		month: field('month'),
		day: field('day'),
		hour: field('hour'),
		minute: field('minute'),
		second: field('second'),
	};
}

const wallAsUtc = (wall: WallTime) =>
	Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);

/** Minutes `timeZone` is ahead of UTC at the instant `ms`. */
function offsetMinutesAt(timeZone: string, ms: number): number {
	const whole = Math.floor(ms / 1000) * 1000;
	return Math.round((wallAsUtc(wallTimeIn(timeZone, whole)) - whole) / 60000);
}

/**
 * The RFC 3339 form of `wall` read in `timeZone`. Two passes find the offset in force at that wall
 * time (also across a DST change); a wall time that a DST change skips is moved forward by the gap.
 */
function zonedRfc3339(wall: WallTime, timeZone: string): string {
	const asUtc = wallAsUtc(wall);
	let instant = asUtc - offsetMinutesAt(timeZone, asUtc) * 60000;
	instant = asUtc - offsetMinutesAt(timeZone, instant) * 60000;
	return `${formatWall(wallTimeIn(timeZone, instant))}${formatOffset(offsetMinutesAt(timeZone, instant))}`;
}

/**
 * The zone a workflow's time zone setting stands for. n8n keeps a saved "DEFAULT" as is (the editor
 * strips it, but `n8n import:workflow` and the REST API keep it) and `getTimezone()` returns it
 * unchanged; n8n itself reads "DEFAULT" and an empty setting as the instance's GENERIC_TIMEZONE
 * (resolveTimezone in its poll-trigger scheduler), which it puts in n8n-workflow's global state at
 * start-up. The node resolves it the same way. `undefined`: the instance's zone is not known to the
 * node (an n8n-workflow without that global state).
 */
function resolveTimeZone(workflowTimeZone: string): string | undefined {
	if (workflowTimeZone && workflowTimeZone !== 'DEFAULT') return workflowTimeZone;
	try {
		const instanceTimeZone = getGlobalState().defaultTimezone;
		return typeof instanceTimeZone === 'string' && instanceTimeZone ? instanceTimeZone : undefined;
	} catch {
		return undefined;
	}
}

function unknownTimeZone(
	node: INode,
	label: string,
	itemIndex: number,
	workflowTimeZone: string,
	timeZone: string | undefined,
) {
	const fix = 'or give the time with Z or an offset such as +08:00.';
	if (timeZone === workflowTimeZone) {
		return inputError(
			node,
			itemIndex,
			`${label} has no time zone and the workflow's time zone "${workflowTimeZone}" is not one this machine knows`,
			`Set the time zone in Workflow Settings, ${fix}`,
		);
	}
	if (timeZone !== undefined) {
		return inputError(
			node,
			itemIndex,
			`${label} has no time zone and the instance's time zone "${timeZone}" (the workflow's is "${workflowTimeZone}") is not one this machine knows`,
			`Set GENERIC_TIMEZONE to an IANA zone such as Europe/Berlin, pick a time zone in Workflow Settings, ${fix}`,
		);
	}
	return inputError(
		node,
		itemIndex,
		`${label} has no time zone and the workflow's time zone is "${workflowTimeZone}" (the instance's default, as saved by a workflow import or n8n's API), which this n8n does not tell the node`,
		`Pick a time zone in Workflow Settings and save the workflow, ${fix}`,
	);
}

function invalid(node: INode, value: unknown, label: string, itemIndex: number) {
	return inputError(
		node,
		itemIndex,
		`${label} ${describe(value)} is not a valid date and time: use RFC 3339, e.g. 2026-11-28T10:00:00 (the workflow's time zone), 2026-11-28T10:00:00Z or 2026-11-28T18:00:00+08:00`,
	);
}

/**
 * Turns a date-time picker value, an ISO string or an expression result (Date, Luxon DateTime) into
 * the RFC 3339 text sent to Agora. Zone-less text is read in `timeZone` (the workflow's setting, as
 * `getTimezone()` gives it: "DEFAULT" or empty is the instance's zone); text with a zone keeps it;
 * a Luxon DateTime keeps its own zone; a Date (an instant with no zone) is sent in UTC.
 */
function toRfc3339(
	node: INode,
	value: unknown,
	label: string,
	itemIndex: number,
	timeZone: string,
): string {
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw invalid(node, value, label, itemIndex);
		return isoSeconds(value.getTime());
	}
	let text: string;
	if (
		value &&
		typeof value === 'object' &&
		typeof (value as { toISO?: unknown }).toISO === 'function'
	) {
		text = String((value as { toISO: () => unknown }).toISO());
	} else if (typeof value === 'string') {
		text = value.trim();
	} else {
		throw invalid(node, value, label, itemIndex);
	}
	const match = DATE_TIME.exec(text);
	if (!match) throw invalid(node, value, label, itemIndex);
	const [year, month, day, hour, minute, second] = match
		.slice(1, 7)
		.map((part) => (part === undefined ? 0 : Number(part)));
	const wall: WallTime = { year, month, day, hour, minute, second };
	const zone = match[7];
	if (!inRange(wall, zone)) throw invalid(node, value, label, itemIndex);
	if (zone !== undefined) {
		const offset =
			zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
		return `${formatWall(wall)}${offset}`;
	}
	const zoneToRead = resolveTimeZone(timeZone);
	if (zoneToRead === undefined) throw unknownTimeZone(node, label, itemIndex, timeZone, undefined);
	try {
		return zonedRfc3339(wall, zoneToRead);
	} catch {
		throw unknownTimeZone(node, label, itemIndex, timeZone, zoneToRead);
	}
}

/** Reads an optional (or required) date-time parameter; see toRfc3339 for the zone rules. */
export function getDateTime(
	this: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	options: { required?: boolean } = {},
): string | undefined {
	const value = this.getNodeParameter(name, itemIndex, '') as unknown;
	if (isMissing(value)) {
		if (options.required) throw inputError(this.getNode(), itemIndex, `${label} is required`);
		return undefined;
	}
	return toRfc3339(this.getNode(), value, label, itemIndex, this.getTimezone());
}
