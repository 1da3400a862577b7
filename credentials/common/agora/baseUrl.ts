const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export const DEFAULT_API_BASE_URL = 'https://api.agora.io';

function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * The https rule, for the API Base URL and for every URL the signer is handed: real hosts must be
 * https://; plain http:// only reaches a loopback test server (the sandbox).
 */
export function insecureUrlProblem(url: URL): string | undefined {
	if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))
		return undefined;
	return `Agora Media Broadcast requests must use https:// (got ${url.protocol}//${url.host}); plain http:// is only allowed for a loopback test server such as http://127.0.0.1`;
}

/**
 * A URL as an error may show it: user info replaced by `***@`, nothing from `?` or `#` on, at most 200
 * characters. For text that is not a valid URL too, which is when the whole of it would be echoed.
 */
export function shownUrl(text: string): string {
	const cut = text.replace(/[?#][\s\S]*$/, (rest) => `${rest[0]}…`);
	// Up to the last "@": a password may hold "/", which ends the host part for a URL parser.
	const shown = cut.replace(/^((?:[a-z][a-z0-9+.-]*:)?\/\/|)[^?#]*@/i, '$1***@');
	return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}

/** The sentence every refusal of the API Base URL ends in, wherever it is found out. */
export function refusedBaseUrlMessage(problem: string): string {
	return `The credential's API Base URL is refused: ${problem}. Fix the API Base URL in the credential.`;
}

type BaseUrlCheck = { baseUrl: string; host: string } | { problem: string };

/** The last value checked: it is the same for every request of a run (transport and signer ask). */
let lastBaseUrlCheck: { value: unknown; result: BaseUrlCheck } | undefined;

/**
 * Checks the credential's API Base URL and returns it without trailing slashes, or says what is
 * wrong with it. A path prefix (a reverse proxy in front of Agora) is allowed and signed as sent;
 * user info would make the HTTP client send Basic auth instead of the HMAC header, and a query or a
 * fragment would end up in (or be cut from) every signed request line, so those are refused.
 */
export function checkApiBaseUrl(value: unknown): BaseUrlCheck {
	if (lastBaseUrlCheck !== undefined && lastBaseUrlCheck.value === value)
		return lastBaseUrlCheck.result;
	const result = checkBaseUrlText(String(value ?? '').trim() || DEFAULT_API_BASE_URL);
	lastBaseUrlCheck = { value, result };
	return result;
}

function checkBaseUrlText(text: string): BaseUrlCheck {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { problem: `"${shownUrl(text)}" is not a valid URL` };
	}
	if (url.username || url.password)
		return {
			problem:
				'it contains a user name or password (user:pass@host); the credential signs every request itself',
		};
	if (url.search || text.includes('?')) return { problem: 'it contains a query string (?…)' };
	if (url.hash || text.includes('#')) return { problem: 'it contains a fragment (#…)' };
	const insecure = insecureUrlProblem(url);
	if (insecure) return { problem: insecure };
	return { baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, host: url.host };
}
