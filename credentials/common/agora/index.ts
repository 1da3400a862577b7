// What the credentials and the nodes share. nodes/ imports these from here; nothing here or in the
// credentials imports from nodes/ (npm run lint checks the direction).
export { checkApiBaseUrl, DEFAULT_API_BASE_URL, refusedBaseUrlMessage } from './baseUrl';
export { agoraClock } from './clock';
export { REQUESTS_PER_SECOND } from './requestsPerSecond';
export { computeAgoraSignature, signAgoraRequest, type AgoraSignature } from './signer';
export { storageFieldDefinitions, type DisplayWhen } from './storageFields';
export {
	allowedApiHostsField,
	DEFAULT_STORAGE_KEY_HOSTS,
	isAllowedApiHost,
	parseAllowedApiHosts,
} from './storageKeyHosts';
export { STORAGE_VENDORS, type RegionOption } from './storageVendors';
