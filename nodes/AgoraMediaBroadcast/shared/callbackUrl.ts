import type { IDataObject } from 'n8n-workflow';

/**
 * The token in a stream transfer / pull-from-origin callback URL (`?n8nToken=…`) is what lets
 * Agora's call into the trigger: whoever reads it can ask the workflow for stream URLs. Outputs and
 * errors show that a token is there, never its value; a password in the URL is hidden the same way.
 */

/** The query parameter carrying the Agora Media Broadcast Trigger's token. */
export const CALLBACK_TOKEN_PARAMETER = 'n8nToken';

const MASK = '****';
const TOKEN_VALUE = new RegExp(`([?&]${CALLBACK_TOKEN_PARAMETER}=)[^&#\\s"']*`, 'gi');
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:@/?#\s"']*):[^@/?#\s"']*@/gi;

/** `text` with every callback token value and URL password replaced by `****`. */
export function maskCallbackTokens(text: string): string {
	return text.replace(TOKEN_VALUE, `$1${MASK}`).replace(URL_PASSWORD, `$1:${MASK}@`);
}

/** A callback URL as outputs show it; anything that is not a string is returned unchanged. */
export function maskCallbackUrl<T extends IDataObject[string]>(value: T): T | string {
	return typeof value === 'string' ? maskCallbackTokens(value) : value;
}

/** `{ callbackUrl }` masked when `body` has one (for spreading into an output item), else `{}`. */
export function maskedUrl(body: IDataObject): IDataObject {
	return body.callbackUrl === undefined ? {} : { callbackUrl: maskCallbackUrl(body.callbackUrl) };
}
