import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, regionField, optionsCollection, readRegion } from '../../shared/fields';
import { successItem } from '../../shared/output';
import { maskSecrets } from '../../shared/secrets';
import { readStorageConfig } from '../../shared/storage';
import { storageConfigFields } from '../../shared/storageFields';
import type { OperationPlan } from '../../shared/types';
import { readStorageChoice, storageChoiceField } from './storageChoice';
import { assertInteger, getBoolean, getEntryPoint, inputError } from '../../shared/validation';
import { entryPointRequest, regionSettingsSegments } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	storageChoiceField('Where the snapshots are written: Agora storage or your cloud storage'),
	regionField(
		'Region of the push domain the streams are pushed to (the snapshot configuration is kept per region)',
	),
	{
		displayName: 'Enabled',
		name: 'enabled',
		type: 'boolean',
		default: true,
		required: true,
		description: 'Whether periodic snapshots of the streams of the entry point are taken',
	},
	{
		displayName: 'Set Storage',
		name: 'setStorage',
		type: 'boolean',
		default: true,
		description:
			'Whether to set the cloud storage the snapshots go to (vendor, region, bucket, keys). Required the first time; off keeps the storage already set.',
		// resource and operation first: see storageConfigFields.
		displayOptions: {
			show: { resource: ['snapshot'], operation: ['setConfig'], storage: ['custom'] },
		},
	},
	...storageConfigFields({
		resource: ['snapshot'],
		operation: ['setConfig'],
		storage: ['custom'],
		setStorage: [true],
	}),
	optionsCollection([
		{
			displayName: 'Content Moderation',
			name: 'enableModeration',
			type: 'boolean',
			default: false,
			description:
				'Whether each snapshot is checked by content moderation. Results arrive only as events (use the Agora Media Broadcast Trigger).',
		},
		{
			displayName: 'Snapshot Interval (Seconds)',
			name: 'snapshotInterval',
			type: 'number',
			typeOptions: { minValue: 5, maxValue: 300 },
			default: 10,
			description:
				"Seconds between two snapshots of a stream, from 5 to 300. Agora's default is 10.",
		},
	]),
];

const displayOptions = { show: { resource: ['snapshot'], operation: ['setConfig'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const node = this.getNode();
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const storage = readStorageChoice.call(this, itemIndex);
	const region = readRegion.call(this, itemIndex);
	const enabled = getBoolean.call(this, 'enabled', 'Enabled', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as unknown;
	if (options === null || typeof options !== 'object' || Array.isArray(options)) {
		throw inputError(
			node,
			itemIndex,
			'Options must be an object with snapshotInterval and/or enableModeration',
		);
	}
	const { snapshotInterval, enableModeration } = options as IDataObject;
	const body: IDataObject = { enabled };
	if (snapshotInterval !== undefined) {
		body.snapshotInterval = assertInteger(
			node,
			snapshotInterval,
			'Snapshot Interval (Seconds)',
			5,
			300,
			itemIndex,
		);
	}
	if (enableModeration !== undefined) {
		if (typeof enableModeration === 'boolean') body.enableModeration = enableModeration;
		else if (enableModeration === 'true' || enableModeration === 'false')
			body.enableModeration = enableModeration === 'true';
		else throw inputError(node, itemIndex, 'Content Moderation must be true or false');
	}
	const storageSettings =
		storage === 'custom' && getBoolean.call(this, 'setStorage', 'Set Storage', itemIndex, false)
			? await readStorageConfig.call(this, itemIndex)
			: undefined;
	if (storageSettings) body.storageConfig = storageSettings.config;
	return {
		request: entryPointRequest(
			'PATCH',
			entryPoint,
			regionSettingsSegments('snapshot', storage, region),
			{ body, storageKeyHosts: storageSettings?.allowedApiHosts },
		),
		// The storage keys are masked in the output.
		toItems: () => successItem(maskSecrets({ entryPoint, storage, region, ...body })),
	};
}
