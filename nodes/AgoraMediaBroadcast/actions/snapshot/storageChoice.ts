import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getOption } from '../../shared/validation';

/** Agora storage = the `standard` snapshot endpoints, your storage = the `custom` ones. */
export function storageChoiceField(description: string): INodeProperties {
	return {
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
		description,
	};
}

const STORAGE_CHOICES = ['standard', 'custom'] as const;
type StorageChoice = (typeof STORAGE_CHOICES)[number];

export function readStorageChoice(this: IExecuteFunctions, itemIndex: number): StorageChoice {
	return getOption.call(this, 'storage', 'Storage', STORAGE_CHOICES, itemIndex) as StorageChoice;
}
