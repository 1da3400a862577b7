import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, onlineStreamLocator } from '../../shared/fields';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getName } from '../../shared/validation';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	onlineStreamLocator('The live stream to read. A stream that is not live answers "not found".'),
];

const displayOptions = { show: { resource: ['stream'], operation: ['getOnline'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const streamName = getName.call(this, 'stream', 'Stream', itemIndex, { extractValue: true });
	return {
		request: {
			method: 'GET',
			path: entryPointPath(entryPoint, 'reports', 'online_streams', streamName),
			notFound: entryPointNotFound(entryPoint, `a live stream "${streamName}" in it`),
		},
		// Agora answers { startTime } only; say which stream it is about and that it is live.
		toItems: (response) => [{ entryPoint, streamName, online: true, ...(response.body ?? {}) }],
	};
}
