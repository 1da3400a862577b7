import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, streamNameField } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getInteger, getStreamName } from '../../shared/validation';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	streamNameField('The stream whose playback is delayed'),
	{
		displayName: 'Delay (Seconds)',
		name: 'delay',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 600 },
		default: 30,
		required: true,
		description:
			'How far playback lags behind the pushed stream, in whole seconds from 0 to 600 (Push CDN mode only)',
	},
];

const displayOptions = { show: { resource: ['stream'], operation: ['setDelay'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const streamName = getStreamName.call(this, itemIndex);
	const delay = getInteger.call(this, 'delay', 'Delay (Seconds)', 0, 600, itemIndex);
	return {
		request: {
			method: 'PATCH',
			path: entryPointPath(entryPoint, 'admin', 'delayed_streams', streamName),
			body: { delay },
			notFound: entryPointNotFound(entryPoint),
		},
		toItems: () => successItem({ entryPoint, streamName, delay }),
	};
}
