import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, streamNameField } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getStreamName } from '../../shared/validation';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	streamNameField('The stream whose playback delay is removed, so it plays live again'),
];

const displayOptions = { show: { resource: ['stream'], operation: ['cancelDelay'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const streamName = getStreamName.call(this, itemIndex);
	return {
		request: {
			method: 'DELETE',
			path: entryPointPath(entryPoint, 'admin', 'delayed_streams', streamName),
			notFound: entryPointNotFound(entryPoint, `a playback delay of stream "${streamName}" in it`),
		},
		toItems: () => successItem({ delayCancelled: true, entryPoint, streamName }),
	};
}
