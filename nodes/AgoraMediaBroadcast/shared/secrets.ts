import type { IDataObject } from 'n8n-workflow';

/**
 * The one rule for secrets in what Agora answers: output shows that one is set, never its value, and
 * server text never repeats a secret the request carried.
 */

/** Field names whose values are secrets, at any depth and in any letter case: storage access and
 * secret keys, domain auth keys, the origin-auth secret, passwords and tokens. */
const SECRET_FIELD = /(secret|key|password|token)$/i;

/** "****" plus the last 4 characters, or only "****" when the value is too short to show any of it. */
export function maskSecret(value: unknown): string {
	const text = typeof value === 'string' ? value : '';
	return text.length > 8 ? `****${text.slice(-4)}` : '****';
}

/**
 * A copy of `value` in which every secret field (at any depth) is masked. Used on everything Agora
 * returns for recording and snapshot configurations.
 */
export function maskSecrets<T>(value: T): T {
	if (Array.isArray(value))
		return value.map((entry) => maskSecrets(entry) as unknown) as unknown as T;
	if (value !== null && typeof value === 'object') {
		const copy: IDataObject = {};
		for (const [key, entry] of Object.entries(value as IDataObject)) {
			copy[key] =
				SECRET_FIELD.test(key) && entry !== undefined && entry !== null
					? maskSecret(entry)
					: (maskSecrets(entry) as IDataObject[keyof IDataObject]);
		}
		return copy as T;
	}
	return value;
}

/** The secret values a request body carries (at any depth), longest first so none is half-masked. */
function carriedSecrets(body: unknown, found: string[] = []): string[] {
	if (Array.isArray(body)) {
		for (const entry of body) carriedSecrets(entry, found);
	} else if (body !== null && typeof body === 'object') {
		for (const [key, value] of Object.entries(body as IDataObject)) {
			const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
			// Shorter values would mask ordinary words and numbers of the server's text.
			if (SECRET_FIELD.test(key) && text.length >= 4) found.push(text);
			else if (typeof value === 'object') carriedSecrets(value, found);
		}
	}
	return found.sort((a, b) => b.length - a.length);
}

/** Server text with every secret the request carried replaced by `***`: Agora may echo what it refused. */
export function maskCarriedSecrets(text: string, body: unknown): string {
	let masked = text;
	for (const secret of carriedSecrets(body)) masked = masked.split(secret).join('***');
	return masked;
}
