/**
 * This process's memory of the deliveries a trigger node has already turned into an execution,
 * shared by every request n8n hands to that node in this process. A check-and-set on a Map in one
 * synchronous step cannot interleave with another request of the same process, so copies arriving
 * at the same moment start exactly one execution. What outlives the process and is seen by n8n's
 * other webhook processes is the record in the node's static data (deliveryRecord.ts).
 *
 * Each kind of id has its own policy (how long, how many): DELIVERY_MEMORY below, and the origin
 * authentication window in deliveryRecord.ts. Nodes idle for longer than their retention are dropped.
 */

export interface MemoryPolicy {
	/** How long an id is kept. */
	retentionMs: number;
	/** This many of the newest ids are kept however old they are. */
	minKept: number;
	/** Never more than this many ids per node: beyond it the oldest go first. */
	maxKept: number;
}

/**
 * Stream events: an id is kept for 24 h, and the last 10,000 ids however old; at most 100,000 per
 * node (about 15 MB at the cap; reached only above ~1.2 deliveries per second sustained for a day).
 */
export const DELIVERY_MEMORY: MemoryPolicy = {
	retentionMs: 24 * 60 * 60 * 1000,
	minKept: 10_000,
	maxKept: 100_000,
};

interface NodeMemory {
	/** id → when it was first seen (ms). A Map iterates in insertion order: oldest first. */
	seen: Map<string, number>;
	lastUsed: number;
	policy: MemoryPolicy;
}

const memories = new Map<string, NodeMemory>();

function prune(memory: NodeMemory, now: number): void {
	const { retentionMs, minKept, maxKept } = memory.policy;
	for (const [id, at] of memory.seen) {
		const tooMany = memory.seen.size > maxKept;
		const expired = memory.seen.size > minKept && now - at > retentionMs;
		if (!tooMany && !expired) break;
		memory.seen.delete(id);
	}
}

function dropIdleNodes(now: number): void {
	for (const [key, memory] of memories) {
		if (now - memory.lastUsed > memory.policy.retentionMs) memories.delete(key);
	}
}

function memoryOf(scope: string, policy: MemoryPolicy, now: number): NodeMemory {
	let memory = memories.get(scope);
	if (!memory) {
		dropIdleNodes(now);
		memory = { seen: new Map(), lastUsed: now, policy };
		memories.set(scope, memory);
	}
	memory.lastUsed = now;
	prune(memory, now);
	return memory;
}

/**
 * Records `id` for the node identified by `scope` and returns true when it was not seen before (the
 * caller may start an execution), false for a repeat. Synchronous on purpose: no other request can
 * run between the check and the set.
 */
export function firstSighting(
	scope: string,
	id: string,
	now = Date.now(),
	policy: MemoryPolicy = DELIVERY_MEMORY,
): boolean {
	const memory = memoryOf(scope, policy, now);
	const at = memory.seen.get(id);
	// Kept by minKept however old, or within the retention (pruning drops the rest oldest first).
	if (at !== undefined && (policy.minKept > 0 || now - at <= policy.retentionMs)) return false;
	memory.seen.delete(id);
	memory.seen.set(id, now);
	prune(memory, now);
	return true;
}

/** Keeps `id` as first seen at `at` (an id learned from the record, seen first by another process). */
export function learn(
	scope: string,
	id: string,
	at: number,
	policy: MemoryPolicy,
	now = Date.now(),
): void {
	memoryOf(scope, policy, now).seen.set(id, at);
}

/** The ids this process remembers for a scope, with when each was first seen (ms), oldest first. */
export function rememberedIds(scope: string): ReadonlyMap<string, number> {
	return memories.get(scope)?.seen ?? new Map<string, number>();
}

/** How many ids a scope holds (tests, and the bound stated above). */
export function rememberedCount(scope: string): number {
	return memories.get(scope)?.seen.size ?? 0;
}

/** Forgets everything: what a restart of the process does (tests only). */
export function forgetAll(): void {
	memories.clear();
}
