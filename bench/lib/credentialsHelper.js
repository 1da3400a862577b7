// The one test credential store for n8n-core: hands out the decrypted test credentials and signs with
// the package's own credential type (its authenticate()), as n8n's CredentialsHelper does. Used by the
// engine helper (action node) and the trigger harness.
'use strict';

const path = require('node:path');
const { ICredentialsHelper } = require('n8n-workflow');

const DIST = path.join(__dirname, '..', '..', 'dist');
const { AgoraMediaBroadcastApi } = require(
	path.join(DIST, 'credentials/AgoraMediaBroadcastApi.credentials.js'),
);
const { AgoraCloudStorageApi } = require(
	path.join(DIST, 'credentials/AgoraCloudStorageApi.credentials.js'),
);

const CREDENTIAL_TYPE = 'agoraMediaBroadcastApi';
const STORAGE_CREDENTIAL_TYPE = 'agoraCloudStorageApi';
const credentialType = new AgoraMediaBroadcastApi();
const credentialTypes = {
	[CREDENTIAL_TYPE]: credentialType,
	[STORAGE_CREDENTIAL_TYPE]: new AgoraCloudStorageApi(),
};

class TestCredentialsHelper extends ICredentialsHelper {
	/**
	 * `credentials`: the decrypted credential data, or a function returning it (read on every use).
	 * `storageCredentials`: the decrypted Agora Cloud Storage API credential, when a test selects one.
	 * `decrypted` lists the credential types the node read, in order.
	 */
	constructor(credentials, storageCredentials) {
		super();
		this.credentialsData = typeof credentials === 'function' ? credentials : () => credentials;
		this.storageCredentials = storageCredentials;
		this.authenticateCalls = 0;
		this.decrypted = [];
	}
	getParentTypes() {
		return [];
	}
	async authenticate(credentials, typeName, requestOptions) {
		if (typeName !== CREDENTIAL_TYPE) throw new Error(`unexpected credential type ${typeName}`);
		this.authenticateCalls++;
		return await credentialType.authenticate(credentials, requestOptions);
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	getCredentialsProperties(type) {
		return credentialTypes[type].properties;
	}
	async getDecrypted(_additionalData, _nodeCredentials, type) {
		this.decrypted.push(type);
		if (type === STORAGE_CREDENTIAL_TYPE && this.storageCredentials)
			return { ...this.storageCredentials };
		if (type !== CREDENTIAL_TYPE) throw new Error(`unexpected credential type ${type}`);
		return { ...this.credentialsData() };
	}
	async getCredentials() {
		throw new Error('not used');
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	isCredentialUsableByNode() {
		return true;
	}
	getOAuth2Options() {
		return undefined;
	}
}

module.exports = { TestCredentialsHelper, CREDENTIAL_TYPE, STORAGE_CREDENTIAL_TYPE };
