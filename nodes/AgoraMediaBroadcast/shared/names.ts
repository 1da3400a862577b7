import type { INode } from 'n8n-workflow';
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

/** The error text for a bad name: what is wrong and the whole rule. */
export function nameErrorText(
	label: string,
	value: string,
	maxLength = DEFAULT_NAME_MAX_LENGTH,
): string | undefined {
	const problem = nameProblem(value, maxLength);
	if (problem === undefined) return undefined;
	return `${label} "${value}" is not valid: it ${problem}. Use ${NAME_CHARACTERS_TEXT}, at most ${maxLength} characters`;
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
