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

/** What a restore record is bound to: it opens only for the registration it was made for. */
export interface RestoreBinding {
	target: CallbackMode;
	entryPoint: string | null;
	/** The trigger's webhook URL (without the token) and which derived values it registered. */
	url: string;
	variant: TriggerScope['variant'];
}

function bindingText(binding: RestoreBinding): string {
	const { target, entryPoint, url, variant } = binding;
	return JSON.stringify(['agora-restore-record', target, entryPoint, url, variant]);
}

/** The fields of a setting that restoring writes back (reference §4.2, §7.1, §9.1). */
function settingFields(target: CallbackMode, setting: IDataObject): IDataObject {
	const enabled = setting.enabled === true;
	if (target === 'originAuth')
		return { enabled, url: stringOrEmpty(setting.url), secret: stringOrEmpty(setting.secret) };
	if (target === 'pullFromOrigin' && typeof setting.domain === 'string' && setting.domain !== '') {
		return {
			enabled,
			domain: setting.domain,
			...(typeof setting.app === 'string' ? { app: setting.app } : {}),
		};
	}
	return { enabled, callbackUrl: stringOrEmpty(setting.callbackUrl) };
}

/**
 * What is kept of the setting found before registering: the whole setting sealed as one record
 * (`{ sealed }`), bound to this registration, so static data shows neither the previous secret nor
 * the previous callback URL (another trigger's token, a password in a URL), and nobody who can write
 * static data chooses what deactivation writes to Agora.
 */
export function sealPrevious(
	setting: IDataObject,
	customerSecret: string,
	scope: TriggerScope,
	binding: RestoreBinding,
): IDataObject {
	const fields = settingFields(binding.target, setting);
	return { sealed: seal(customerSecret, scope, JSON.stringify(fields), bindingText(binding)) };
}

/**
 * The setting a restore record holds, in clear; undefined when it does not open (the Customer Secret
 * changed, or the record or its registration was altered). Records of earlier versions (the setting
 * in clear, the origin-auth secret sealed alone) are not authenticated, so anyone able to write
 * static data could have chosen them: they are not trusted either.
 */
export function openPrevious(
	previous: IDataObject | undefined,
	customerSecret: string,
	scope: TriggerScope,
	binding: RestoreBinding,
): IDataObject | undefined {
	if (!previous || typeof previous.sealed !== 'string') return undefined;
	const text = unseal(customerSecret, scope, previous.sealed, bindingText(binding));
	if (text === undefined) return undefined;
	try {
		const parsed: unknown = JSON.parse(text);
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
			? settingFields(binding.target, parsed as IDataObject)
			: undefined;
	} catch {
		return undefined;
	}
}

/** The PATCH body that puts a previous setting back; none (undefined) switches the callback off. */
export function restoreBody(target: CallbackMode, previous: IDataObject | undefined): IDataObject {
	return settingFields(target, previous ?? { enabled: false });
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
