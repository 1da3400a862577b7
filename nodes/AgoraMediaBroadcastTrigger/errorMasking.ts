import { maskCallbackTokens } from '../AgoraMediaBroadcast/api';

/**
 * Errors of the requests that register and restore callbacks can carry a callback URL with its
 * token (Agora may echo what it refused; restoring writes another trigger's URL back): every text in
 * them has the token masked before n8n shows or logs it.
 */

const MAX_DEPTH = 4;

function maskValue(value: unknown, depth: number, seen: Set<object>): unknown {
	if (typeof value === 'string') return maskCallbackTokens(value);
	if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || seen.has(value))
		return value;
	seen.add(value);
	if (Array.isArray(value)) {
		value.forEach((entry, i) => (value[i] = maskValue(entry, depth + 1, seen)));
		return value;
	}
	for (const key of Object.getOwnPropertyNames(value)) {
		// The node (its parameters) is n8n's, not something Agora said.
		if (key === 'node') continue;
		const descriptor = Object.getOwnPropertyDescriptor(value, key);
		if (!descriptor || !('value' in descriptor) || !descriptor.writable) continue;
		(value as Record<string, unknown>)[key] = maskValue(descriptor.value, depth + 1, seen);
	}
	return value;
}

/** Masks callback tokens in every text of an error (message, description, what Agora said, stack). */
export function maskTokensInError<T>(error: T): T {
	return maskValue(error, 0, new Set()) as T;
}

/** Awaits `request`; a failure is rethrown with callback tokens masked. */
export async function withTokensMasked<T>(request: Promise<T>): Promise<T> {
	try {
		return await request;
	} catch (error) {
		throw maskTokensInError(error);
	}
}
