import type { IDataObject } from 'n8n-workflow';

/**
 * The one rule for secrets in what Agora answers: output shows that one is set, never its value, and
 * server text never repeats a secret the request carried.
 */

/** Field names whose values are secrets, at any depth and in any letter case: storage access and
 * secret keys, domain auth keys, the origin-auth secret, passwords and tokens. */
const SECRET_FIELD = /(secret|key|password|token)$/i;

/**
 * What output shows for a secret: "****", none of its characters, as n8n shows a saved password field
 * (docs/transport-security.md, "Secrets in server text and outputs"); nothing for one not set.
 */
export function maskSecret(value: unknown): string {
	return value === undefined || value === null ? '' : '****';
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

/** The secret values a request body carries (at any depth). */
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
	return found;
}

/** A part of a secret at least this long is masked wherever it appears (a server may cut it). */
const SHORTEST_PART = 8;

/** The forms a server may echo a secret in: as sent, URL- or form-encoded, JSON-escaped, base64. */
function echoedForms(secret: string): string[] {
	const encoded = encodeURIComponent(secret);
	const base64 = Buffer.from(secret, 'utf8').toString('base64');
	const forms = [
		secret,
		encoded,
		encoded.replace(/%20/g, '+'),
		JSON.stringify(secret).slice(1, -1),
		base64,
		base64.replace(/=+$/, ''),
		Buffer.from(secret, 'utf8').toString('base64url'),
	];
	return [...new Set(forms)];
}

/**
 * Server text with every secret the request carried replaced by `***`: Agora may echo what it
 * refused, encoded, or cut short. Masked: each form of echoedForms whole, and any run of at least
 * SHORTEST_PART characters of text that is part of one of them (a prefix, a suffix or the middle).
 */
export function maskCarriedSecrets(text: string, body: unknown): string {
	const forms = carriedSecrets(body).flatMap(echoedForms);
	if (forms.length === 0) return text;
	// Whole forms first, longest first, so none is half-masked.
	let masked = text;
	for (const form of [...forms].sort((a, b) => b.length - a.length))
		masked = masked.split(form).join('***');
	const long = forms.filter((form) => form.length >= SHORTEST_PART);
	if (long.length === 0) return masked;
	let result = '';
	let at = 0;
	while (at < masked.length) {
		const partOfOne = (end: number) => long.some((form) => form.includes(masked.slice(at, end)));
		let length = 0;
		if (at + SHORTEST_PART <= masked.length && partOfOne(at + SHORTEST_PART)) {
			length = SHORTEST_PART;
			while (at + length < masked.length && partOfOne(at + length + 1)) length++;
		}
		if (length > 0) {
			result += '***';
			at += length;
		} else {
			result += masked[at];
			at++;
		}
	}
	return result;
}
