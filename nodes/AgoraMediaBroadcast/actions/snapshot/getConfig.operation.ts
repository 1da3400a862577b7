import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, regionField, readRegion } from '../../shared/fields';
import { maskSecrets } from '../../shared/secrets';
import type { OperationPlan } from '../../shared/types';
import { readStorageChoice, storageChoiceField } from './storageChoice';
import { getEntryPoint } from '../../shared/validation';
import { entryPointRequest, regionSettingsSegments } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	storageChoiceField(
		'Which snapshot settings to read: those for Agora storage or for your storage',
	),
	regionField(
		'Region of the push domain the streams are pushed to (the snapshot configuration is kept per region)',
	),
];

const displayOptions = { show: { resource: ['snapshot'], operation: ['getConfig'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const storage = readStorageChoice.call(this, itemIndex);
	const region = readRegion.call(this, itemIndex);
	return {
		request: entryPointRequest(
			'GET',
			entryPoint,
			regionSettingsSegments('snapshot', storage, region),
		),
		// For your storage Agora echoes the storage keys: they are masked, never output in clear.
		toItems: (response) => [maskSecrets({ entryPoint, storage, region, ...(response.body ?? {}) })],
	};
}
