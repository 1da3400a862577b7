import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, regionField, REGIONS, streamNameField } from '../../shared/fields';
import { deletedItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getName, getOption } from '../../shared/validation';
import { entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	regionField(),
	streamNameField(
		'The stream whose single-stream recording (started with Start for Stream) is stopped',
	),
];

const displayOptions = { show: { resource: ['standardRecording'], operation: ['stop'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const region = getOption.call(this, 'region', 'Region', REGIONS, itemIndex);
	const streamName = getName.call(this, 'streamName', 'Stream Name', itemIndex);
	return {
		request: {
			method: 'DELETE',
			path: entryPointPath(
				entryPoint,
				'admin',
				'record',
				'standard',
				'regions',
				region,
				'tasks',
				streamName,
			),
			notFound: `a standard recording task for stream "${streamName}" (entry point "${entryPoint}", region ${region})`,
		},
		toItems: () => deletedItem({ entryPoint, region, streamName }),
	};
}
