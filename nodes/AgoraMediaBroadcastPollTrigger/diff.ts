import type { IDataObject } from 'n8n-workflow';

import type { PollEventName } from './events';
import { pollItem, secondsBetween, wentLiveItem } from './events';
import type { BannedStreams, EntryPointState, FileWatch, LiveStreams } from './state';

/** What one poll saw of an entry point; `gone` when it no longer exists. */
export type Observation =
	| { gone: true }
	| { gone?: false; live?: LiveStreams; banned?: BannedStreams };

/** Files are still looked for this long after the poll that saw their stream end. */
export const FILE_WATCH_AFTER_END_MS = 10 * 60 * 1000;
/** File names remembered per stream (dedupe); the oldest are forgotten first. */
export const SEEN_FILES_KEPT = 200;

export interface DiffContext {
	events: Set<PollEventName>;
	/** This poll's time (ISO). */
	now: string;
	/** Whether recording files are watched (the event is chosen). */
	watchFiles: boolean;
}

/**
 * Compares what a poll saw of one entry point with what the previous poll recorded.
 * `previous` undefined = nothing to compare with (first poll, or an entry point not checked yet):
 * the state is recorded and nothing is emitted. Returns the items and the entry point's new state
 * (undefined when it is gone).
 */
export function diffEntryPoint(
	entryPoint: string,
	previous: EntryPointState | undefined,
	observation: Observation,
	context: DiffContext,
): { items: IDataObject[]; state: EntryPointState | undefined } {
	const { events, now } = context;
	const items: IDataObject[] = [];
	const emit = (event: PollEventName, item: Parameters<typeof pollItem>[0]) => {
		if (events.has(event)) items.push(pollItem(item));
	};
	const ended = (streamName: string, startTime: string, extra: IDataObject = {}) =>
		emit('publish_end', {
			event: 'publish_end',
			entryPoint,
			streamName,
			notifyTime: now,
			eventTime: now,
			fields: {
				startTime,
				// Agora's list only says the stream is gone: it ended between the previous check and now.
				endTime: now,
				duration: secondsBetween(startTime, now),
				lastSeenLiveTime: previous?.checkedAt ?? null,
				...extra,
			},
			raw: { name: streamName, startTime },
		});

	if (observation.gone === true) {
		// The entry point was deleted: its live streams are over (each "went live" gets its "ended");
		// its bans and file watches went with it, so nothing else is emitted.
		for (const [streamName, startTime] of previous?.live ?? [])
			ended(streamName, startTime, { entryPointDeleted: true });
		return { items, state: undefined };
	}

	const state: EntryPointState = { checkedAt: now };
	if (previous?.files) state.files = new Map(previous.files);

	if (observation.live !== undefined) {
		state.live = observation.live;
		if (previous !== undefined) {
			const before = previous.live ?? new Map<string, string>();
			for (const [streamName, startTime] of before) {
				// Gone, or live again with another start time (it ended and restarted between two polls).
				if (observation.live.get(streamName) !== startTime) ended(streamName, startTime);
			}
			for (const [streamName, startTime] of observation.live) {
				if (before.get(streamName) === startTime || !events.has('publish_start')) continue;
				items.push(wentLiveItem(entryPoint, streamName, startTime, now));
			}
		}
		if (context.watchFiles) state.files = watchFiles(previous, observation.live, now);
	}

	if (observation.banned !== undefined) {
		state.banned = observation.banned;
		if (previous !== undefined && previous.banned !== undefined) {
			const before = previous.banned;
			for (const [streamName, resumeTime] of observation.banned) {
				if (before.get(streamName) === resumeTime) continue;
				emit('stream_banned', {
					event: 'stream_banned',
					entryPoint,
					streamName,
					notifyTime: now,
					eventTime: now,
					fields: { resumeTime: resumeTime || null, updated: before.has(streamName) },
					raw: { name: streamName, resumeTime },
				});
			}
			for (const [streamName, resumeTime] of before) {
				if (observation.banned.has(streamName)) continue;
				const resumeMs = Date.parse(resumeTime);
				emit('stream_unbanned', {
					event: 'stream_unbanned',
					entryPoint,
					streamName,
					notifyTime: now,
					eventTime: now,
					// The list cannot tell an unban from an expiry; a resume time already passed says which.
					fields: {
						resumeTime: resumeTime || null,
						expired: !Number.isNaN(resumeMs) && resumeMs <= Date.parse(now),
					},
					raw: { name: streamName, resumeTime },
				});
			}
		}
	}
	return { items, state };
}

/**
 * The streams whose recording files are looked for: every live stream (files that started after it
 * went live, or after the trigger first saw it), and ended ones for FILE_WATCH_AFTER_END_MS more,
 * because Agora lists a recording file once the stream has stopped writing it.
 */
function watchFiles(
	previous: EntryPointState | undefined,
	live: LiveStreams,
	now: string,
): Map<string, FileWatch> {
	const next = new Map<string, FileWatch>();
	for (const [streamName, watch] of previous?.files ?? []) {
		const stillLive = live.has(streamName);
		const endedAt = stillLive ? undefined : (watch.endedAt ?? now);
		if (endedAt !== undefined && watch.checkedAt !== undefined) {
			const checkedAfterEnd = Date.parse(watch.checkedAt) - Date.parse(endedAt);
			if (checkedAfterEnd >= FILE_WATCH_AFTER_END_MS) continue; // looked long enough
		}
		const kept: FileWatch = { ...watch, ...(endedAt !== undefined ? { endedAt } : {}) };
		if (stillLive) delete kept.endedAt;
		next.set(streamName, kept);
	}
	for (const [streamName, startTime] of live) {
		if (next.has(streamName)) continue;
		// A stream this poll saw go live: its files from its start are new. A stream that was already
		// live when the trigger first looked: only files from now on.
		const wentLiveNow = previous !== undefined && !(previous.live?.has(streamName) ?? false);
		const since = wentLiveNow && startTime ? startTime : now;
		next.set(streamName, { since, seen: [] });
	}
	return next;
}

/**
 * New files of one stream from a Get Many Files answer: not seen before and not older than the watch.
 * Returns the items and the updated watch.
 */
export function diffFiles(
	entryPoint: string,
	streamName: string,
	region: string,
	watch: FileWatch,
	files: IDataObject[],
	context: DiffContext,
): { items: IDataObject[]; watch: FileWatch } {
	const seen = new Set(watch.seen);
	const sinceMs = Date.parse(watch.since);
	const items: IDataObject[] = [];
	const added: string[] = [];
	for (const file of files) {
		const fileName = typeof file.fileName === 'string' ? file.fileName : '';
		if (fileName === '' || seen.has(fileName)) continue;
		seen.add(fileName);
		added.push(fileName);
		const startMs = Date.parse(String(file.startTime ?? ''));
		if (!Number.isNaN(sinceMs) && !Number.isNaN(startMs) && startMs < sinceMs) continue;
		const endTime = typeof file.endTime === 'string' ? file.endTime : '';
		items.push(
			pollItem({
				event: 'new_standard_record_file',
				entryPoint,
				streamName,
				notifyTime: context.now,
				eventTime: endTime || context.now,
				fields: {
					fileName,
					startTime: file.startTime ?? null,
					endTime: file.endTime ?? null,
					duration:
						typeof file.startTime === 'string' && endTime
							? secondsBetween(file.startTime, endTime)
							: null,
					region,
				},
				raw: file,
			}),
		);
	}
	return {
		items,
		watch: {
			...watch,
			checkedAt: context.now,
			seen: [...watch.seen, ...added].slice(-SEEN_FILES_KEPT),
		},
	};
}
