import type { IDataObject } from 'n8n-workflow';

import type { AgoraResponse } from '../transport';

/** A write that Agora answers with an empty body: say it worked and what it was about. */
export function successItem(fields: IDataObject): IDataObject[] {
	return [{ success: true, ...fields }];
}

export function deletedItem(fields: IDataObject): IDataObject[] {
	return [{ deleted: true, ...fields }];
}

/**
 * Agora answered 2xx without the list the operation reads: its answer changed shape. Never read as
 * an empty list (a poll would take "no streams" for "every stream ended").
 */
export class UnexpectedListError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnexpectedListError';
	}
}

const MAX_KEYS_NAMED = 10;

/** Key names only (a value could be a secret), cut to something readable. */
function keyNames(body: IDataObject): string {
	const keys = Object.keys(body);
	const shown = keys
		.slice(0, MAX_KEYS_NAMED)
		.map((key) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key));
	const more = keys.length > MAX_KEYS_NAMED ? ` and ${keys.length - MAX_KEYS_NAMED} more` : '';
	return `${shown.join(', ')}${more}`;
}

function typeName(value: unknown): string {
	if (value === null) return 'null';
	return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * The list under the first of `keys` that Agora sent (it spells some two ways). The documented empty
 * form is the key with `[]`; an answer without any of the keys, or with one that is not a list, is an
 * UnexpectedListError naming the keys Agora did send (never their values).
 */
export function listIn(body: IDataObject | undefined, keys: string[]): unknown[] {
	const expected = keys.map((key) => `"${key}"`).join(' or ');
	const found = keys.find(
		(key) => body !== undefined && Object.prototype.hasOwnProperty.call(body, key),
	);
	if (body !== undefined && found !== undefined && Array.isArray(body[found]))
		return body[found] as unknown[];
	const problem =
		found !== undefined && body !== undefined
			? `its "${found}" is ${typeName(body[found])}, not a list`
			: body === undefined || Object.keys(body).length === 0
				? 'it was empty'
				: `it has ${keyNames(body)}`;
	throw new UnexpectedListError(
		`Agora's answer has no ${expected} list (${problem}): its format may have changed, so nothing was read from it`,
	);
}

/**
 * The list under one of `keys` (listIn), one item per element, cut to `limit` (undefined: all).
 * Agora has no paging, so the full list is always fetched.
 */
export function listItems(
	response: AgoraResponse,
	keys: string[],
	options: {
		limit?: number;
		extra?: IDataObject;
		normalise?: (entry: IDataObject) => IDataObject;
	} = {},
): IDataObject[] {
	const list = listIn(response.body, keys);
	const entries = list.map((entry) => {
		const object = (
			entry !== null && typeof entry === 'object' ? entry : { value: entry }
		) as IDataObject;
		const shaped = options.normalise ? options.normalise(object) : object;
		return { ...shaped, ...(options.extra ?? {}) };
	});
	return options.limit === undefined ? entries : entries.slice(0, options.limit);
}
