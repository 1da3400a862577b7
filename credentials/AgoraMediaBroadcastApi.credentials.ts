import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { DEFAULT_API_BASE_URL, REQUESTS_PER_SECOND, signAgoraRequest } from './common/agora';

export class AgoraMediaBroadcastApi implements ICredentialType {
	name = 'agoraMediaBroadcastApi';

	displayName = 'Agora Media Broadcast API';

	icon: Icon = { light: 'file:../icons/agora.svg', dark: 'file:../icons/agora.dark.svg' };

	documentationUrl = 'https://docs.agora.io/en/api-reference/api-ref/broadcast-streaming';

	properties: INodeProperties[] = [
		{
			displayName: 'Customer ID',
			name: 'customerId',
			type: 'string',
			default: '',
			required: true,
			description: 'Customer ID from Agora Console → Developer Toolkit → RESTful API',
		},
		{
			displayName: 'Customer Secret',
			name: 'customerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "Customer Secret shown once when the 'Customer ID' was created",
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			description: 'The App ID of the Agora project that has Media Broadcast enabled',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_API_BASE_URL,
			description:
				'Leave the default for Agora. Must be https://, except for a loopback test server (http://127.0.0.1:PORT). A path prefix (a proxy in front of Agora) is allowed; user:password@, a query or a fragment are refused.',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: REQUESTS_PER_SECOND.min, maxValue: REQUESTS_PER_SECOND.max },
			default: REQUESTS_PER_SECOND.default,
			description:
				"Agora allows 50 requests per second per 'Customer ID' (1 to 50). Lower it when other systems share this 'Customer ID'. In each n8n process, credentials with the same 'Customer ID' and secret share one pace: the highest setting bounds the account, a lower one only its own requests.",
		},
		{
			displayName: 'Notification Secret (NCS)',
			name: 'ncsSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Secret of the Agora Notification Center Service for this project. Only the Agora Media Broadcast Trigger uses it, to verify that events really come from Agora.',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return signAgoraRequest(credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '=/v1/projects/{{$credentials.appId}}/fls/domains',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Agora rejected the signature: check the Customer ID and Customer Secret (and that this machine’s clock is correct)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Agora does not know this App ID, or Media Broadcast is not enabled for it: check the App ID',
				},
			},
		],
	};
}
