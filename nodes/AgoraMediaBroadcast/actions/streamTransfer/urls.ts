import type { INode } from 'n8n-workflow';

import { shownUrl } from '../../../../credentials/common/agora';
import { isDomainName } from '../../shared/names';
import { inputError } from '../../shared/validation';

/**
 * URL checks for the settings that point Agora at the user's servers (stream transfer and dynamic
 * pull callbacks, the origin-auth server, the origin to pull from, watermark images). Used by the
 * originAuth, pullFromOrigin, streamTransfer and watermark resources. Errors quote the value without
 * user:password@, query or fragment (shownUrl): they may carry a password or a token.
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

function isPublicHost(hostname: string): boolean {
	return isDomainName(hostname) || IPV4.test(hostname);
}

/**
 * A URL field's check: returns the value as it is sent, or throws a NodeOperationError that names the
 * field (`label`) and shows an `example` of what is allowed.
 */
type UrlCheck = (
	node: INode,
	raw: string,
	label: string,
	itemIndex: number,
	example: string,
) => string;

function parse(value: string): URL | undefined {
	try {
		return new URL(value);
	} catch {
		return undefined;
	}
}

/** A full `http://` or `https://` URL with a host name or IPv4 address. Returns it trimmed, as typed. */
export const assertHttpUrl: UrlCheck = (node, raw, label, itemIndex, example) => {
	const value = raw.trim();
	const url = /\s/.test(value) || !/^https?:\/\//i.test(value) ? undefined : parse(value);
	if (
		!url ||
		(url.protocol !== 'http:' && url.protocol !== 'https:') ||
		!isPublicHost(url.hostname)
	) {
		throw inputError(
			node,
			itemIndex,
			`${label} "${shownUrl(value)}" is not a valid URL: use a full http:// or https:// address with a host name, e.g. ${example}`,
		);
	}
	return value;
};

/**
 * An http(s) URL, or a host with an optional port and path and no scheme (the form of Agora's own
 * example, `www.test.com/auth/callback`). Returns it trimmed, as typed.
 */
export const assertUrlOrHostPath: UrlCheck = (node, raw, label, itemIndex, example) => {
	const value = raw.trim();
	if (HAS_SCHEME.test(value)) return assertHttpUrl(node, value, label, itemIndex, example);
	const url = /\s/.test(value) || value.startsWith('/') ? undefined : parse(`http://${value}`);
	if (!url || !isPublicHost(url.hostname) || url.username !== '' || url.password !== '') {
		throw inputError(
			node,
			itemIndex,
			`${label} "${shownUrl(value)}" is not valid: use an http(s) URL or a host and path, e.g. ${example}`,
		);
	}
	return value;
};

/** A bare host name or IPv4 address with an optional port: no scheme, no path. Returned lower-cased. */
export const assertHostName: UrlCheck = (node, raw, label, itemIndex, example) => {
	const value = raw.trim().toLowerCase();
	const match = /^([^:/\s?#]+)(?::(\d{1,5}))?$/.exec(value);
	const port = match?.[2] === undefined ? undefined : Number(match[2]);
	if (!match || !isPublicHost(match[1]) || (port !== undefined && (port < 1 || port > 65535))) {
		throw inputError(
			node,
			itemIndex,
			`${label} "${shownUrl(value)}" is not valid: use a host name or IPv4 address with an optional port, without scheme or path, e.g. ${example}`,
		);
	}
	return value;
};
