import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, regionField, REGIONS } from '../../shared/fields';
import { maskSecrets } from '../../shared/storage';
import type { OperationPlan } from '../../shared/types';
import { getEntryPoint, getOption } from '../../shared/validation';

const properties: INodeProperties[] = [
	entryPointLocator(),
	{
		displayName: 'Storage',
		name: 'storage',
		type: 'options',
		options: [
			{
				name: 'Agora Storage',
				value: 'standard',
				description: 'Snapshots kept by Agora (standard)',
			},
			{
				name: 'Your Storage',
				value: 'custom',
				description: 'Snapshots written to your own cloud storage (custom)',
			},
		],
		default: 'standard',
		description:
			'Which snapshot configuration to read: snapshots to Agora storage or to your cloud storage',
	},
	regionField(
		'Region of the push domain the streams are pushed to (the snapshot configuration is kept per region)',
	),
];

const displayOptions = { show: { resource: ['snapshot'], operation: ['getConfig'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const storage = getOption.call(
		this,
		'storage',
		'Storage',
		['standard', 'custom'] as const,
		itemIndex,
	);
	const region = getOption.call(this, 'region', 'Region', REGIONS, itemIndex);
	return {
		request: {
			method: 'GET',
			path: `/entry_points/${encodeURIComponent(entryPoint)}/settings/snapshot/${storage}/regions/${region}`,
			notFound: `entry point "${entryPoint}"`,
		},
		// For your storage Agora echoes the storage keys: they are masked, never output in clear.
		toItems: (response) => [maskSecrets({ entryPoint, storage, region, ...(response.body ?? {}) })],
	};
}
