import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { AgoraRequest } from '../transport';

/**
 * Request paths, relative to `/v1/projects/{appid}/fls`. Every name that goes into a path goes
 * through here, encoded segment by segment, so no operation writes its own URL template.
 * Names are checked by the name rule (shared/names.ts) before they get here.
 */
function segmentsPath(segments: readonly string[]): string {
	return segments.map((segment) => `/${encodeURIComponent(segment)}`).join('');
}

/** `/entry_points/{entryPoint}/{segments…}`, each part encoded. */
export function entryPointPath(entryPoint: string, ...segments: string[]): string {
	return segmentsPath(['entry_points', entryPoint, ...segments]);
}

/** `/domains/{domain}`. */
export function domainPath(domain: string): string {
	return segmentsPath(['domains', domain]);
}

/**
 * `settings/{record|snapshot}/{standard|custom}/regions/{region}` (below the entry point): the
 * recording and snapshot configurations, kept per kind (Agora's storage or yours) and per region.
 */
export function regionSettingsSegments(
	feature: 'record' | 'snapshot',
	kind: 'standard' | 'custom',
	region: string,
): string[] {
	return ['settings', feature, kind, 'regions', region];
}

/** What a 404 of an entry-point endpoint means: the entry point, or also the named thing in it. */
export function entryPointNotFound(entryPoint: string, orWhat?: string): string {
	return orWhat === undefined
		? `entry point "${entryPoint}"`
		: `entry point "${entryPoint}" or ${orWhat}`;
}

export interface EntryPointRequestOptions {
	qs?: IDataObject;
	body?: IDataObject;
	/** Something else a 404 can mean, e.g. `a ban of stream "s1" in it`. */
	orNotFound?: string;
	/** Replaces the whole 404 wording when the entry point is not the likely cause. */
	notFound?: string;
	/** The body carries a storage credential's keys: the hosts it allows (AgoraRequest). */
	storageKeyHosts?: string[];
}

/** One request to an entry-point endpoint: the path and its 404 wording from one place. */
export function entryPointRequest(
	method: IHttpRequestMethods,
	entryPoint: string,
	segments: string[],
	options: EntryPointRequestOptions = {},
): AgoraRequest {
	return {
		method,
		path: entryPointPath(entryPoint, ...segments),
		...(options.qs !== undefined ? { qs: options.qs } : {}),
		...(options.body !== undefined ? { body: options.body } : {}),
		notFound: options.notFound ?? entryPointNotFound(entryPoint, options.orNotFound),
		...(options.storageKeyHosts !== undefined ? { storageKeyHosts: options.storageKeyHosts } : {}),
	};
}
