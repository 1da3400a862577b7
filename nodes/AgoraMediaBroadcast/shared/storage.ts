import type {
	DisplayCondition,
	ICredentialDataDecryptedObject,
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeProperties,
} from 'n8n-workflow';

import { inputError } from './validation';

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

interface RegionOption {
	name: string;
	value: number;
	description?: string;
}

const QINIU_REGIONS: RegionOption[] = [
	{ name: 'East China', value: 0 },
	{ name: 'North China', value: 1 },
	{ name: 'South China', value: 2 },
	{ name: 'North America', value: 3 },
	{ name: 'Southeast Asia', value: 4 },
];

// Indices 17 (US_GOV_WEST_1) and 23 (US_GOV_EAST_1) were dropped by Agora: they are not offered.
const S3_REGIONS: RegionOption[] = [
	{ name: 'US_EAST_1', value: 0, description: 'AWS region us-east-1' },
	{ name: 'US_EAST_2', value: 1, description: 'AWS region us-east-2' },
	{ name: 'US_WEST_1', value: 2, description: 'AWS region us-west-1' },
	{ name: 'US_WEST_2', value: 3, description: 'AWS region us-west-2' },
	{ name: 'EU_WEST_1', value: 4, description: 'AWS region eu-west-1' },
	{ name: 'EU_WEST_2', value: 5, description: 'AWS region eu-west-2' },
	{ name: 'EU_WEST_3', value: 6, description: 'AWS region eu-west-3' },
	{ name: 'EU_CENTRAL_1', value: 7, description: 'AWS region eu-central-1' },
	{ name: 'AP_SOUTHEAST_1', value: 8, description: 'AWS region ap-southeast-1' },
	{ name: 'AP_SOUTHEAST_2', value: 9, description: 'AWS region ap-southeast-2' },
	{ name: 'AP_NORTHEAST_1', value: 10, description: 'AWS region ap-northeast-1' },
	{ name: 'AP_NORTHEAST_2', value: 11, description: 'AWS region ap-northeast-2' },
	{ name: 'SA_EAST_1', value: 12, description: 'AWS region sa-east-1' },
	{ name: 'CA_CENTRAL_1', value: 13, description: 'AWS region ca-central-1' },
	{ name: 'AP_SOUTH_1', value: 14, description: 'AWS region ap-south-1' },
	{ name: 'CN_NORTH_1', value: 15, description: 'AWS region cn-north-1' },
	{ name: 'CN_NORTHWEST_1', value: 16, description: 'AWS region cn-northwest-1' },
	{ name: 'AF_SOUTH_1', value: 18, description: 'AWS region af-south-1' },
	{ name: 'AP_EAST_1', value: 19, description: 'AWS region ap-east-1' },
	{ name: 'AP_NORTHEAST_3', value: 20, description: 'AWS region ap-northeast-3' },
	{ name: 'EU_NORTH_1', value: 21, description: 'AWS region eu-north-1' },
	{ name: 'ME_SOUTH_1', value: 22, description: 'AWS region me-south-1' },
	{ name: 'AP_SOUTHEAST_3', value: 24, description: 'AWS region ap-southeast-3' },
	{ name: 'EU_SOUTH_1', value: 25, description: 'AWS region eu-south-1' },
	{ name: 'AWS_REGION_NUM', value: 26, description: 'Listed by Agora; not an AWS region' },
];

const ALIBABA_REGIONS: RegionOption[] = [
	{ name: 'CN_Hangzhou', value: 0 },
	{ name: 'CN_Shanghai', value: 1 },
	{ name: 'CN_Qingdao', value: 2 },
	{ name: 'CN_Beijing', value: 3 },
	{ name: 'CN_Zhangjiakou', value: 4 },
	{ name: 'CN_Huhehaote', value: 5 },
	{ name: 'CN_Shenzhen', value: 6 },
	{ name: 'CN_Hongkong', value: 7 },
	{ name: 'US_West_1', value: 8 },
	{ name: 'US_East_1', value: 9 },
	{ name: 'AP_Southeast_1', value: 10 },
	{ name: 'AP_Southeast_2', value: 11 },
	{ name: 'AP_Southeast_3', value: 12 },
	{ name: 'AP_Southeast_5', value: 13 },
	{ name: 'AP_Northeast_1', value: 14 },
	{ name: 'AP_South_1', value: 15 },
	{ name: 'EU_Central_1', value: 16 },
	{ name: 'EU_West_1', value: 17 },
	{ name: 'EU_East_1', value: 18 },
	{ name: 'AP_Southeast_6', value: 19 },
	{ name: 'CN_Heyuan', value: 20 },
	{ name: 'CN_Guangzhou', value: 21 },
	{ name: 'CN_Chengdu', value: 22 },
];

const TENCENT_REGIONS: RegionOption[] = [
	{ name: 'AP_Beijing_1', value: 0 },
	{ name: 'AP_Beijing', value: 1 },
	{ name: 'AP_Shanghai', value: 2 },
	{ name: 'AP_Guangzhou', value: 3 },
	{ name: 'AP_Chengdu', value: 4 },
	{ name: 'AP_Chongqing', value: 5 },
	{ name: 'AP_Shenzhen_FSI', value: 6 },
	{ name: 'AP_Shanghai_FSI', value: 7 },
	{ name: 'AP_Beijing_FSI', value: 8 },
	{ name: 'AP_Hongkong', value: 9 },
	{ name: 'AP_Singapore', value: 10 },
	{ name: 'AP_Mumbai', value: 11 },
	{ name: 'AP_Seoul', value: 12 },
	{ name: 'AP_Bangkok', value: 13 },
	{ name: 'AP_Tokyo', value: 14 },
	{ name: 'NA_Siliconvalley', value: 15 },
	{ name: 'NA_Ashburn', value: 16 },
	{ name: 'NA_Toronto', value: 17 },
	{ name: 'EU_Frankfurt', value: 18 },
	{ name: 'EU_Moscow', value: 19 },
];

const KINGSOFT_REGIONS: RegionOption[] = [
	{ name: 'CN_Hangzhou', value: 0 },
	{ name: 'CN_Shanghai', value: 1 },
	{ name: 'CN_Qingdao', value: 2 },
	{ name: 'CN_Beijing', value: 3 },
	{ name: 'CN_Guangzhou', value: 4 },
	{ name: 'CN_Hongkong', value: 5 },
	{ name: 'JR_Beijing', value: 6 },
	{ name: 'JR_Shanghai', value: 7 },
	{ name: 'NA_Russia_1', value: 8 },
	{ name: 'NA_Singapore_1', value: 9 },
];

const HUAWEI_REGIONS: RegionOption[] = [
	{ name: 'CN_North_1', value: 0 },
	{ name: 'CN_North_4', value: 1 },
	{ name: 'CN_East_2', value: 2 },
	{ name: 'CN_East_3', value: 3 },
	{ name: 'CN_South_1', value: 4 },
	{ name: 'CN_Southwest_2', value: 5 },
	{ name: 'AP_Southeast_1', value: 6 },
	{ name: 'AP_Southeast_2', value: 7 },
	{ name: 'AP_Southeast_3', value: 8 },
	{ name: 'AF_South_1', value: 9 },
	{ name: 'SA_Argentina_1', value: 10 },
	{ name: 'SA_Peru_1', value: 11 },
	{ name: 'NA_Mexico_1', value: 12 },
	{ name: 'SA_Brazil_1', value: 13 },
	{ name: 'LA_South_2', value: 14 },
	{ name: 'SA_Chile_1', value: 15 },
];

const BAIDU_REGIONS: RegionOption[] = [
	{ name: 'Beijing', value: 0 },
	{ name: 'Baoding', value: 1 },
	{ name: 'Suzhou', value: 2 },
	{ name: 'Guangzhou', value: 3 },
	{ name: 'Hongkong', value: 4 },
	{ name: 'Singapore', value: 5 },
	{ name: 'Wuhan', value: 6 },
	{ name: 'Shanghai', value: 7 },
];

/** vendor index → its name, the parameter holding its region and the allowed region indices (null: no region). */
export const STORAGE_VENDORS: Record<
	number,
	{ name: string; regionParameter?: string; regions?: RegionOption[] }
> = {
	0: { name: 'Qiniu', regionParameter: 'storageRegionQiniu', regions: QINIU_REGIONS },
	1: { name: 'Amazon S3', regionParameter: 'storageRegionAmazonS3', regions: S3_REGIONS },
	2: { name: 'Alibaba Cloud', regionParameter: 'storageRegionAlibaba', regions: ALIBABA_REGIONS },
	3: { name: 'Tencent Cloud', regionParameter: 'storageRegionTencent', regions: TENCENT_REGIONS },
	4: {
		name: 'Kingsoft Cloud (KS3)',
		regionParameter: 'storageRegionKingsoft',
		regions: KINGSOFT_REGIONS,
	},
	5: { name: 'Microsoft Azure' },
	6: { name: 'Google Cloud' },
	7: {
		name: 'Huawei Cloud (OBS)',
		regionParameter: 'storageRegionHuawei',
		regions: HUAWEI_REGIONS,
	},
	8: {
		name: 'Baidu AI Cloud (BOS)',
		regionParameter: 'storageRegionBaidu',
		regions: BAIDU_REGIONS,
	},
};

const VENDOR_LIST = Object.entries(STORAGE_VENDORS)
	.map(([value, vendor]) => `${value} (${vendor.name})`)
	.join(', ');

const REGION_HINT =
	"Index of the bucket region in Agora's table for this vendor. It should match the region of the push domain.";

/** The credential type that keeps storage settings and keys encrypted (credentials/AgoraCloudStorageApi). */
export const STORAGE_CREDENTIAL_TYPE = 'agoraCloudStorageApi';

/** The display conditions of one field, given the conditions that field adds (e.g. its vendor). */
export type DisplayWhen = (extra?: IDisplayOptions['show']) => IDisplayOptions | undefined;

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
				{ name: 'Qiniu', value: 0 },
				{ name: 'Amazon S3', value: 1 },
				{ name: 'Alibaba Cloud', value: 2 },
				{ name: 'Tencent Cloud', value: 3 },
				{ name: 'Kingsoft Cloud (KS3)', value: 4 },
				{ name: 'Microsoft Azure', value: 5 },
				{ name: 'Google Cloud', value: 6 },
				{ name: 'Huawei Cloud (OBS)', value: 7 },
				{ name: 'Baidu AI Cloud (BOS)', value: 8 },
			],
			default: 1,
			required: true,
			description:
				'Your cloud storage provider (Agora vendor index 0–8). Microsoft Azure and Google Cloud take no region.',
			displayOptions: when(),
		},
		{
			displayName: 'Storage Region',
			name: 'storageRegionQiniu',
			type: 'options',
			options: QINIU_REGIONS,
			default: 0,
			required: true,
			description: REGION_HINT,
			displayOptions: when({ storageVendor: [0] }),
		},
		{
			displayName: 'Storage Region',
			name: 'storageRegionAmazonS3',
			type: 'options',
			options: S3_REGIONS,
			default: 0,
			required: true,
			description: REGION_HINT,
			displayOptions: when({ storageVendor: [1] }),
		},
		{
			displayName: 'Storage Region',
			name: 'storageRegionAlibaba',
			type: 'options',
			options: ALIBABA_REGIONS,
			default: 0,
			required: true,
			description: REGION_HINT,
			displayOptions: when({ storageVendor: [2] }),
		},
		{
			displayName: 'Storage Region',
			name: 'storageRegionTencent',
			type: 'options',
			options: TENCENT_REGIONS,
			default: 0,
			required: true,
			description: REGION_HINT,
			displayOptions: when({ storageVendor: [3] }),
		},
		{
			displayName: 'Storage Region',
			name: 'storageRegionKingsoft',
			type: 'options',
			options: KINGSOFT_REGIONS,
			default: 0,
			required: true,
			description: REGION_HINT,
			displayOptions: when({ storageVendor: [4] }),
		},
		{
			displayName:
				'Microsoft Azure and Google Cloud have no storage region: the node sends region 0, which Agora ignores',
			name: 'storageRegionNotice',
			type: 'notice',
			default: '',
			displayOptions: when({ storageVendor: [5, 6] }),
		},
		{
			displayName: 'Storage Region',
			name: 'storageRegionHuawei',
			type: 'options',
			options: HUAWEI_REGIONS,
			default: 0,
			required: true,
			description: REGION_HINT,
			displayOptions: when({ storageVendor: [7] }),
		},
		{
			displayName: 'Storage Region',
			name: 'storageRegionBaidu',
			type: 'options',
			options: BAIDU_REGIONS,
			default: 0,
			required: true,
			description: REGION_HINT,
			displayOptions: when({ storageVendor: [8] }),
		},
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

/** Where the storage settings and keys of a Set Config operation come from. */
export type StorageKeysSource = 'credential' | 'nodeParameters';

const STORAGE_KEYS_SOURCES: StorageKeysSource[] = ['credential', 'nodeParameters'];

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

/** Reads one storage field by name, from the node's parameters or from the credential. */
type StorageFieldReader = (name: string) => unknown;

/** What is wrong with the storage fields; the message never contains a key. */
interface StorageProblem {
	problem: string;
}

/** A text field: trimmed and required. The value itself is never put into a message (it may be a key). */
function requiredText(
	read: StorageFieldReader,
	name: string,
	label: string,
): string | StorageProblem {
	const raw = read(name);
	if (raw === undefined || raw === null) return { problem: `${label} is required` };
	if (typeof raw !== 'string' && typeof raw !== 'number')
		return { problem: `${label} must be text` };
	const value = String(raw).trim();
	return value === '' ? { problem: `${label} is required` } : value;
}

/**
 * Checks the storage fields and returns the `storageConfig` body: vendor 0–8, a region from that
 * vendor's table (0 for Azure and Google, which Agora ignores), bucket and both keys required.
 */
function checkStorageFields(read: StorageFieldReader): StorageConfig | StorageProblem {
	const rawVendor = read('storageVendor');
	const vendor = toIndex(rawVendor);
	if (vendor === undefined || STORAGE_VENDORS[vendor] === undefined) {
		return {
			problem: `Storage Vendor ${describeValue(rawVendor)} is not allowed: use one of ${VENDOR_LIST}`,
		};
	}
	const { name: vendorName, regionParameter, regions } = STORAGE_VENDORS[vendor];

	let region = 0;
	if (regionParameter && regions) {
		const allowed = regions.map((option) => `${option.value} (${option.name})`).join(', ');
		const rawRegion = read(regionParameter);
		const index = toIndex(rawRegion);
		if (rawRegion === undefined || rawRegion === null || rawRegion === '') {
			return {
				problem: `Storage Region is required for ${vendorName} (vendor ${vendor}): use one of ${allowed}`,
			};
		}
		if (index === undefined || !regions.some((option) => option.value === index)) {
			return {
				problem: `Storage Region ${describeValue(rawRegion)} is not valid for ${vendorName} (vendor ${vendor}): use one of ${allowed}`,
			};
		}
		region = index;
	}

	const bucket = requiredText(read, 'storageBucket', 'Bucket');
	if (typeof bucket !== 'string') return bucket;
	if (/[\s/\\]/.test(bucket)) {
		return { problem: `Bucket "${bucket}" is not valid: a bucket name has no spaces, "/" or "\\"` };
	}
	const accessKey = requiredText(read, 'storageAccessKey', 'Access Key');
	if (typeof accessKey !== 'string') return accessKey;
	const secretKey = requiredText(read, 'storageSecretKey', 'Secret Key');
	if (typeof secretKey !== 'string') return secretKey;
	return { vendor, region, bucket, accessKey, secretKey };
}

function isProblem(checked: StorageConfig | StorageProblem): checked is StorageProblem {
	return typeof (checked as StorageProblem).problem === 'string';
}

/**
 * What is wrong with an Agora Cloud Storage credential, or undefined when it is complete. Used by
 * the credential test: the keys themselves can only be checked by the storage vendor, when Agora
 * writes the first file.
 */
export function storageCredentialProblem(data: ICredentialDataDecryptedObject): string | undefined {
	const checked = checkStorageFields((name) => data[name]);
	return isProblem(checked) ? checked.problem : undefined;
}

/**
 * Reads and checks the storage settings of one item and returns the `storageConfig` body, from the
 * Agora Cloud Storage credential (the default of node version 1.1) or from the legacy node
 * parameters (Storage Keys From). Every Set Config operation that sends a storageConfig calls this.
 * Error messages never contain the keys, and a credential error says where to fix it.
 */
export async function readStorageConfig(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<StorageConfig> {
	const node = this.getNode();
	const source = this.getNodeParameter('storageKeysFrom', itemIndex, 'nodeParameters') as unknown;
	if (!STORAGE_KEYS_SOURCES.includes(source as StorageKeysSource)) {
		throw inputError(
			node,
			itemIndex,
			`Storage Keys From ${describeValue(source)} is not allowed: use "credential" or "nodeParameters"`,
		);
	}
	let read: StorageFieldReader;
	if (source === 'credential') {
		const credential = await this.getCredentials(STORAGE_CREDENTIAL_TYPE, itemIndex);
		read = (name) => credential[name];
	} else {
		read = (name) => this.getNodeParameter(name, itemIndex, undefined) as unknown;
	}
	const checked = checkStorageFields(read);
	if (!isProblem(checked)) return checked;
	if (source !== 'credential') throw inputError(node, itemIndex, checked.problem);
	throw inputError(
		node,
		itemIndex,
		`${checked.problem} (in the Agora Cloud Storage API credential)`,
		'Open the Agora Cloud Storage API credential selected in this node and correct the field.',
	);
}

const SECRET_KEYS = new Set(['accesskey', 'secretkey']);

/** "****" plus the last 4 characters, or only "****" when the value is too short to show any of it. */
export function maskSecret(value: unknown): string {
	const text = typeof value === 'string' ? value : '';
	return text.length > 8 ? `****${text.slice(-4)}` : '****';
}

/**
 * A copy of `value` in which every `accessKey` / `secretKey` (at any depth, any letter case) is
 * masked. Used on everything Agora returns for recording and snapshot configurations.
 */
export function maskSecrets<T>(value: T): T {
	if (Array.isArray(value))
		return value.map((entry) => maskSecrets(entry) as unknown) as unknown as T;
	if (value !== null && typeof value === 'object') {
		const copy: IDataObject = {};
		for (const [key, entry] of Object.entries(value as IDataObject)) {
			copy[key] =
				SECRET_KEYS.has(key.toLowerCase()) && entry !== undefined && entry !== null
					? maskSecret(entry)
					: (maskSecrets(entry) as IDataObject[keyof IDataObject]);
		}
		return copy as T;
	}
	return value;
}
