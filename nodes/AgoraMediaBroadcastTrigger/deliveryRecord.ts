import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { MemoryPolicy } from './dedupe';
import { DELIVERY_MEMORY, firstSighting, learn, rememberedIds } from './dedupe';

/**
 * The record of deliveries kept in the trigger node's static data: what outlives a restart and what
 * n8n's other webhook processes see. n8n 2.41 loads a production webhook's static data from the
 * database for every request and writes the whole copy back, when the node changed it, before the
 * answer is sent; but not when the request started an execution (recordHandOff.ts says why and how
 * the trigger gets it saved anyway). A process writing its copy can drop ids another process wrote
 * meanwhile: every write also puts back what this process remembers that the record lacks.
 */

export interface RecordPolicy {
	/** The field of the node's static data. */
	field: string;
	/** How long an id stays in the record. */
	ttlMs: number;
	/** At most this many ids, the newest. */
	cap: number;
	/** The same ids in this process's memory (dedupe.ts). */
	memory: MemoryPolicy;
}

/** Stream events: an id stays 1 h (Agora retries within minutes), at most 3,000 ids (about 90 KB). */
export const DELIVERY_RECORD: Omit<RecordPolicy, 'memory'> = {
	field: 'deliveryRecord',
	ttlMs: 60 * 60 * 1000,
	cap: 3000,
};

export const EVENT_RECORD: RecordPolicy = { ...DELIVERY_RECORD, memory: DELIVERY_MEMORY };

/**
 * Agora's origin-authentication request carries no time (reference §4.4), so a signed request is
 * refused as a replay only within this window: the same viewer playing the same stream again from
 * the same address sends the same bytes, and must not be denied for longer.
 */
export const ORIGIN_AUTH_REPLAY_WINDOW_MS = 10_000;

export const ORIGIN_AUTH_RECORD: RecordPolicy = {
	field: 'originAuthRecord',
	ttlMs: ORIGIN_AUTH_REPLAY_WINDOW_MS,
	cap: 1000,
	memory: { retentionMs: ORIGIN_AUTH_REPLAY_WINDOW_MS, minKept: 0, maxKept: 100_000 },
};

/** As stored: parallel arrays, oldest first; ids hashed (16 base64url characters), times in seconds. */
interface StoredRecord {
	v: 1;
	ids: string[];
	at: number[];
}

/** 96 bits of SHA-256: no noticeId or body reaches static data, and collisions are out of reach. */
export function recordKey(id: string): string {
	return createHash('sha256').update(id).digest('base64url').slice(0, 16);
}

function load(value: unknown, oldestSec: number): Map<string, number> {
	const entries = new Map<string, number>();
	if (value === null || typeof value !== 'object') return entries;
	const { ids, at } = value as Partial<StoredRecord>;
	if (!Array.isArray(ids) || !Array.isArray(at) || ids.length !== at.length) return entries;
	ids.forEach((key, i) => {
		const seconds = at[i];
		if (typeof key === 'string' && typeof seconds === 'number' && seconds >= oldestSec)
			entries.set(key, Math.max(seconds, entries.get(key) ?? 0));
	});
	return entries;
}

function store(entries: Map<string, number>, cap: number): StoredRecord {
	const list = [...entries];
	// Loaded oldest first and new ids appended: sorted already unless ids were put back.
	const inOrder = list.every((entry, i) => i === 0 || list[i - 1][1] <= entry[1]);
	const sorted = (inOrder ? list : list.sort((a, b) => a[1] - b[1])).slice(-cap);
	return { v: 1, ids: sorted.map(([key]) => key), at: sorted.map(([, at]) => at) };
}

/** Ids this process saw or learned within a record's ttl, per scope (what it puts back). */
const recentByScope = new Map<string, Map<string, number>>();

function remember(scope: string, key: string, atMs: number, policy: RecordPolicy, now: number) {
	let recent = recentByScope.get(scope);
	if (!recent) {
		for (const [other, ids] of recentByScope) {
			const newest = [...ids.values()].pop() ?? 0;
			if (now - newest > policy.ttlMs) recentByScope.delete(other);
		}
		recent = new Map();
		recentByScope.set(scope, recent);
	}
	recent.delete(key);
	recent.set(key, atMs);
	for (const [id, at] of recent) {
		if (recent.size <= policy.cap && now - at <= policy.ttlMs) break;
		recent.delete(id);
	}
}

/** A record's keys and times (seconds), loaded; `full` when it holds `cap` keys. */
interface Loaded {
	record: Map<string, number>;
	nowSec: number;
	/** Whether a key first seen at `at` (seconds) still belongs in the record. */
	belongs: (at: number) => boolean;
}

function loadFor(staticData: IDataObject, policy: RecordPolicy, now: number): Loaded {
	const nowSec = Math.floor(now / 1000);
	const oldestKept = nowSec - Math.floor(policy.ttlMs / 1000);
	const record = load(staticData[policy.field], oldestKept);
	// Ids older than the oldest one a full record holds were dropped by its cap, not lost: not put back.
	const full = record.size >= policy.cap;
	let fullFrom = Infinity;
	if (full) for (const at of record.values()) fullFrom = Math.min(fullFrom, at);
	return { record, nowSec, belongs: (at) => (full ? at > fullFrom : at >= oldestKept) };
}

/** Adds `entries` ([key, seconds]) that belong and are missing; true when the record changed. */
function addMissing(loaded: Loaded, entries: Iterable<[string, number]>): boolean {
	let changed = false;
	for (const [key, at] of entries) {
		if (loaded.record.has(key) || !loaded.belongs(at)) continue;
		loaded.record.set(key, at);
		changed = true;
	}
	return changed;
}

function recentEntriesOf(scope: string): Array<[string, number]> {
	return [...(recentByScope.get(scope) ?? [])].map(([key, atMs]) => [key, Math.floor(atMs / 1000)]);
}

/**
 * Whether `ids` (one delivery's ids) are all new for this node: each is checked against this
 * process's memory (a synchronous check-and-set) and against the record loaded with this request,
 * and recorded in both whatever the answer. The record is written back (n8n saves it, unless the
 * request starts an execution) when it lacks one of these ids or one this process remembers.
 */
export function firstDelivery(
	staticData: IDataObject,
	scope: string,
	ids: string[],
	policy: RecordPolicy,
	now = Date.now(),
): boolean {
	const keys = ids.map(recordKey);
	// Every id is checked and recorded (no short-circuit), so a repeat under a new id records its other ids.
	const newHere = keys.map((key) => firstSighting(scope, key, now, policy.memory));
	const loaded = loadFor(staticData, policy, now);
	let isNew = true;
	keys.forEach((key, i) => {
		const recordedAt = loaded.record.get(key);
		if (!newHere[i]) isNew = false;
		else if (recordedAt !== undefined) {
			isNew = false;
			learn(scope, key, recordedAt * 1000, policy.memory, now);
		}
		const firstSeenMs =
			recordedAt !== undefined ? recordedAt * 1000 : rememberedIds(scope).get(key);
		remember(scope, key, firstSeenMs ?? now, policy, now);
	});
	const ownKeys = keys.map((key): [string, number] => [key, loaded.nowSec]);
	if (addMissing(loaded, [...ownKeys, ...recentEntriesOf(scope)]))
		staticData[policy.field] = store(loaded.record, policy.cap) as unknown as IDataObject;
	return isNew;
}

/**
 * What this process remembers for `scope` from the last `withinMs` (at most `max`, the newest), as
 * [key, seconds]: what it hands to another request to be saved (recordHandOff.ts).
 */
export function recentEntries(
	scope: string,
	withinMs: number,
	max: number,
	now = Date.now(),
): Array<[string, number]> {
	const since = Math.floor((now - withinMs) / 1000);
	return recentEntriesOf(scope)
		.filter(([, at]) => at >= since)
		.slice(-max);
}

/**
 * Takes handed-off entries into this process's memory too, so that this process recognises them
 * and puts them back in its own later writes: what one process knows spreads to the others.
 */
export function learnEntries(
	scope: string,
	entries: Array<[string, number]>,
	policy: RecordPolicy,
	now = Date.now(),
): void {
	const oldest = now - policy.ttlMs;
	for (const [key, at] of entries) {
		const atMs = Math.min(at * 1000, now);
		if (atMs < oldest || rememberedIds(scope).has(key)) continue;
		learn(scope, key, atMs, policy.memory, now);
		remember(scope, key, atMs, policy, now);
	}
}

/**
 * Merges handed-off entries, and everything else this process remembers for `scope`, into the
 * record; writes it back when it changed. Returns how many keys were added.
 */
export function mergeEntries(
	staticData: IDataObject,
	scope: string,
	entries: Array<[string, number]>,
	policy: RecordPolicy,
	now = Date.now(),
): number {
	const loaded = loadFor(staticData, policy, now);
	const before = loaded.record.size;
	const nowSec = loaded.nowSec;
	// A time in the future is taken as now: it must not keep a key longer than the ttl.
	const clamped = entries.map(([key, at]): [string, number] => [key, Math.min(at, nowSec)]);
	if (!addMissing(loaded, [...clamped, ...recentEntriesOf(scope)])) return 0;
	staticData[policy.field] = store(loaded.record, policy.cap) as unknown as IDataObject;
	return loaded.record.size - before;
}

/**
 * The memory and record of deliveries belong to one trigger node of one workflow, in one mode,
 * production and test listening apart.
 */
export function recordScope(
	context: { getMode(): string },
	scope: { workflowId: string; nodeId: string },
	mode: string,
): string {
	return [scope.workflowId, scope.nodeId, mode, context.getMode()].join('\n');
}
