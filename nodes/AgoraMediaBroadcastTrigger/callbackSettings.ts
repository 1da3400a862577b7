import type { IDataObject } from 'n8n-workflow';

import type { CallbackMode } from './callbacks';
import { TOKEN_PARAMETER } from './callbacks';
import type { TriggerScope } from './secrets';
import { callbackToken, originAuthSecret, seal, unseal } from './secrets';

/**
 * The Agora settings the trigger writes and puts back (reference §4.2, §7.1, §9.1), as plain data:
 * what "pointing Agora at the trigger" means for each callback, what is kept of the setting found
 * before, and how it is restored. registration.ts does the requests.
 */

/** The URL field of each setting: origin authentication says `url`, the others `callbackUrl`. */
export function configuredUrl(target: CallbackMode, config: IDataObject): unknown {
	return target === 'originAuth' ? config.url : config.callbackUrl;
}

function stringOrEmpty(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/**
 * What is kept of the setting found before registering: for origin authentication its secret is
 * sealed with a key derived from the credential (never clear text in static data).
 */
export function previousToKeep(
	target: CallbackMode,
	current: IDataObject,
	customerSecret: string,
	scope: TriggerScope,
): IDataObject {
	if (target !== 'originAuth') return current;
	const { secret, ...rest } = current;
	const kept: IDataObject = { ...rest };
	if (typeof secret === 'string' && secret !== '') {
		kept.sealedSecret = seal(customerSecret, scope, secret);
	}
	return kept;
}

/**
 * The PATCH body that puts a previous setting back (fields it did not have are cleared). A sealed
 * origin-auth secret that cannot be opened (the credential changed) is restored empty.
 */
export function restoreBody(
	target: CallbackMode,
	previous: IDataObject,
	customerSecret = '',
	scope: TriggerScope = { workflowId: '', nodeId: '', variant: 'production' },
): IDataObject {
	const enabled = previous.enabled === true;
	if (target === 'originAuth') {
		// Versions before 0.2 kept the previous secret in clear text: put it back as it was.
		const secret =
			unseal(customerSecret, scope, previous.sealedSecret) ?? stringOrEmpty(previous.secret);
		return { enabled, url: stringOrEmpty(previous.url), secret };
	}
	if (
		target === 'pullFromOrigin' &&
		typeof previous.domain === 'string' &&
		previous.domain !== ''
	) {
		// Direct pull from a fixed origin domain; `domain` and `callbackUrl` are mutually exclusive (§7.1).
		return {
			enabled,
			domain: previous.domain,
			...(typeof previous.app === 'string' ? { app: previous.app } : {}),
		};
	}
	return { enabled, callbackUrl: stringOrEmpty(previous.callbackUrl) };
}

/**
 * The URL Agora is given: for transfer and pull the webhook URL with the trigger's token, which the
 * webhook requires (these callbacks carry no signature).
 */
export function registeredUrl(target: CallbackMode, webhookUrl: string, token: string): string {
	if (target === 'originAuth') return webhookUrl;
	const url = new URL(webhookUrl);
	url.searchParams.set(TOKEN_PARAMETER, token);
	return url.toString();
}

/** The setting body that points Agora at the trigger. */
export function registrationBody(
	target: CallbackMode,
	webhookUrl: string,
	customerSecret: string,
	scope: TriggerScope,
): IDataObject {
	if (target === 'originAuth') {
		return { enabled: true, url: webhookUrl, secret: originAuthSecret(customerSecret, scope) };
	}
	const url = registeredUrl(target, webhookUrl, callbackToken(customerSecret, scope));
	return { enabled: true, callbackUrl: url };
}

/**
 * Whether Agora's configured URL is ours: the registered URL, or the bare webhook URL that versions
 * before 0.2 registered (no token), so an upgrade neither keeps our own URL as "the previous setting"
 * nor leaves it behind on deactivation.
 */
export function pointsAt(
	configured: unknown,
	registered: unknown,
	bareWebhookUrl: string,
): boolean {
	return configured === registered || configured === bareWebhookUrl;
}
