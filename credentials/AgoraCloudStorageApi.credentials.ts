import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { allowedApiHostsField, storageFieldDefinitions } from './common/agora';

/**
 * The third-party cloud storage Agora writes recordings and snapshots to (reference §11.3
 * storageConfig: vendor, region, bucket, access key, secret key). A credential, not node
 * parameters, so n8n stores the keys encrypted and never copies them into the workflow or its
 * executions. Nothing signs with it: the Set Config operations read it and put it into the
 * storageConfig of the request body (signed by the Agora Media Broadcast API credential), and only
 * when that credential's API Base URL is on this one's Allowed Agora API Hosts.
 *
 * The fields are the node's legacy storage fields (same names, one definition in
 * common/agora/storageFields.ts), so one reader serves both. Tested by the node (`testedBy`): the fields are checked offline; the keys
 * themselves only by the vendor when Agora writes the first file.
 */
export class AgoraCloudStorageApi implements ICredentialType {
	name = 'agoraCloudStorageApi';

	displayName = 'Agora Cloud Storage API';

	icon: Icon = { light: 'file:../icons/agora.svg', dark: 'file:../icons/agora.dark.svg' };

	documentationUrl =
		'https://docs.agora.io/en/api-reference/api-ref/broadcast-streaming/custom-recording';

	properties: INodeProperties[] = [
		...storageFieldDefinitions((extra) => (extra ? { show: extra } : undefined)),
		allowedApiHostsField,
	];
}
