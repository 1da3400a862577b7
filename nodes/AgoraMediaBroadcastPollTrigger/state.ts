import type { IDataObject } from 'n8n-workflow';

/**
 * What the polling trigger remembers between polls, in memory and as saved in the node's static
 * data. Stream and entry point names are never object keys: in memory they key Maps, in static data
 * they are values of [name, value] pairs. A name such as `__proto__` or `constructor` as a key of a
 * plain object changes or hides the object's prototype, and n8n's deepCopy drops such keys.
 */

/** Live streams of an entry point: stream name → start time (ISO). */
export type LiveStreams = Map<string, string>;
/** Banned streams of an entry point: stream name → resume time (ISO, '' when Agora gave none). */
export type BannedStreams = Map<string, string>;

/** Recording files of one stream still being looked for. */
export interface FileWatch {
	/** Files that started before this are not new (the session start, or the poll that first saw it). */
	since: string;
	/** When the poll saw the stream end; the watch stops a while after (FILE_WATCH_AFTER_END_MS). */
	endedAt?: string;
	/** Last successful check. */
	checkedAt?: string;
	/** File names already emitted (or already there), the newest last. */
	seen: string[];
}

/** What the trigger remembers about one entry point between polls. */
export interface EntryPointState {
	/** The poll that last checked this entry point. */
	checkedAt: string;
	live?: LiveStreams;
	banned?: BannedStreams;
	files?: Map<string, FileWatch>;
}

/** Kept in the node's static data (`pollState`) after each poll. */
export interface PollState {
	/** The settings the state was recorded with: other settings start over (silently). */
	config: string;
	/** The first poll with these settings: streams live before it were there when the trigger started. */
	startedAt: string;
	polledAt: string;
	/** Entry points that existed at the last poll (all of them, checked or not). */
	known: string[];
	/** Where the next poll starts when the request cap leaves entry points for later (round robin). */
	next: number;
	entryPoints: Map<string, EntryPointState>;
}

type Pairs<T> = Array<[string, T]>;

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Pairs (version 2) or an object's own entries (version 1) as a Map; anything else is empty. */
function mapOf<T>(value: unknown, isValue: (v: unknown) => v is T): Map<string, T> {
	const entries: unknown[] = Array.isArray(value)
		? value
		: isObject(value)
			? Object.entries(value)
			: [];
	const map = new Map<string, T>();
	for (const entry of entries) {
		if (!Array.isArray(entry) || entry.length !== 2) continue;
		const [name, item] = entry as [unknown, unknown];
		if (typeof name === 'string' && isValue(item)) map.set(name, item);
	}
	return map;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isWatch = (v: unknown): v is FileWatch =>
	isObject(v) && typeof v.since === 'string' && Array.isArray(v.seen);
const isEntryPoint = (v: unknown): v is IDataObject =>
	isObject(v) && typeof v.checkedAt === 'string';

function entryPointOf(saved: IDataObject): EntryPointState {
	const state: EntryPointState = { checkedAt: saved.checkedAt as string };
	if (saved.live !== undefined) state.live = mapOf(saved.live, isString);
	if (saved.banned !== undefined) state.banned = mapOf(saved.banned, isString);
	if (saved.files !== undefined) state.files = mapOf(saved.files, isWatch);
	return state;
}

/** The saved state (version 2, or 1 as 0.3 saved it with names as keys); undefined when unreadable. */
export function readState(saved: unknown): PollState | undefined {
	if (!isObject(saved) || (saved.version !== 1 && saved.version !== 2)) return undefined;
	const { config, startedAt, polledAt, known, next } = saved;
	if (typeof config !== 'string' || typeof startedAt !== 'string' || typeof polledAt !== 'string')
		return undefined;
	const entryPoints = new Map<string, EntryPointState>();
	for (const [name, entry] of mapOf(saved.entryPoints, isEntryPoint))
		entryPoints.set(name, entryPointOf(entry));
	return {
		config,
		startedAt,
		polledAt,
		known: Array.isArray(known) ? known.filter(isString) : [],
		next: typeof next === 'number' && Number.isInteger(next) ? next : 0,
		entryPoints,
	};
}

const pairs = <T>(map: Map<string, T>): Pairs<T> => [...map];

/** The state as saved in static data (JSON: names only as values). */
export function savedState(state: PollState): IDataObject {
	const entryPoints: Pairs<IDataObject> = [];
	for (const [name, entry] of state.entryPoints) {
		const saved: IDataObject = { checkedAt: entry.checkedAt };
		if (entry.live) saved.live = pairs(entry.live);
		if (entry.banned) saved.banned = pairs(entry.banned);
		if (entry.files)
			saved.files = pairs(entry.files).map(([stream, watch]) => [stream, { ...watch }]);
		entryPoints.push([name, saved]);
	}
	return {
		version: 2,
		config: state.config,
		startedAt: state.startedAt,
		polledAt: state.polledAt,
		known: [...state.known],
		next: state.next,
		entryPoints: entryPoints as unknown as IDataObject[],
	};
}
