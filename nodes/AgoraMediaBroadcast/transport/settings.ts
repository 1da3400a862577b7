import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { checkApiBaseUrl, refusedBaseUrlMessage } from '../../../credentials/common/agora';
import { appIdErrorText } from '../shared/names';
import { configurationError } from './errors';
import type { AgoraContext } from './index';

// The request settings (Request Settings options and the credential's fields) and the checks that
// refuse bad ones before anything is sent.

export interface TransportSettings {
	/** Attempts in all, the first included, for 5xx and connection failures (429 has its own budget). */
	maxAttempts: number;
	/** Overall deadline of one attempt: headers and the whole body (1 s to 300 s). */
	timeoutMs: number;
	/** How long one item keeps retrying 429 answers, from its first 429 (default 120 s). */
	rateLimitWaitMs?: number;
	/** The decrypted credential, when the caller already read it (once per node run, not per item). */
	credentials?: ICredentialDataDecryptedObject;
}

export const MAX_TIMEOUT_MS = 300000;
export const DEFAULT_RATE_LIMIT_WAIT_MS = 120000;
export const MAX_RATE_LIMIT_WAIT_MS = 600000;

export const DEFAULT_TRANSPORT_SETTINGS: TransportSettings = {
	maxAttempts: 6,
	timeoutMs: 30000,
	rateLimitWaitMs: DEFAULT_RATE_LIMIT_WAIT_MS,
};

export interface CheckedSettings {
	baseUrl: string;
	host: string;
	appId: string;
	requestsPerSecond: number;
	timeoutMs: number;
	rateLimitWaitMs: number;
}

/** Refuses settings that make every request pointless or dangerous, before anything is sent. */
export function checkSettings(
	this: AgoraContext,
	credentials: ICredentialDataDecryptedObject,
	settings: TransportSettings,
	itemIndex: number,
): CheckedSettings {
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
	const rawRate = credentials.requestsPerSecond;
	const requestsPerSecond =
		rawRate === undefined || rawRate === null || rawRate === '' ? 50 : Number(rawRate);
	if (!Number.isFinite(requestsPerSecond) || requestsPerSecond < 1 || requestsPerSecond > 50) {
		throw configurationError(
			node,
			`The credential's Requests per Second must be between 1 and 50 (got ${String(rawRate)})`,
			'Agora allows 50 requests per second per Customer ID. Set a lower value when other systems share it.',
			itemIndex,
		);
	}
	const timeoutMs = Number(settings.timeoutMs);
	if (!Number.isFinite(timeoutMs) || timeoutMs < 1000 || timeoutMs > MAX_TIMEOUT_MS) {
		throw configurationError(
			node,
			`Timeout (Seconds) under Request Settings must be between 1 and ${MAX_TIMEOUT_MS / 1000} (got ${Number.isFinite(timeoutMs) ? timeoutMs / 1000 : String(settings.timeoutMs)})`,
			'It is the deadline of each attempt: answer headers and the whole body.',
			itemIndex,
		);
	}
	const rateLimitWaitMs = Number(settings.rateLimitWaitMs ?? DEFAULT_RATE_LIMIT_WAIT_MS);
	if (
		!Number.isFinite(rateLimitWaitMs) ||
		rateLimitWaitMs < 0 ||
		rateLimitWaitMs > MAX_RATE_LIMIT_WAIT_MS
	) {
		throw configurationError(
			node,
			`Rate Limit Wait (Seconds) under Request Settings must be between 0 and ${MAX_RATE_LIMIT_WAIT_MS / 1000} (got ${Number.isFinite(rateLimitWaitMs) ? rateLimitWaitMs / 1000 : String(settings.rateLimitWaitMs)})`,
			'How long one item keeps retrying when Agora answers 429 (rate limit).',
			itemIndex,
		);
	}
	// The App ID is a path segment of every request (triggers and polls included, not only the node).
	const appId = String(credentials.appId ?? '').trim();
	const appIdProblem = appIdErrorText(appId);
	if (appIdProblem !== undefined) {
		throw configurationError(node, appIdProblem, 'Fix the App ID in the credential.', itemIndex);
	}
	return {
		baseUrl: base.baseUrl,
		host: base.host,
		appId,
		requestsPerSecond,
		timeoutMs,
		rateLimitWaitMs,
	};
}
