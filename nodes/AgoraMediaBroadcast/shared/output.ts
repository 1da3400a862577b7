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
 * The first array found under one of `keys` (Agora spells some list keys two ways), one item per
 * element, cut to `limit` (undefined: all). Agora has no paging, so the full list is always fetched.
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
	let list: unknown[] = [];
	for (const key of keys) {
		const value = response.body?.[key];
		if (Array.isArray(value)) {
			list = value;
			break;
		}
	}
	const entries = list.map((entry) => {
		const object = (
			entry !== null && typeof entry === 'object' ? entry : { value: entry }
		) as IDataObject;
		const shaped = options.normalise ? options.normalise(object) : object;
		return { ...shaped, ...(options.extra ?? {}) };
	});
	return options.limit === undefined ? entries : entries.slice(0, options.limit);
}
