import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'crypto';

/**
 * Secrets the trigger needs, derived from the credential's Customer Secret so that none of them is
 * ever stored: the workflow's static data lives in n8n's database in clear text, the credential is
 * encrypted by n8n. Each derivation is an HMAC-SHA256 keyed with the Customer Secret over a label,
 * the workflow id and the node id, so two triggers (or two workflows) never share a value and a
 * value seen by Agora or in a URL tells nothing about the Customer Secret.
 */

function derive(customerSecret: string, purpose: string, scope: string[]): Buffer {
	return createHmac('sha256', customerSecret)
		.update(['agora-media-broadcast-trigger', purpose, ...scope].join('\n'))
		.digest();
}

/**
 * Where a derived value belongs: one workflow's one trigger node, production or test listening (the
 * production and the test URL get different secrets, as two registrations must).
 */
export interface TriggerScope {
	workflowId: string;
	nodeId: string;
	variant: 'production' | 'test';
}

function scopeOf(scope: TriggerScope): string[] {
	return [scope.workflowId, scope.nodeId, scope.variant];
}

/** The sealing key does not depend on the variant: what one registration sealed, its removal opens. */
function nodeScopeOf(scope: TriggerScope): string[] {
	return [scope.workflowId, scope.nodeId];
}

/** The origin-authentication signing secret registered with Agora (hex, 64 characters). */
export function originAuthSecret(customerSecret: string, scope: TriggerScope): string {
	return derive(customerSecret, 'origin-auth-secret', scopeOf(scope)).toString('hex');
}

/** The token put in the stream transfer / pull-from-origin URL registered with Agora (43 characters). */
export function callbackToken(customerSecret: string, scope: TriggerScope): string {
	return derive(customerSecret, 'callback-url-token', scopeOf(scope)).toString('base64url');
}

/** The key that signs the record hand-off between n8n's processes (recordHandOff.ts). */
export function recordHandOffKey(customerSecret: string, scope: TriggerScope): string {
	return derive(customerSecret, 'record-hand-off', nodeScopeOf(scope)).toString('hex');
}

/** Constant-time comparison of two strings (false when either is empty). */
export function sameSecret(given: unknown, expected: string): boolean {
	if (typeof given !== 'string' || given === '' || expected === '') return false;
	const a = createHmac('sha256', 'compare').update(given).digest();
	const b = createHmac('sha256', 'compare').update(expected).digest();
	return timingSafeEqual(a, b);
}

/** Without associated data (the previous origin-auth secret of 0.2); with it, a whole restore record. */
const SEALED_PREFIX = 'v1.';
const BOUND_PREFIX = 'v2.';
const TAG_BYTES = 16;
const IV_BYTES = 12;

/**
 * Encrypts a value that must be kept in static data (the setting found before the trigger registered
 * itself, to put it back on deactivation): AES-256-GCM with a key derived from the Customer Secret
 * and the trigger's scope. `boundTo` (associated data) is authenticated with it: the record opens
 * only with the same text. Format `v2.<iv>.<tag>.<ciphertext>` (base64url; `v1.` without `boundTo`).
 */
export function seal(
	customerSecret: string,
	scope: TriggerScope,
	value: string,
	boundTo?: string,
): string {
	const key = derive(customerSecret, 'static-data-key', nodeScopeOf(scope));
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
	if (boundTo !== undefined) cipher.setAAD(Buffer.from(boundTo, 'utf8'));
	const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
	const prefix = boundTo !== undefined ? BOUND_PREFIX : SEALED_PREFIX;
	return `${prefix}${[iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url')).join('.')}`;
}

/**
 * Decrypts what seal() made with the same `boundTo`; undefined when it cannot (another credential,
 * other associated data, tampered data, or a tag that is not the full 16 bytes: Node accepts shorter
 * GCM tags unless the length is pinned, and a 4-byte tag can be forged by trying).
 */
export function unseal(
	customerSecret: string,
	scope: TriggerScope,
	sealed: unknown,
	boundTo?: string,
): string | undefined {
	const prefix = boundTo !== undefined ? BOUND_PREFIX : SEALED_PREFIX;
	if (typeof sealed !== 'string' || !sealed.startsWith(prefix)) return undefined;
	const parts = sealed.slice(prefix.length).split('.');
	if (parts.length !== 3) return undefined;
	try {
		const [iv, tag, data] = parts.map((p) => Buffer.from(p, 'base64url'));
		if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
		const key = derive(customerSecret, 'static-data-key', nodeScopeOf(scope));
		const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
		if (boundTo !== undefined) decipher.setAAD(Buffer.from(boundTo, 'utf8'));
		decipher.setAuthTag(tag);
		return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
	} catch {
		return undefined;
	}
}

/**
 * The workflow and node a hook or webhook call belongs to. n8n runs test webhooks (and their
 * activation hooks) in mode "manual"; their removal runs in mode "internal", so restoring reads the
 * variant kept with the registration instead.
 */
export function triggerScope(context: {
	getWorkflow(): { id?: string | number | null };
	getNode(): { id?: string; name: string };
	getMode(): string;
}): TriggerScope {
	const node = context.getNode();
	return {
		workflowId: String(context.getWorkflow().id ?? ''),
		nodeId: node.id ?? node.name,
		variant: context.getMode() === 'manual' ? 'test' : 'production',
	};
}
