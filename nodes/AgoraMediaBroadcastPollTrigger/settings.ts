import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { nameErrorText, REGIONS } from '../AgoraMediaBroadcast/api';
import type { PollEventName } from './events';
import { POLL_EVENT_NAMES } from './events';
import { MAX_MAX_REQUESTS } from './properties';

export interface PollSettings {
	events: Set<PollEventName>;
	watch: 'all' | 'selected';
	/** The selected entry points (empty with watch = all). */
	entryPoints: string[];
	region: string;
	maxRequests: number;
	/** Requests one entry point costs per poll (live streams, banned streams). */
	costPerEntryPoint: number;
	needsLive: boolean;
	needsBans: boolean;
	watchFiles: boolean;
	/** Identifies what the saved state was recorded for: a change starts over, silently. */
	configKey: string;
}

/** Reads and checks the node's settings before any request; a clear error names the field. */
export function readSettings(this: IPollFunctions): PollSettings {
	const fail = (message: string, description?: string) =>
		new NodeOperationError(this.getNode(), message, { description });

	const rawEvents = this.getNodeParameter('events', []) as unknown;
	const events = Array.isArray(rawEvents) ? rawEvents.map(String) : [];
	if (events.length === 0)
		throw fail(`Events is empty: choose at least one of ${POLL_EVENT_NAMES.join(', ')}`);
	const unknown = events.filter((e) => !POLL_EVENT_NAMES.includes(e));
	if (unknown.length > 0)
		throw fail(
			`Events has "${unknown.join('", "')}", which this trigger cannot see: allowed are ${POLL_EVENT_NAMES.join(', ')}`,
		);
	const eventSet = new Set(events as PollEventName[]);

	const watch = String(this.getNodeParameter('watch', 'selected'));
	if (watch !== 'all' && watch !== 'selected')
		throw fail(`Watch is "${watch}": allowed are all, selected`);

	const entryPoints: string[] = [];
	if (watch === 'selected') {
		const collection = this.getNodeParameter('entryPoints', {}) as IDataObject;
		const rows = Array.isArray(collection.entryPoint)
			? (collection.entryPoint as IDataObject[])
			: [];
		for (const row of rows) {
			const locator = row.entryPoint;
			const value =
				locator !== null && typeof locator === 'object' ? (locator as IDataObject).value : locator;
			const name = typeof value === 'string' ? value.trim() : '';
			if (name === '') throw fail('Entry Points has an empty entry: enter a name or remove it');
			const problem = nameErrorText('Entry Point', name);
			if (problem !== undefined) throw fail(problem);
			if (!entryPoints.includes(name)) entryPoints.push(name);
		}
		if (entryPoints.length === 0)
			throw fail(
				'Entry Points is empty: add at least one entry point, or set Watch to All Entry Points',
			);
	}

	const watchFiles = eventSet.has('new_standard_record_file');
	const region = watchFiles ? String(this.getNodeParameter('region', 'cn')) : '';
	if (watchFiles && !(REGIONS as readonly string[]).includes(region))
		throw fail(`Recording Region is "${region}": allowed are ${REGIONS.join(', ')}`);

	const maxRequests = this.getNodeParameter('maxRequests', 20) as unknown;
	if (
		typeof maxRequests !== 'number' ||
		!Number.isInteger(maxRequests) ||
		maxRequests < 1 ||
		maxRequests > MAX_MAX_REQUESTS
	)
		throw fail(
			`Max Requests per Poll is ${String(maxRequests)}: use a whole number from 1 to ${MAX_MAX_REQUESTS}`,
		);

	const needsLive = eventSet.has('publish_start') || eventSet.has('publish_end') || watchFiles;
	const needsBans = eventSet.has('stream_banned') || eventSet.has('stream_unbanned');
	const costPerEntryPoint = (needsLive ? 1 : 0) + (needsBans ? 1 : 0);
	const least = costPerEntryPoint + (watch === 'all' ? 1 : 0);
	if (maxRequests < least)
		throw fail(
			`Max Requests per Poll is ${maxRequests}: checking even one entry point takes ${least} requests with these settings`,
			'Raise Max Requests per Poll, or choose fewer kinds of events.',
		);

	return {
		events: eventSet,
		watch,
		entryPoints,
		region,
		maxRequests,
		costPerEntryPoint,
		needsLive,
		needsBans,
		watchFiles,
		configKey: JSON.stringify({
			events: [...eventSet].sort(),
			watch,
			entryPoints: [...entryPoints].sort(),
			region,
		}),
	};
}
