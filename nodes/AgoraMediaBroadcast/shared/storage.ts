import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseAllowedApiHosts, STORAGE_VENDORS } from '../../../credentials/common/agora';
import { shownName } from './names';
import { STORAGE_KEYS_SOURCES, type StorageKeysSource } from './storageFields';
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

const VENDOR_LIST = Object.entries(STORAGE_VENDORS)
	.map(([value, vendor]) => `${value} (${vendor.name})`)
	.join(', ');

/** The credential type that keeps storage settings and keys encrypted (credentials/AgoraCloudStorageApi). */
const STORAGE_CREDENTIAL_TYPE = 'agoraCloudStorageApi';

function describeValue(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'empty';
	if (typeof value === 'string') return `"${shownName(value)}"`;
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
		return {
			problem: `Bucket "${shownName(bucket)}" is not valid: a bucket name has no spaces, "/" or "\\"`,
		};
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
	if (isProblem(checked)) return checked.problem;
	const hosts = parseAllowedApiHosts(data.allowedApiHosts);
	return 'problem' in hosts ? hosts.problem : undefined;
}

/** The storage settings of one item: the `storageConfig` body, and where its keys may be sent. */
export interface StorageSettings {
	config: StorageConfig;
	/**
	 * From an Agora Cloud Storage API credential: its Allowed Agora API Hosts (the transport sends
	 * nowhere else). Undefined for keys typed as node parameters: whoever edits the workflow has them.
	 */
	allowedApiHosts?: string[];
}

/**
 * Reads and checks the storage settings of one item: the `storageConfig` body, from the Agora Cloud
 * Storage credential (the default of node version 1.1) or from the legacy node parameters (Storage
 * Keys From), and, from the credential, the hosts its keys may go to. Every Set Config operation that
 * sends a storageConfig calls this. Error messages never contain the keys, and a credential error
 * says where to fix it.
 */
export async function readStorageConfig(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<StorageSettings> {
	const node = this.getNode();
	const source = this.getNodeParameter('storageKeysFrom', itemIndex, 'nodeParameters') as unknown;
	if (!STORAGE_KEYS_SOURCES.includes(source as StorageKeysSource)) {
		throw inputError(
			node,
			itemIndex,
			`Storage Keys From ${describeValue(source)} is not allowed: use "credential" or "nodeParameters"`,
		);
	}
	if (source !== 'credential') {
		const checked = checkStorageFields(
			(name) => this.getNodeParameter(name, itemIndex, undefined) as unknown,
		);
		if (isProblem(checked)) throw inputError(node, itemIndex, checked.problem);
		return { config: checked };
	}
	const credential = await this.getCredentials(STORAGE_CREDENTIAL_TYPE, itemIndex);
	const credentialError = (problem: string) =>
		inputError(
			node,
			itemIndex,
			`${problem} (in the Agora Cloud Storage API credential)`,
			'Open the Agora Cloud Storage API credential selected in this node and correct the field.',
		);
	const checked = checkStorageFields((name) => credential[name]);
	if (isProblem(checked)) throw credentialError(checked.problem);
	const hosts = parseAllowedApiHosts(credential.allowedApiHosts);
	if ('problem' in hosts) throw credentialError(hosts.problem);
	return { config: checked, allowedApiHosts: hosts.hosts };
}
