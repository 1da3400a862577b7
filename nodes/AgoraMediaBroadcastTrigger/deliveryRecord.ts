import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { MemoryPolicy } from './dedupe';
import { firstSighting, learn, rememberedIds } from './dedupe';

/**
 * The record of deliveries kept in the trigger node's static data: what outlives a restart and what
 * n8n's other webhook processes see. n8n 2.41 loads a production webhook's static data from the
 * database for every request and, when the node changed it, writes the whole copy back after the
 * execution is started or queued and before the answer is sent (docs/trigger-security.md). Two
 * processes handling new deliveries at the same time each write their copy, and the later write drops
 * the other's ids: so every write also puts back what this process remembers that the record lacks,
 * and an id lost that way returns with that process's next request.
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

/**
 * Whether `ids` (one delivery's ids) are all new for this node: each is checked against this
 * process's memory (a synchronous check-and-set) and against the record loaded with this request,
 * and recorded in both whatever the answer. The record is written back (n8n saves it) when it lacks
 * one of these ids or one this process remembers.
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
	const nowSec = Math.floor(now / 1000);
	const oldestKept = nowSec - Math.floor(policy.ttlMs / 1000);
	const record = load(staticData[policy.field], oldestKept);
	// Ids older than the oldest one a full record holds were dropped by its cap, not lost: not put back.
	const full = record.size >= policy.cap;
	const fullFrom = full ? Math.min(...record.values()) : 0;
	const belongs = (at: number) => (full ? at > fullFrom : at >= oldestKept);

	let isNew = true;
	keys.forEach((key, i) => {
		const recordedAt = record.get(key);
		if (!newHere[i]) isNew = false;
		else if (recordedAt !== undefined) {
			isNew = false;
			learn(scope, key, recordedAt * 1000, policy.memory, now);
		}
		const firstSeenMs =
			recordedAt !== undefined ? recordedAt * 1000 : rememberedIds(scope).get(key);
		remember(scope, key, firstSeenMs ?? now, policy, now);
	});

	let changed = false;
	for (const key of keys) {
		if (record.has(key)) continue;
		record.set(key, nowSec);
		changed = true;
	}
	for (const [key, atMs] of recentByScope.get(scope) ?? []) {
		const at = Math.floor(atMs / 1000);
		if (record.has(key) || !belongs(at)) continue;
		record.set(key, at);
		changed = true;
	}
	if (changed) staticData[policy.field] = store(record, policy.cap) as unknown as IDataObject;
	return isNew;
}

/** Forgets what this process remembers for the record (tests: a restart). */
export function forgetRecent(): void {
	recentByScope.clear();
}
