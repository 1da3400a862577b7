import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { assertName, isDomainName, shownName } from './names';

export { assertName };

/**
 * Raised for bad input, before any request: names the field and what is allowed. The item is not
 * written into the message: n8n shows the error's itemIndex (Item Index) and pairs a Continue On
 * Fail error item with its input item.
 */
export function inputError(node: INode, itemIndex: number, message: string, description?: string) {
	return new NodeOperationError(node, message, { itemIndex, description });
}

/** An optional parameter left empty: not set, null (an expression), or an empty string. */
export function isMissing(value: unknown): value is undefined | null | '' {
	return value === undefined || value === null || value === '';
}

/** The value as an error message shows it: quoted text, a number, "nothing", "a list"... */
export function describe(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return `"${shownName(value)}"`;
	return `${typeof value} ${String(value)}`;
}

/** Reads a parameter that must be a non-empty string (expressions can resolve to anything). */
export function getString(
	this: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	options: { required?: boolean; extractValue?: boolean; maxLength?: number } = {},
): string {
	const raw = this.getNodeParameter(name, itemIndex, '', {
		extractValue: options.extractValue,
	}) as unknown;
	if (isMissing(raw)) {
		if (options.required === false) return '';
		throw inputError(this.getNode(), itemIndex, `${label} is required`);
	}
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		throw inputError(
			this.getNode(),
			itemIndex,
			`${label} must be text, but it is ${describe(raw)}`,
		);
	}
	const value = String(raw).trim();
	if (value === '' && options.required !== false) {
		throw inputError(this.getNode(), itemIndex, `${label} is required`);
	}
	if (options.maxLength !== undefined && value.length > options.maxLength) {
		throw inputError(
			this.getNode(),
			itemIndex,
			`${label} is ${value.length} characters long; at most ${options.maxLength} are allowed`,
		);
	}
	return value;
}

/**
 * Reads a name that becomes a path segment (stream, entry point, template): checked by the one name
 * rule (shared/names.ts), so the URL Agora sees is the name the user typed.
 */
export function getName(
	this: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	options: { extractValue?: boolean; maxLength?: number } = {},
): string {
	const value = getString.call(this, name, label, itemIndex, {
		extractValue: options.extractValue,
	});
	assertName(this.getNode(), value, label, itemIndex, options.maxLength);
	return value;
}

/** The entry point of the item (a resource locator; every project has "live"). */
export function getEntryPoint(this: IExecuteFunctions, itemIndex: number): string {
	return getName.call(this, 'entryPoint', 'Entry Point', itemIndex, { extractValue: true });
}

/** The stream name typed into the `streamName` field. */
export function getStreamName(this: IExecuteFunctions, itemIndex: number): string {
	return getName.call(this, 'streamName', 'Stream Name', itemIndex);
}

export function getDomain(
	this: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const value = getString.call(this, name, label, itemIndex, { extractValue: true }).toLowerCase();
	if (!isDomainName(value)) {
		throw inputError(
			this.getNode(),
			itemIndex,
			`${label} "${shownName(value)}" is not a valid domain name: use a full host name such as push.example.com (no scheme, path or wildcard)`,
		);
	}
	return value;
}

/** Reads the Return All / Limit pair of list operations: `undefined` means all. */
export function getListLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = getBoolean.call(this, 'returnAll', 'Return All', itemIndex, false);
	if (returnAll) return undefined;
	return getInteger.call(this, 'limit', 'Limit', 1, Number.MAX_SAFE_INTEGER, itemIndex, 50);
}

/** Reads one of a fixed set of values (options fields can still receive any value by expression). */
export function getOption<T extends string>(
	this: IExecuteFunctions,
	name: string,
	label: string,
	allowed: readonly T[],
	itemIndex: number,
	fallback?: unknown,
): T {
	const value = this.getNodeParameter(name, itemIndex, fallback) as unknown;
	return assertOption(this.getNode(), value, label, allowed, itemIndex);
}

export function assertOption<T extends string | number>(
	node: INode,
	value: unknown,
	label: string,
	allowed: readonly T[],
	itemIndex: number,
): T {
	if (!allowed.includes(value as T)) {
		throw inputError(
			node,
			itemIndex,
			`${label} ${describe(value)} is not allowed: use one of ${allowed.join(', ')}`,
		);
	}
	return value as T;
}

/** Reads an integer within [min, max]. Accepts numeric strings from expressions. */
export function getInteger(
	this: IExecuteFunctions,
	name: string,
	label: string,
	min: number,
	max: number,
	itemIndex: number,
	fallback?: number,
): number {
	const value = this.getNodeParameter(name, itemIndex, fallback) as unknown;
	return assertInteger(this.getNode(), value, label, min, max, itemIndex);
}

export function assertInteger(
	node: INode,
	value: unknown,
	label: string,
	min: number,
	max: number,
	itemIndex: number,
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number)) {
		throw inputError(
			node,
			itemIndex,
			`${label} must be a whole number from ${min} to ${max}, but it is ${describe(value)}`,
		);
	}
	if (number < min || number > max) {
		throw inputError(
			node,
			itemIndex,
			`${label} must be from ${min} to ${max}, but it is ${number}`,
		);
	}
	return number;
}

/** Reads a boolean; accepts "true"/"false" strings from expressions. */
export function getBoolean(
	this: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	fallback?: boolean,
): boolean {
	const value = this.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw inputError(
		this.getNode(),
		itemIndex,
		`${label} must be true or false, but it is ${describe(value)}`,
	);
}
