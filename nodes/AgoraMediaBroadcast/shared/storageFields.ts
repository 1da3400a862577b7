import type { DisplayCondition, IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { storageFieldDefinitions } from '../../../credentials/common/agora';

/** Where the storage settings and keys of a Set Config operation come from. */
export type StorageKeysSource = 'credential' | 'nodeParameters';

export const STORAGE_KEYS_SOURCES: StorageKeysSource[] = ['credential', 'nodeParameters'];

/**
 * The "Storage Keys From" switch, twice with the same name (n8n's way, as in its GitHub node): node
 * version 1 defaults to Node Parameters so saved workflows, which store only non-default values,
 * keep reading the keys they were saved with; version 1.1 (new nodes) defaults to the credential,
 * so by default no key is typed into the workflow.
 */
function storageKeysFromFields(show: IDataObject): INodeProperties[] {
	const field = (version: DisplayCondition, byDefault: StorageKeysSource): INodeProperties => ({
		displayName: 'Storage Keys From',
		name: 'storageKeysFrom',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Credential',
				value: 'credential',
				description:
					'Vendor, region, bucket and keys from an Agora Cloud Storage API credential, which n8n stores encrypted',
			},
			{
				name: 'Node Parameters (Legacy)',
				value: 'nodeParameters',
				description:
					'Typed into this node: n8n saves them in the workflow and in its executions. Kept for existing workflows.',
			},
		],
		default: byDefault,
		description: 'Where the storage vendor, region, bucket and keys come from',
		displayOptions: { show: { ...show, '@version': [version] } },
	});
	return [
		field({ _cnd: { lte: 1 } }, 'nodeParameters'),
		field({ _cnd: { gte: 1.1 } }, 'credential'),
	];
}

/**
 * The node's storage parameters: the Storage Keys From switch, then the legacy fields shown only
 * for Node Parameters. `show` is added to every field's conditions. Put `resource` and `operation`
 * FIRST in it, e.g. `{ resource: ['snapshot'], operation: ['setConfig'], storage: ['custom'],
 * setStorage: [true] }`: n8n shows a field as soon as one of its show keys (in order) holds an
 * expression, so a later resource/operation key (what updateDisplayOptions would add) would let
 * these fields, required ones included, appear in every operation whenever Storage or Set Storage
 * is an expression.
 */
export function storageConfigFields(show: IDataObject = {}): INodeProperties[] {
	const legacy = { ...show, storageKeysFrom: ['nodeParameters'] };
	return [
		...storageKeysFromFields(show),
		...storageFieldDefinitions(
			(extra = {}) => ({ show: { ...legacy, ...extra } }) as IDisplayOptions,
		),
	];
}
