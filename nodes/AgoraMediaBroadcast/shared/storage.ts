import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { STORAGE_VENDORS } from './storageVendors';
import { getString, inputError } from './validation';

export { STORAGE_VENDORS };

/**
 * Third-party cloud storage (`storageConfig`, reference §11.3), used by custom recording and by
 * snapshots to your storage. `vendor` is 0–8; `region` is an index whose meaning depends on the
 * vendor, so each vendor has its own region dropdown (shown only for that vendor).
 *
 * accessKey and secretKey are secrets: they are sent to Agora and never written to output items or
 * error messages (maskSecrets hides them when Agora echoes them back).
 */

export interface StorageConfig extends IDataObject {
	vendor: number;
	region: number;
	bucket: string;
	accessKey: string;
	secretKey: string;
}

const VENDOR_LIST = Object.entries(STORAGE_VENDORS)
	.map(([value, vendor]) => `${value} (${vendor.name})`)
	.join(', ');

const NO_REGION_VENDORS = Object.entries(STORAGE_VENDORS)
	.filter(([, vendor]) => !vendor.regions)
	.map(([value]) => Number(value));

const REGION_HINT =
	"Index of the bucket region in Agora's table for this vendor. It should match the region of the push domain.";

/**
 * One region dropdown per vendor with a region table, shown only for that vendor, in vendor order;
 * a notice for the vendors without regions (Azure, Google) where their turn comes.
 */
function regionFields(
	when: (extra?: IDataObject) => INodeProperties['displayOptions'],
): INodeProperties[] {
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
 * `show` is added to every field's conditions. Put `resource` and `operation` FIRST in it, e.g.
 * `{ resource: ['snapshot'], operation: ['setConfig'], storage: ['custom'], setStorage: [true] }`:
 * n8n shows a field as soon as one of its show keys (in order) holds an expression, so a later
 * resource/operation key (what updateDisplayOptions would add) would let these fields, required
 * ones included, appear in every operation whenever Storage or Set Storage is an expression.
 */
export function storageConfigFields(show: IDataObject = {}): INodeProperties[] {
	const when = (extra: IDataObject = {}) =>
		({ show: { ...show, ...extra } }) as INodeProperties['displayOptions'];
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

function describeValue(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'empty';
	if (typeof value === 'string') return `"${value}"`;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return 'not a number';
}

function toIndex(value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

/**
 * Reads and checks the storage fields of one item and returns the `storageConfig` body:
 * vendor 0–8, a region from that vendor's table (0 for Azure and Google, which Agora ignores),
 * bucket and both keys required. Error messages never contain the keys.
 */
export function readStorageConfig(this: IExecuteFunctions, itemIndex: number): StorageConfig {
	const node = this.getNode();
	const rawVendor = this.getNodeParameter('storageVendor', itemIndex, undefined) as unknown;
	const vendor = toIndex(rawVendor);
	if (vendor === undefined || STORAGE_VENDORS[vendor] === undefined) {
		throw inputError(
			node,
			itemIndex,
			`Storage Vendor ${describeValue(rawVendor)} is not allowed: use one of ${VENDOR_LIST}`,
		);
	}
	const { name: vendorName, regionParameter, regions } = STORAGE_VENDORS[vendor];

	let region = 0;
	if (regionParameter && regions) {
		const allowed = regions.map((option) => `${option.value} (${option.name})`).join(', ');
		const rawRegion = this.getNodeParameter(regionParameter, itemIndex, undefined) as unknown;
		const index = toIndex(rawRegion);
		if (rawRegion === undefined || rawRegion === null || rawRegion === '') {
			throw inputError(
				node,
				itemIndex,
				`Storage Region is required for ${vendorName} (vendor ${vendor}): use one of ${allowed}`,
			);
		}
		if (index === undefined || !regions.some((option) => option.value === index)) {
			throw inputError(
				node,
				itemIndex,
				`Storage Region ${describeValue(rawRegion)} is not valid for ${vendorName} (vendor ${vendor}): use one of ${allowed}`,
			);
		}
		region = index;
	}

	const bucket = getString.call(this, 'storageBucket', 'Bucket', itemIndex);
	if (/[\s/\\]/.test(bucket)) {
		throw inputError(
			node,
			itemIndex,
			`Bucket "${bucket}" is not valid: a bucket name has no spaces, "/" or "\\"`,
		);
	}
	const accessKey = getString.call(this, 'storageAccessKey', 'Access Key', itemIndex);
	const secretKey = getString.call(this, 'storageSecretKey', 'Secret Key', itemIndex);
	return { vendor, region, bucket, accessKey, secretKey };
}
