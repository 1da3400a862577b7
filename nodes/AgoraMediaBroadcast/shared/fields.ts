import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { nameRuleText } from './names';
import { DATE_TIME_ZONE_TEXT } from './time';
import { getOption } from './validation';

/**
 * Field builders shared by many operations. Each operation lists its own fields and wraps them in
 * its own displayOptions (showForOperation), so a builder returns a plain property.
 */

export const REGIONS = ['cn', 'ap', 'eu', 'na'] as const;
export type Region = (typeof REGIONS)[number];

export const regionOptions = [
	{ name: 'China Mainland (CN)', value: 'cn' },
	{ name: 'Asia Excluding China Mainland (AP)', value: 'ap' },
	{ name: 'Europe (EU)', value: 'eu' },
	{ name: 'North America (NA)', value: 'na' },
];

/**
 * A resource locator: pick from a list loaded from Agora (the default mode, as n8n's UX guidelines ask),
 * or type the name. A default value ("live") is preselected in the list.
 */
function listOrNameLocator(options: {
	displayName: string;
	name: string;
	description: string;
	searchListMethod: string;
	placeholder: string;
	defaultValue?: string;
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: options.defaultValue ?? '' },
		required: true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				// Short: the mode dropdown of a locator is narrow and clips longer labels ("By Name").
				displayName: 'Name',
				name: 'name',
				type: 'string',
				placeholder: options.placeholder,
			},
		],
	};
}

/** The entry point ("AppName" in push and play URLs). Every project has `live`. */
export function entryPointLocator(): INodeProperties {
	return listOrNameLocator({
		displayName: 'Entry Point',
		name: 'entryPoint',
		description: `The entry point (stream group, the "AppName" in push and play URLs). Every project has "live". ${nameRuleText()}`,
		searchListMethod: 'searchEntryPoints',
		placeholder: 'e.g. live',
		defaultValue: 'live',
	});
}

/** The region of the push domain, used by recording and snapshot paths. */
export function regionField(
	description = 'Region of the push domain the streams are pushed to',
): INodeProperties {
	return {
		displayName: 'Region',
		name: 'region',
		type: 'options',
		options: regionOptions,
		default: 'cn',
		required: true,
		description,
	};
}

/** The Region (regionField) of one item, checked against REGIONS. */
export function readRegion(this: IExecuteFunctions, itemIndex: number): Region {
	return getOption.call(this, 'region', 'Region', REGIONS, itemIndex) as Region;
}

/** A stream name typed by the user (any stream, live or not). */
export function streamNameField(description: string): INodeProperties {
	// The caller's sentence, closed, then the name rule as a sentence of its own.
	const sentence = /[.!?]$/.test(description) ? description : `${description}.`;
	return {
		displayName: 'Stream Name',
		name: 'streamName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. stream_42',
		description: `${sentence} ${nameRuleText()}`,
	};
}

/** A stream that is live now, picked from the entry point's online streams or typed. */
export const onlineStreamLocator = (description: string) =>
	listOrNameLocator({
		displayName: 'Stream',
		name: 'stream',
		description,
		searchListMethod: 'searchOnlineStreams',
		placeholder: 'e.g. stream_42',
	});

/** A push or play domain of the project. */
export const domainLocator = (description = 'The push or play domain') =>
	listOrNameLocator({
		displayName: 'Domain',
		name: 'domain',
		description,
		searchListMethod: 'searchDomains',
		placeholder: 'e.g. push.example.com',
	});

/** A custom transcoding template of the entry point. */
export const templateLocator = (description = 'The custom transcoding template') =>
	listOrNameLocator({
		displayName: 'Template',
		name: 'template',
		description,
		searchListMethod: 'searchTemplates',
		placeholder: 'e.g. mobile_360p',
	});

/** Return All / Limit for list operations. Agora has no paging: the limit is applied to the full list. */
export function returnAllFields(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** Reports: an optional time window, checked against the endpoint's maximum before sending. */
export function timeWindowFields(defaultWindow: string): INodeProperties[] {
	return [
		{
			displayName: 'Start Time',
			name: 'startTime',
			type: 'dateTime',
			default: '',
			description: `Start of the window. Empty: Agora's default, ${defaultWindow}. ${DATE_TIME_ZONE_TEXT}.`,
		},
		{
			displayName: 'End Time',
			name: 'endTime',
			type: 'dateTime',
			default: '',
			description: `End of the window. Empty: now. ${DATE_TIME_ZONE_TEXT}.`,
		},
	];
}

/** `enabled` switches, written as "Whether ..." booleans. */
export function enabledField(
	description: string,
	name = 'enabled',
	displayName = 'Enabled',
): INodeProperties {
	return {
		displayName,
		name,
		type: 'boolean',
		default: true,
		required: true,
		description,
	};
}

/** The "Options" collection of optional settings an operation offers. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
