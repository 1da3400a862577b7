/**
 * Remembers which deliveries a trigger node has already turned into an execution, in this process's
 * memory, shared by every request n8n hands to that node.
 *
 * Why memory and not the workflow's static data: n8n 2.41 loads a production webhook's workflow
 * (static data included) from the database for each request, and saves static data changed in
 * `webhook()` only after the request is answered; two copies of one delivery arriving together both
 * read the state from before either saved, and an execution that ends later can write its older copy
 * back. A check-and-set on a Map in one synchronous step cannot interleave with another request of
 * the same process, so 5 copies arriving at once start exactly one execution.
 *
 * Bounds: an id is kept for 24 h, and the last 10,000 ids are kept however old they are; a node never
 * holds more than MAX_IDS_PER_NODE ids (beyond that the oldest go first, which only happens above
 * ~1.2 deliveries per second sustained for a day). Nodes idle for longer than the retention are
 * dropped. Memory: about 150 bytes per id, so at most ~15 MB per trigger node at the cap.
 */

export const RETENTION_MS = 24 * 60 * 60 * 1000;
export const MIN_IDS_KEPT = 10_000;
export const MAX_IDS_PER_NODE = 100_000;

interface NodeMemory {
	/** id → when it was first seen (ms). A Map iterates in insertion order: oldest first. */
	seen: Map<string, number>;
	lastUsed: number;
}

const memories = new Map<string, NodeMemory>();

function prune(memory: NodeMemory, now: number): void {
	for (const [id, at] of memory.seen) {
		const tooMany = memory.seen.size > MAX_IDS_PER_NODE;
		const expired = memory.seen.size > MIN_IDS_KEPT && now - at > RETENTION_MS;
		if (!tooMany && !expired) break;
		memory.seen.delete(id);
	}
}

function dropIdleNodes(now: number): void {
	for (const [key, memory] of memories) {
		if (now - memory.lastUsed > RETENTION_MS) memories.delete(key);
	}
}

/**
 * Records `id` for the node identified by `scope` and returns true when it was not seen before (the
 * caller may start an execution), false for a repeat. Synchronous on purpose: no other request can
 * run between the check and the set.
 */
export function firstSighting(scope: string, id: string, now = Date.now()): boolean {
	let memory = memories.get(scope);
	if (!memory) {
		dropIdleNodes(now);
		memory = { seen: new Map(), lastUsed: now };
		memories.set(scope, memory);
	}
	memory.lastUsed = now;
	if (memory.seen.has(id)) return false;
	memory.seen.set(id, now);
	prune(memory, now);
	return true;
}

/** How many ids a scope holds (tests, and the bound stated above). */
export function rememberedCount(scope: string): number {
	return memories.get(scope)?.seen.size ?? 0;
}

/** Forgets everything (tests only). */
export function forgetAll(): void {
	memories.clear();
}
