import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, streamNameField } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getStreamName } from '../../shared/validation';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	streamNameField('The banned stream to allow again (see Get Many Banned)'),
];

const displayOptions = { show: { resource: ['stream'], operation: ['unban'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const streamName = getStreamName.call(this, itemIndex);
	return {
		request: {
			method: 'DELETE',
			path: entryPointPath(entryPoint, 'admin', 'banned_streams', streamName),
			notFound: entryPointNotFound(entryPoint, `a ban of stream "${streamName}" in it`),
		},
		// The stream is what the user acts on, not a "ban" record: say it is unbanned rather than "deleted".
		toItems: () => successItem({ unbanned: true, entryPoint, streamName }),
	};
}
