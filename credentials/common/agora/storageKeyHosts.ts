import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_API_BASE_URL } from './baseUrl';

// Where the keys of an Agora Cloud Storage API credential may be sent: only to API hosts that
// credential lists. The Agora credential's API Base URL accepts any https:// host, and whoever may use
// a storage credential in a shared n8n may make an Agora credential of their own
// (docs/transport-security.md, "Storage keys go only to hosts the storage credential allows").

/** What a credential without the field (made before it existed), or with it empty, allows. */
export const DEFAULT_STORAGE_KEY_HOSTS = new URL(DEFAULT_API_BASE_URL).host;

export const allowedApiHostsField: INodeProperties = {
	displayName: 'Allowed Agora API Hosts',
	name: 'allowedApiHosts',
	type: 'string',
	default: DEFAULT_STORAGE_KEY_HOSTS,
	placeholder: `e.g. ${DEFAULT_STORAGE_KEY_HOSTS}, 127.0.0.1:8787`,
	description:
		"Where these keys may be sent: the host of the 'API Base URL' of the Agora Media Broadcast API credential used with this one must be listed, or nothing is sent. Comma-separated, with :port when not the default. A local test server (e.g. 127.0.0.1:8787) is allowed only when listed.",
};

// A host name, an IPv4 address or a bracketed IPv6 address, then an optional port.
const HOST_ENTRY = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/;

/**
 * The field's entries, lower-cased, or what is wrong with one of them. Empty (or absent, in a
 * credential saved before the field existed) means the default, Agora's API host.
 */
export function parseAllowedApiHosts(value: unknown): { hosts: string[] } | { problem: string } {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return { hosts: [DEFAULT_STORAGE_KEY_HOSTS] };
	const hosts = text
		.split(/[\s,]+/)
		.filter((entry) => entry !== '')
		.map((entry) => entry.toLowerCase());
	for (const entry of hosts) {
		const match = HOST_ENTRY.exec(entry);
		if (!match || (match[2] !== undefined && Number(match[2]) > 65535)) {
			return {
				problem: `Allowed Agora API Hosts: "${entry.slice(0, 100)}" is not a host or host:port (e.g. ${DEFAULT_STORAGE_KEY_HOSTS} or 127.0.0.1:8787; no https://, path or wildcard)`,
			};
		}
	}
	return { hosts };
}

/**
 * Whether `baseUrl` (a checked API Base URL) is on one of `hosts`: same host name, and the port the
 * entry names or, without one, the scheme's default port.
 */
export function isAllowedApiHost(hosts: string[], baseUrl: string): boolean {
	const url = new URL(baseUrl);
	const defaultPort = url.protocol === 'https:' ? 443 : 80;
	const port = url.port === '' ? defaultPort : Number(url.port);
	return hosts.some((entry) => {
		const match = HOST_ENTRY.exec(entry);
		if (!match) return false;
		const entryPort = match[2] === undefined ? defaultPort : Number(match[2]);
		return match[1] === url.hostname.toLowerCase() && entryPort === port;
	});
}
