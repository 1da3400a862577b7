import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { entryPointRequest } from '../AgoraMediaBroadcast/api';
import { diffFiles } from './diff';
import { changedShapeOrThrow, listOf, unless404, type PollRequests } from './requests';
import type { PollSettings } from './settings';
import type { EntryPointState } from './state';

// New standard recording files of the watched streams (Watch Recording Files).

/**
 * RFC 3339 to the second, as Agora's examples write it: rounded down for a window's start and up for
 * its end, so the window never leaves out the fraction of a second it was asked for.
 */
function rfc3339(iso: string, round: 'down' | 'up'): string {
	const seconds = (round === 'down' ? Math.floor : Math.ceil)(Date.parse(iso) / 1000);
	return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Looks for new standard recording files of the watched streams, the least recently checked first,
 * as far as Max Requests per Poll allows. Updates the watches in `entryPoints`.
 */
export async function checkFiles(
	this: IPollFunctions,
	settings: PollSettings,
	{ budget, send }: Pick<PollRequests, 'budget' | 'send'>,
	entryPoints: Map<string, EntryPointState>,
	context: Parameters<typeof diffFiles>[5],
): Promise<IDataObject[]> {
	const watches = [...entryPoints].flatMap(([entryPoint, state]) =>
		[...(state.files ?? [])].map(([streamName, watch]) => ({ entryPoint, streamName, watch })),
	);
	watches.sort((a, b) => (a.watch.checkedAt ?? '').localeCompare(b.watch.checkedAt ?? ''));
	const items: IDataObject[] = [];
	for (const { entryPoint, streamName, watch } of watches) {
		if (!budget.take(1)) break;
		const response = await unless404.call(
			this,
			send,
			entryPointRequest(
				'GET',
				entryPoint,
				['admin', 'record', 'standard', 'regions', settings.region, 'preview_list'],
				{
					qs: {
						start_time: rfc3339(watch.since, 'down'),
						end_time: rfc3339(context.now, 'up'),
						stream_name: streamName,
					},
				},
			),
		);
		if (response === undefined) continue; // deleted since it was listed: the next poll reports it
		let files: IDataObject[];
		try {
			files = listOf(response.body, 'list');
		} catch (error) {
			const changed = changedShapeOrThrow(this.getNode(), error);
			// Not read: the watch stays as it was and the next poll looks again.
			this.logger.warn(
				`Agora Media Broadcast Polling Trigger: recording files of ${JSON.stringify(streamName)} on ${JSON.stringify(entryPoint)} not checked: ${changed.message}`,
			);
			continue;
		}
		const result = diffFiles(entryPoint, streamName, settings.region, watch, files, context);
		items.push(...result.items);
		entryPoints.get(entryPoint)?.files?.set(streamName, result.watch);
	}
	return items;
}
