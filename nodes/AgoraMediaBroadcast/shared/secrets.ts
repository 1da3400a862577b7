import type { IDataObject } from 'n8n-workflow';

/**
 * Masking of secrets that Agora echoes back (storage keys, domain auth keys, the origin-auth
 * secret): output shows that one is set, never its value.
 */

/** Keys whose values are storage secrets wherever they appear in a response. */
const SECRET_KEYS = new Set(['accesskey', 'secretkey']);

/** "****" plus the last 4 characters, or only "****" when the value is too short to show any of it. */
export function maskSecret(value: unknown): string {
	const text = typeof value === 'string' ? value : '';
	return text.length > 8 ? `****${text.slice(-4)}` : '****';
}

/**
 * A copy of `value` in which every `accessKey` / `secretKey` (at any depth, any letter case) is
 * masked. Used on everything Agora returns for recording and snapshot configurations.
 */
export function maskSecrets<T>(value: T): T {
	if (Array.isArray(value))
		return value.map((entry) => maskSecrets(entry) as unknown) as unknown as T;
	if (value !== null && typeof value === 'object') {
		// From entries: a key such as `__proto__` stays an own property instead of setting the prototype.
		return Object.fromEntries(
			Object.entries(value as IDataObject).map(([key, entry]) => [
				key,
				SECRET_KEYS.has(key.toLowerCase()) && entry !== undefined && entry !== null
					? maskSecret(entry)
					: maskSecrets(entry),
			]),
		) as T;
	}
	return value;
}
