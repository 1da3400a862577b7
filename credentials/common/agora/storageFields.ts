import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { STORAGE_VENDORS } from './storageVendors';

// The storage fields as n8n shows them, in the Agora Cloud Storage credential and (legacy) as node
// parameters; the node's shared/storage.ts reads and checks what the user put in them.

const NO_REGION_VENDORS = Object.entries(STORAGE_VENDORS)
	.filter(([, vendor]) => !vendor.regions)
	.map(([value]) => Number(value));

const REGION_HINT =
	"Index of the bucket region in Agora's table for this vendor. It should match the region of the push domain.";

/** The display conditions of one field, given the conditions that field adds (e.g. its vendor). */
export type DisplayWhen = (extra?: IDisplayOptions['show']) => IDisplayOptions | undefined;

/**
 * One region dropdown per vendor with a region table, shown only for that vendor, in vendor order;
 * a notice for the vendors without regions (Azure, Google) where their turn comes.
 */
function regionFields(when: DisplayWhen): INodeProperties[] {
	const fields: INodeProperties[] = [];
	for (const [value, vendor] of Object.entries(STORAGE_VENDORS)) {
		if (vendor.regionParameter && vendor.regions) {
			fields.push({
				displayName: 'Storage Region',
				name: vendor.regionParameter,
				type: 'options',
				options: vendor.regions,
				default: 0,
				required: true,
				description: REGION_HINT,
				displayOptions: when({ storageVendor: [Number(value)] }),
			});
		} else if (!fields.some((field) => field.name === 'storageRegionNotice')) {
			fields.push({
				displayName:
					'Microsoft Azure and Google Cloud have no storage region: the node sends region 0, which Agora ignores',
				name: 'storageRegionNotice',
				type: 'notice',
				default: '',
				displayOptions: when({ storageVendor: NO_REGION_VENDORS }),
			});
		}
	}
	return fields;
}

/**
 * The storage fields: vendor, the vendor's region dropdown, bucket, access key and secret key.
 * One definition for both homes: the node's legacy parameters and the Agora Cloud Storage
 * credential use the same field names, so one reader serves both (readStorageConfig).
 */
export function storageFieldDefinitions(when: DisplayWhen): INodeProperties[] {
	return [
		{
			displayName: 'Storage Vendor',
			name: 'storageVendor',
			type: 'options',
			options: [
				...Object.entries(STORAGE_VENDORS).map(([value, vendor]) => ({
					name: vendor.name,
					value: Number(value),
				})),
			],
			default: 1,
			required: true,
			description:
				'Your cloud storage provider (Agora vendor index 0–8). Microsoft Azure and Google Cloud take no region.',
			displayOptions: when(),
		},
		...regionFields(when),
		{
			displayName: 'Bucket',
			name: 'storageBucket',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. my-recordings',
			description:
				"Name of the bucket (container) the files are written to. It must follow the vendor's naming rules.",
			displayOptions: when(),
		},
		{
			displayName: 'Access Key',
			name: 'storageAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Access key of the storage account. A key that can only write is recommended. Never shown in the output.',
			displayOptions: when(),
		},
		{
			displayName: 'Secret Key',
			name: 'storageSecretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Secret key of the storage account. Never shown in the output.',
			displayOptions: when(),
		},
	];
}
