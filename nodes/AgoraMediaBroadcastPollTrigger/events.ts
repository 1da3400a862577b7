import type { IDataObject } from 'n8n-workflow';

import { NCS_EVENTS, NCS_PRODUCT_ID } from '../AgoraMediaBroadcastTrigger/ncs';

/**
 * What the polling trigger can see, and the items it emits. Event names and field names are the NCS
 * trigger's (eventItem in ../AgoraMediaBroadcastTrigger/ncs.ts), so later nodes work with either
 * trigger; ban changes have no NCS event, so their names are the trigger's own.
 */
export const POLL_EVENTS = [
	{
		event: 'publish_start',
		label: 'Stream Went Live',
		description: 'A stream is live that was not at the previous poll (publish_start)',
	},
	{
		event: 'publish_end',
		label: 'Stream Ended',
		description: 'A stream seen live at the previous poll is no longer live (publish_end)',
	},
	{
		event: 'stream_banned',
		label: 'Stream Banned',
		description: 'A stream was added to the banned list, or its resume time changed',
	},
	{
		event: 'stream_unbanned',
		label: 'Stream Unbanned',
		description: 'A stream left the banned list: unbanned, or its ban expired',
	},
	{
		event: 'new_standard_record_file',
		label: 'Standard Record File',
		description:
			'A new standard recording file of a stream that is (or just was) live (new_standard_record_file)',
	},
] as const;

export type PollEventName = (typeof POLL_EVENTS)[number]['event'];

export const POLL_EVENT_NAMES: readonly string[] = POLL_EVENTS.map((e) => e.event);

const NCS_TYPE_BY_EVENT = new Map<string, number>(NCS_EVENTS.map((e) => [e.event, e.eventType]));

/** Seconds between two ISO times, rounded; null when either is unreadable. */
export function secondsBetween(fromIso: string, toIso: string): number | null {
	const from = Date.parse(fromIso);
	const to = Date.parse(toIso);
	if (Number.isNaN(from) || Number.isNaN(to)) return null;
	return Math.max(0, Math.round((to - from) / 1000));
}

/** Normalises an RFC 3339 time Agora sent to ISO (UTC); the text as sent when it is not a date. */
export function isoTime(value: unknown): string {
	if (typeof value !== 'string' || value.trim() === '') return '';
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/**
 * One output item. `eventTime` is when the change happened as far as Agora's lists tell (a stream's
 * start time, a file's end time) or, when they do not, the poll that saw it (`notifyTime`).
 * `noticeId` is derived from what happened, so the same change always has the same id.
 */
export function pollItem(options: {
	event: PollEventName;
	entryPoint: string;
	streamName: string;
	notifyTime: string;
	eventTime: string;
	fields?: IDataObject;
	raw: IDataObject;
}): IDataObject {
	const { event, entryPoint, streamName, notifyTime, eventTime } = options;
	return {
		event,
		eventType: NCS_TYPE_BY_EVENT.get(event) ?? null,
		noticeId: `poll:${event}:${entryPoint}:${streamName}:${eventTime}`,
		productId: NCS_PRODUCT_ID,
		notifyTime,
		eventTime,
		entryPoint,
		streamName,
		...(options.fields ?? {}),
		source: 'poll',
		raw: options.raw,
	};
}

/** The went-live item of a stream (a poll's change, or a "Fetch Test Event" sample). */
export function wentLiveItem(
	entryPoint: string,
	streamName: string,
	startTime: string,
	now: string,
): IDataObject {
	return pollItem({
		event: 'publish_start',
		entryPoint,
		streamName,
		notifyTime: now,
		eventTime: startTime || now,
		fields: { startTime },
		raw: { name: streamName, startTime },
	});
}
