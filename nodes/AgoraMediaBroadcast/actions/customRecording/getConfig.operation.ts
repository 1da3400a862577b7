import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, regionField, REGIONS } from '../../shared/fields';
import { maskSecrets } from '../../shared/storage';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getOption } from '../../shared/validation';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	regionField(
		'Region of the push domain the streams are pushed to (the recording configuration is kept per region)',
	),
];

const displayOptions = { show: { resource: ['customRecording'], operation: ['getConfig'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const region = getOption.call(this, 'region', 'Region', REGIONS, itemIndex);
	return {
		request: {
			method: 'GET',
			path: entryPointPath(entryPoint, 'settings', 'record', 'custom', 'regions', region),
			notFound: entryPointNotFound(entryPoint),
		},
		// Agora echoes the storage accessKey and secretKey: they are masked, never output in clear.
		toItems: (response) => [maskSecrets({ entryPoint, region, ...(response.body ?? {}) })],
	};
}
