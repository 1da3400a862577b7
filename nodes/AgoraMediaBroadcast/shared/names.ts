import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The one name rule for everything that becomes a path segment of an Agora URL: stream, entry point,
 * template and origin app names, and the App ID. The node's fields, the node's validation and the
 * trigger all use it, so the editor text and the error say the same thing.
 *
 * Agora documents no character rule for these names. A push URL is
 * `rtmp(s)://{domain}/{entry_point}/{stream_name}[?ts=…&sign=…]`, so a name must be one URL path
 * segment that reads the same everywhere Agora, CDNs and players put it. Accepted: the characters
 * RFC 3986 never reserves (letters, digits, `- _ . ~`) and `@ + :`, which RTMP URLs and stream keys
 * carry as they are. Refused, because they would change which URL is meant: `/` (another segment),
 * `?` and `#` (end of the path), `%` (an escape: the name would read differently once decoded), `&`
 * and `=` (Agora puts names unencoded into the query of its stream-transfer and pull callbacks),
 * `; , ! $ ' ( ) *` (parameter and list separators for some CDNs and players), spaces, anything
 * outside ASCII, and `.` or `..` on their own (URL normalisation reads them as "this/parent folder").
 * Names are sent percent-encoded in request paths (shared/paths.ts).
 */
export const NAME_CHARACTERS_TEXT =
	'letters, digits and - _ . ~ @ + : (not / ? # % & = ; , or spaces; not "." or "..")';

/** The rule in one sentence, for field descriptions. */
export function nameRuleText(maxLength = DEFAULT_NAME_MAX_LENGTH): string {
	return `Use ${NAME_CHARACTERS_TEXT}, at most ${maxLength} characters.`;
}

const DEFAULT_NAME_MAX_LENGTH = 128;

const NAME_PATTERN = /^[A-Za-z0-9\-_.~@+:]+$/;

/** Why `value` is not a valid name, or `undefined` when it is. */
export function nameProblem(
	value: string,
	maxLength = DEFAULT_NAME_MAX_LENGTH,
): string | undefined {
	if (value === '') return 'is empty';
	if (value === '.' || value === '..')
		return 'is a path step ("." or "..") that would change the request URL';
	if (!NAME_PATTERN.test(value)) return `contains a character that is not allowed`;
	if (value.length > maxLength) return `is ${value.length} characters long`;
	return undefined;
}

export function isValidName(value: string, maxLength = DEFAULT_NAME_MAX_LENGTH): boolean {
	return nameProblem(value, maxLength) === undefined;
}

/** Control, line-breaking and invisible formatting characters: they could forge or hide log lines. */
function unprintable(code: number): boolean {
	return (
		code < 0x20 ||
		(code >= 0x7f && code <= 0x9f) ||
		(code >= 0x200b && code <= 0x200f) ||
		(code >= 0x2028 && code <= 0x202e) ||
		(code >= 0x2060 && code <= 0x206f) ||
		code === 0xfeff
	);
}

/**
 * A name as a message or a log line shows it: unprintable characters as "?", at most `max`
 * characters (then "…"). Names from Agora, events and expressions reach logs and errors through it.
 */
export function shownName(value: unknown, max = 80): string {
	const text = typeof value === 'string' ? value : String(value);
	const chars = [...text];
	const shown = chars
		.slice(0, max)
		.map((char) => (unprintable(char.codePointAt(0) ?? 0) ? '?' : char))
		.join('');
	return chars.length > max ? `${shown}…` : shown;
}

/** The error text for a bad name: what is wrong and the whole rule. */
export function nameErrorText(
	label: string,
	value: string,
	maxLength = DEFAULT_NAME_MAX_LENGTH,
): string | undefined {
	const problem = nameProblem(value, maxLength);
	if (problem === undefined) return undefined;
	return `${label} "${shownName(value)}" is not valid: it ${problem}. Use ${NAME_CHARACTERS_TEXT}, at most ${maxLength} characters`;
}

/**
 * An event item as it goes out: when its entry point or stream name breaks the name rule,
 * `nameProblem` says which and why. The event is not dropped (docs/trigger-security.md): a node that
 * puts the name into a request path still refuses it.
 */
export function withNameProblem<T extends IDataObject>(item: T): T {
	for (const [field, label] of [
		['entryPoint', 'Entry point'],
		['streamName', 'Stream name'],
	]) {
		const value = item[field];
		if (value === undefined || value === null) continue;
		const problem = nameErrorText(label, typeof value === 'string' ? value : String(value));
		if (problem !== undefined) return { ...item, nameProblem: problem };
	}
	return item;
}

/** Throws a NodeOperationError naming the field and the rule when `value` breaks the name rule. */
export function assertName(
	node: INode,
	value: string,
	label: string,
	itemIndex: number,
	maxLength = DEFAULT_NAME_MAX_LENGTH,
): string {
	const text = nameErrorText(label, value, maxLength);
	if (text !== undefined) throw new NodeOperationError(node, text, { itemIndex });
	return value;
}

/**
 * The App ID is the `{appid}` segment of every request (`/v1/projects/{appid}/fls`): `..` there
 * would send requests to `/v1/fls/...`. Agora's App IDs are 32 hexadecimal characters; the check
 * is the segment rule above so a test server's own App IDs keep working.
 */
export function appIdErrorText(appId: string): string | undefined {
	const problem = nameProblem(appId, 64);
	if (problem === undefined) return undefined;
	return `The credential's App ID "${appId}" is not valid: it ${problem}. Copy the App ID of the project from Agora Console (32 hexadecimal characters)`;
}

export function assertAppId(node: INode, appId: string): string {
	const text = appIdErrorText(appId);
	if (text !== undefined) throw new NodeOperationError(node, text);
	return appId;
}

/** A full host name such as push.example.com: no scheme, path, port or wildcard. */
const DOMAIN_PATTERN =
	/^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function isDomainName(value: string): boolean {
	return DOMAIN_PATTERN.test(value);
}
