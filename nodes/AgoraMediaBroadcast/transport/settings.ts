import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	checkApiBaseUrl,
	isAllowedApiHost,
	REQUESTS_PER_SECOND,
	refusedBaseUrlMessage,
} from '../../../credentials/common/agora';
import { appIdErrorText } from '../shared/names';
import type { AgoraContext } from './index';

// The request settings: their bounds and defaults (the node's Request Settings collection and the
// credential's Requests per Second take theirs from here), how they are read, and the checks that
// refuse bad ones before anything is sent. One policy: a value out of range is refused, never clamped.

interface SettingBounds {
	displayName: string;
	min: number;
	max: number;
	default: number;
	integer: boolean;
	/** The error's description: what the setting does. */
	hint: string;
}

/** The Request Settings collection of the node, by parameter name. */
export const REQUEST_SETTINGS = {
	maxAttempts: {
		displayName: 'Max Attempts',
		min: 1,
		max: 10,
		default: 6,
		integer: true,
		hint: 'Attempts per request, the first included, for requests that are safe to repeat.',
	},
	timeout: {
		displayName: 'Timeout (Seconds)',
		min: 1,
		max: 300,
		default: 30,
		integer: false,
		hint: 'It is the deadline of each attempt: answer headers and the whole body.',
	},
	rateLimitWait: {
		displayName: 'Rate Limit Wait (Seconds)',
		min: 0,
		max: 600,
		default: 120,
		integer: false,
		hint: 'How long one item keeps retrying when Agora answers 429 (rate limit).',
	},
	// One window's worth at 50 requests/s: the rate limiter, not this bound, keeps the pace; with 25
	// in flight a window's requests could not all be on the way when Agora takes 300 ms to answer.
	concurrency: {
		displayName: 'Max Concurrent Requests',
		min: 1,
		max: 100,
		default: 50,
		integer: true,
		hint: 'Items sent at the same time. The credential’s Requests per Second still sets the pace.',
	},
} satisfies Record<string, SettingBounds>;

/**
 * The most one answer may hold (not a setting). Agora's largest answers are full lists (every live or
 * banned stream of an entry point): about 180 bytes an entry with 128-character names, so this admits
 * over 20,000 of them. docs/transport-security.md has the estimate.
 */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export interface TransportSettings {
	/** Attempts in all, the first included, for 5xx and connection failures (429 has its own budget). */
	maxAttempts: number;
	/** Overall deadline of one attempt: headers and the whole body. */
	timeoutMs: number;
	/** How long one item keeps retrying 429 answers, from its first 429. */
	rateLimitWaitMs: number;
	/** The decrypted credential, when the caller already read it (once per node run, not per item). */
	credentials?: ICredentialDataDecryptedObject;
}

/** What the triggers and list searches send with: the Request Settings' defaults. */
export const DEFAULT_TRANSPORT_SETTINGS: TransportSettings = {
	maxAttempts: REQUEST_SETTINGS.maxAttempts.default,
	timeoutMs: REQUEST_SETTINGS.timeout.default * 1000,
	rateLimitWaitMs: REQUEST_SETTINGS.rateLimitWait.default * 1000,
};

/** A setting or credential field that makes any request pointless: refused before sending. */
function configurationError(
	node: INode,
	message: string,
	description: string,
	itemIndex?: number,
): NodeOperationError {
	const error = new NodeOperationError(node, message, { description, itemIndex });
	// NodeOperationError swaps a message that names a network code for generic text: keep ours.
	error.message = message;
	return error;
}

/**
 * One setting's value, its default when not set; a value outside its range (or not a number, or
 * not whole where it must be) is refused with the field's name and its range.
 */
function checkedValue(
	context: AgoraContext,
	bounds: SettingBounds,
	where: string,
	raw: unknown,
	itemIndex?: number,
): number {
	if (raw === undefined || raw === null || raw === '') return bounds.default;
	const value = typeof raw === 'number' || typeof raw === 'string' ? Number(raw) : NaN;
	const whole = bounds.integer ? 'a whole number ' : '';
	if (
		!Number.isFinite(value) ||
		value < bounds.min ||
		value > bounds.max ||
		(bounds.integer && !Number.isInteger(value))
	) {
		throw configurationError(
			context.getNode(),
			`${bounds.displayName}${where} must be ${whole}between ${bounds.min} and ${bounds.max} (got ${String(raw)})`,
			bounds.hint,
			itemIndex,
		);
	}
	return value;
}

/**
 * Reads the node's Request Settings (not an item's: they are read once, for the run) and refuses
 * any value out of range, before any request is sent.
 */
export function readRequestSettings(this: IExecuteFunctions): {
	transport: TransportSettings;
	concurrency: number;
} {
	const raw = this.getNodeParameter('requestSettings', 0, {}) as IDataObject;
	const read = (name: keyof typeof REQUEST_SETTINGS) =>
		checkedValue(this, REQUEST_SETTINGS[name], ' under Request Settings', raw[name]);
	return {
		transport: {
			maxAttempts: read('maxAttempts'),
			timeoutMs: read('timeout') * 1000,
			rateLimitWaitMs: read('rateLimitWait') * 1000,
		},
		concurrency: read('concurrency'),
	};
}

export interface CheckedCredential {
	baseUrl: string;
	host: string;
	appId: string;
	requestsPerSecond: number;
}

/** Refuses credential fields that make every request pointless or dangerous, before anything is sent. */
export function checkCredential(
	this: AgoraContext,
	credentials: ICredentialDataDecryptedObject,
	itemIndex: number,
): CheckedCredential {
	const node = this.getNode();
	const base = checkApiBaseUrl(credentials.baseUrl);
	if ('problem' in base) {
		throw configurationError(
			node,
			refusedBaseUrlMessage(base.problem),
			'Use https://api.agora.io (a path prefix such as https://proxy.example.com/agora is allowed), or http://127.0.0.1:PORT for a local test server.',
			itemIndex,
		);
	}
	const requestsPerSecond = checkedValue(
		this,
		{
			displayName: "The credential's Requests per Second",
			...REQUESTS_PER_SECOND,
			integer: false,
			hint: `Agora allows ${REQUESTS_PER_SECOND.max} requests per second per Customer ID. Set a lower value when other systems share it.`,
		},
		'',
		credentials.requestsPerSecond,
		itemIndex,
	);
	// The App ID is a path segment of every request (triggers and polls included, not only the node).
	const appId = String(credentials.appId ?? '').trim();
	const appIdProblem = appIdErrorText(appId);
	if (appIdProblem !== undefined) {
		throw configurationError(node, appIdProblem, 'Fix the App ID in the credential.', itemIndex);
	}
	return { baseUrl: base.baseUrl, host: base.host, appId, requestsPerSecond };
}

/**
 * Storage keys go only to a host their credential allows: checked on the credential the request is
 * signed with, before anything is sent (docs/transport-security.md).
 */
export function checkStorageKeyHost(
	this: AgoraContext,
	checked: CheckedCredential,
	allowedHosts: string[],
	itemIndex: number,
): void {
	if (isAllowedApiHost(allowedHosts, checked.baseUrl)) return;
	throw configurationError(
		this.getNode(),
		`The storage keys were not sent: the 'API Base URL' of the Agora Media Broadcast API credential points at ${checked.host}, which is not among the 'Allowed Agora API Hosts' of the Agora Cloud Storage API credential (${allowedHosts.join(', ')})`,
		`Use an Agora Media Broadcast API credential whose API Base URL is on one of those hosts. Only if you trust ${checked.host} with these storage keys, add it to 'Allowed Agora API Hosts' in the Agora Cloud Storage API credential.`,
		itemIndex,
	);
}
