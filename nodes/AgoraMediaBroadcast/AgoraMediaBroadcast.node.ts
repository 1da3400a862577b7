import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationSubtitle, resourceDescriptions, resourceProperty } from './actions/resources';
import { router } from './actions/router';
import { listSearch } from './methods';
import { storageCredentialProblem } from './shared/storage';
import { REQUEST_SETTINGS } from './transport/settings';

// n8n's lint reads a parameter's default from a literal, an identifier or a call, not from `a.b`.
const {
	maxAttempts: { default: defaultMaxAttempts },
	timeout: { default: defaultTimeout },
	rateLimitWait: { default: defaultRateLimitWait },
	concurrency: { default: defaultConcurrency },
} = REQUEST_SETTINGS;

/**
 * Programmatic rather than declarative: declarative routing sends every item at once with no pacing
 * and no retry, and Agora allows 50 requests per second per account. execute() paces, overlaps and
 * retries requests across items (see actions/router.ts and transport/).
 */
export class AgoraMediaBroadcast implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Agora Media Broadcast',
		name: 'agoraMediaBroadcast',
		icon: { light: 'file:../../icons/agora.svg', dark: 'file:../../icons/agora.dark.svg' },
		group: ['transform'],
		// 1.1: storage settings and keys come from the Agora Cloud Storage credential by default
		// (Storage Keys From); version 1 nodes keep reading their legacy parameters.
		version: [1, 1.1],
		subtitle: operationSubtitle(),
		description:
			'Control Agora Media Broadcast live streaming: domains, entry points, ban and unban streams, recording, snapshots, transcoding, watermarks and stream reports',
		defaults: { name: 'Agora Media Broadcast' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'agoraMediaBroadcastApi', required: true },
			{
				// Only where a Set Config operation sends a storageConfig taken from the credential.
				// `hide` because only Snapshot has a Storage choice (standard = Agora's storage).
				name: 'agoraCloudStorageApi',
				required: true,
				testedBy: 'agoraCloudStorageApiTest',
				displayOptions: {
					show: {
						resource: ['customRecording', 'snapshot'],
						operation: ['setConfig'],
						setStorage: [true],
						storageKeysFrom: ['credential'],
					},
					hide: { storage: ['standard'] },
				},
			},
		],
		properties: [
			resourceProperty,
			...resourceDescriptions,
			{
				displayName: 'Request Settings',
				name: 'requestSettings',
				type: 'collection',
				placeholder: 'Add Setting',
				default: {},
				description:
					'How requests are sent. The pace (requests per second) is set in the credential.',
				options: [
					{
						displayName: 'Max Attempts',
						name: 'maxAttempts',
						type: 'number',
						typeOptions: {
							minValue: REQUEST_SETTINGS.maxAttempts.min,
							maxValue: REQUEST_SETTINGS.maxAttempts.max,
						},
						default: defaultMaxAttempts,
						description:
							'Attempts per request, the first included, for requests that are safe to repeat when Agora answers 5xx, the connection drops or the deadline passes. 429 answers have their own time budget (Rate Limit Wait).',
					},
					{
						displayName: 'Timeout (Seconds)',
						name: 'timeout',
						type: 'number',
						typeOptions: {
							minValue: REQUEST_SETTINGS.timeout.min,
							maxValue: REQUEST_SETTINGS.timeout.max,
						},
						default: defaultTimeout,
						description:
							'Deadline for each attempt, the whole answer included (1 to 300). A slower answer counts as a failed attempt.',
					},
					{
						displayName: 'Rate Limit Wait (Seconds)',
						name: 'rateLimitWait',
						type: 'number',
						typeOptions: {
							minValue: REQUEST_SETTINGS.rateLimitWait.min,
							maxValue: REQUEST_SETTINGS.rateLimitWait.max,
						},
						default: defaultRateLimitWait,
						description:
							'How long one item keeps retrying while Agora answers 429 (rate limit), from its first 429 (0 to 600). Agora applies nothing on a 429, so retrying is safe for every operation.',
					},
					{
						displayName: 'Max Concurrent Requests',
						name: 'concurrency',
						type: 'number',
						typeOptions: {
							minValue: REQUEST_SETTINGS.concurrency.min,
							maxValue: REQUEST_SETTINGS.concurrency.max,
						},
						default: defaultConcurrency,
						description:
							'Items sent at the same time. The credential’s requests-per-second pace still applies; more in flight only helps when Agora answers slowly.',
					},
				],
			},
		],
	};

	methods = {
		listSearch,
		credentialTest: {
			/** Offline check of the storage credential: Agora and the vendor check the keys on first write. */
			async agoraCloudStorageApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problem = storageCredentialProblem(credential.data ?? {});
				return problem
					? { status: 'Error', message: problem }
					: {
							status: 'OK',
							message:
								'Storage settings are complete. The storage vendor checks the keys when Agora writes the first file.',
						};
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
