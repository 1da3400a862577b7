import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * Scopes an operation's fields to its resource and operation, like n8n's `updateDisplayOptions`, but
 * with the resource/operation conditions FIRST. n8n shows a field as soon as one condition it checks
 * refers to a field holding an expression; with the field's own condition first (as
 * `updateDisplayOptions` merges them), a field such as Limit (shown when Return All is false) would
 * appear in every operation whenever Return All is an expression, and required fields of other
 * operations would block the run.
 */
export function showForOperation(
	displayOptions: IDisplayOptions,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...displayOptions.show, ...property.displayOptions?.show },
			...(property.displayOptions?.hide || displayOptions.hide
				? { hide: { ...displayOptions.hide, ...property.displayOptions?.hide } }
				: {}),
		},
	}));
}
