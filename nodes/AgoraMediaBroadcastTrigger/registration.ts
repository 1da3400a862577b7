import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	agoraApiRequest,
	CREDENTIAL_TYPE,
	entryPointNotFound,
	entryPointPath,
	nameErrorText,
} from '../AgoraMediaBroadcast/api';
import type { RestoreBinding } from './callbackSettings';
import {
	configuredUrl,
	openPrevious,
	pointsAt,
	registrationBody,
	restoreBody,
	sealPrevious,
} from './callbackSettings';
import type { CallbackMode, TriggerMode } from './callbacks';
import { CALLBACK_MODES } from './callbacks';
import { withTokensMasked } from './errorMasking';
import { triggerScope } from './secrets';
import type { Registration } from './staticData';
import { staticDataOf } from './staticData';

/**
 * Where Agora has an API to point a callback at a URL, the trigger registers its own webhook URL on
 * activation and puts the previous setting back on deactivation:
 *   origin authentication  PATCH /settings/streamauth/webhook                 {enabled, url, secret}  (§4.2)
 *   stream transfer        PATCH /entry_points/{ep}/settings/transfer         {enabled, callbackUrl}  (§9.1)
 *   pull from origin       PATCH /entry_points/{ep}/settings/origin_site      {enabled, callbackUrl}  (§7.1)
 * What was there before is kept in the node's static data (`registration.previous`). Nothing secret is
 * stored in clear text there (n8n keeps static data unencrypted in its database):
 *   - the origin-authentication secret registered with Agora (Agora signs that callback "the same as
 *     NCS", §4.2) is derived from the credential's Customer Secret (secrets.ts), never stored;
 *   - the setting that was configured before is stored sealed as one record, bound to the
 *     registration (callbackSettings.ts sealPrevious);
 *   - the transfer / pull URL carries a token derived the same way (`?n8nToken=`), so only the
 *     webhook URL without it is stored, and errors show the token masked (errorMasking.ts).
 * NCS itself has no public API (its URL is set in Agora Console), so events register nothing.
 */

function isCallbackMode(mode: string): mode is CallbackMode {
	return (CALLBACK_MODES as string[]).includes(mode);
}

function entryPointOf(this: IHookFunctions): string {
	const value = this.getNodeParameter('entryPoint', '', { extractValue: true }) as unknown;
	const name = typeof value === 'string' ? value.trim() : '';
	// The node's one name rule (api.ts), so the trigger refuses exactly what the node refuses.
	const problem = nameErrorText('Entry Point', name);
	if (problem !== undefined) {
		throw new NodeOperationError(this.getNode(), problem, {
			description: 'Pick the entry point whose callback should point at this trigger, e.g. live.',
		});
	}
	return name;
}

function settingsPath(target: CallbackMode, entryPoint: string | null): string {
	if (target === 'originAuth') return '/settings/streamauth/webhook';
	const setting = target === 'streamTransfer' ? 'transfer' : 'origin_site';
	return entryPointPath(entryPoint ?? 'live', 'settings', setting);
}

function notFoundText(target: CallbackMode, entryPoint: string | null): string {
	return target === 'originAuth'
		? 'the origin authentication setting'
		: entryPointNotFound(entryPoint ?? 'live');
}

async function readSetting(
	this: IHookFunctions,
	target: CallbackMode,
	entryPoint: string | null,
): Promise<IDataObject> {
	const { body } = await withTokensMasked(
		agoraApiRequest.call(this, {
			method: 'GET',
			path: settingsPath(target, entryPoint),
			notFound: notFoundText(target, entryPoint),
		}),
	);
	return body ?? {};
}

async function writeSetting(
	this: IHookFunctions,
	target: CallbackMode,
	entryPoint: string | null,
	body: IDataObject,
): Promise<void> {
	await withTokensMasked(
		agoraApiRequest.call(this, {
			method: 'PATCH',
			path: settingsPath(target, entryPoint),
			body,
			notFound: notFoundText(target, entryPoint),
		}),
	);
}

function webhookUrlOf(this: IHookFunctions): string {
	const url = this.getNodeWebhookUrl('default');
	if (!url)
		throw new NodeOperationError(this.getNode(), 'n8n did not give this trigger a webhook URL');
	return url;
}

async function customerSecretOf(this: IHookFunctions): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	return typeof credentials.customerSecret === 'string' ? credentials.customerSecret : '';
}

async function assertSecretForVerification(this: IHookFunctions, what: string): Promise<void> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	if (typeof credentials.ncsSecret !== 'string' || credentials.ncsSecret === '') {
		throw new NodeOperationError(
			this.getNode(),
			`Set "Notification Secret (NCS)" in the Agora Media Broadcast credential: without it the trigger cannot verify ${what} and rejects every request (401)`,
			{
				description: 'Agora Console shows the secret where the NCS notification URL is configured.',
			},
		);
	}
}

interface Target {
	mode: TriggerMode;
	register: boolean;
}

function targetOf(this: IHookFunctions): Target {
	const mode = this.getNodeParameter('mode', 'events') as TriggerMode;
	const register = isCallbackMode(mode)
		? this.getNodeParameter('registerCallback', true) !== false
		: false;
	return { mode, register };
}

/** checkExists: true when Agora already calls this URL (or nothing has to be registered). */
export async function callbackIsRegistered(this: IHookFunctions): Promise<boolean> {
	const { mode, register } = targetOf.call(this);
	const staticData = staticDataOf(this);
	// Written by versions before 0.2 (repeats now: dedupe.ts in memory, deliveryRecord.ts in the record).
	if (staticData.seenNoticeIds !== undefined) delete staticData.seenNoticeIds;
	if (mode === 'events') {
		await assertSecretForVerification.call(this, "Agora's event signatures");
		return true;
	}
	if (!register) {
		if (mode === 'originAuth' && this.getNode().parameters.requireSignature !== false) {
			await assertSecretForVerification.call(
				this,
				"the origin authentication requests' signatures",
			);
		}
		return true;
	}
	const target = mode as CallbackMode;
	const entryPoint = target === 'originAuth' ? null : entryPointOf.call(this);
	const webhookUrl = webhookUrlOf.call(this);
	const current = await readSetting.call(this, target, entryPoint);
	const registration = staticData.registration;
	if (!registration || registration.target !== target || registration.entryPoint !== entryPoint)
		return false;
	const expected = registrationBody(
		target,
		webhookUrl,
		await customerSecretOf.call(this),
		triggerScope(this),
	);
	// Agora must call our URL (with our token), and sign origin authentication with our secret.
	return Object.entries(expected).every(([key, value]) => current[key] === value);
}

/** create: remembers the current setting, then points Agora at this trigger's URL. */
export async function registerCallback(this: IHookFunctions): Promise<boolean> {
	const { mode, register } = targetOf.call(this);
	if (!register || !isCallbackMode(mode)) return true;
	const target = mode;
	const entryPoint = target === 'originAuth' ? null : entryPointOf.call(this);
	const customerSecret = await customerSecretOf.call(this);
	const scope = triggerScope(this);
	const webhookUrl = webhookUrlOf.call(this);
	const body = registrationBody(target, webhookUrl, customerSecret, scope);
	const ourUrl = configuredUrl(target, body);
	const staticData = staticDataOf(this);
	const current = await readSetting.call(this, target, entryPoint);
	const earlier = staticData.registration;

	const binding: RestoreBinding = { target, entryPoint, url: webhookUrl, variant: scope.variant };
	let setting: IDataObject | undefined;
	if (
		earlier &&
		earlier.target === target &&
		earlier.entryPoint === entryPoint &&
		pointsAt(
			configuredUrl(target, current),
			configuredUrl(
				target,
				registrationBody(target, earlier.url, customerSecret, {
					...scope,
					variant: earlier.variant ?? 'production',
				}),
			),
			earlier.url,
		)
	) {
		// Agora still points at the URL we registered earlier: the setting before that is the one to
		// keep (lost if its record does not open: restoring then switches the callback off).
		setting = openPrevious(earlier.previous, customerSecret, scope, bindingOf(earlier));
	} else if (pointsAt(configuredUrl(target, current), ourUrl, webhookUrl)) {
		// Already our URL but we lost what was there before: restoring means switching it off.
		setting = undefined;
	} else {
		setting = current;
	}
	const previous = sealPrevious(setting ?? { enabled: false }, customerSecret, scope, binding);

	await writeSetting.call(this, target, entryPoint, body);
	staticData.registration = {
		target,
		entryPoint,
		url: webhookUrl,
		previous,
		variant: scope.variant,
		registeredAt: new Date().toISOString(),
	};
	return true;
}

/**
 * delete: puts the previous setting back, unless someone has pointed Agora elsewhere since (then it
 * is left alone). Runs once per registered HTTP method; the second call finds nothing to do.
 */
export async function restoreCallback(this: IHookFunctions): Promise<boolean> {
	const staticData = staticDataOf(this);
	const registration = staticData.registration;
	if (!registration) return true;
	const { target, entryPoint } = registration;
	const customerSecret = await customerSecretOf.call(this);
	const scope = { ...triggerScope(this), variant: registration.variant ?? 'production' };
	const ours = configuredUrl(
		target,
		registrationBody(target, registration.url, customerSecret, scope),
	);
	const current = await readSetting.call(this, target, entryPoint);
	if (pointsAt(configuredUrl(target, current), ours, registration.url)) {
		const setting = openPrevious(
			registration.previous,
			customerSecret,
			scope,
			bindingOf(registration),
		);
		if (setting === undefined) {
			this.logger.warn(
				`Agora Media Broadcast Trigger: the ${target} setting found before activation is not restored (its record does not open: the credential's Customer Secret changed, the record was altered, or an earlier version wrote it unauthenticated); the callback is switched off instead: set it again in Agora if it was on`,
			);
		}
		await writeSetting.call(this, target, entryPoint, restoreBody(target, setting));
	}
	delete staticData.registration;
	return true;
}

/** What the restore record of a registration is bound to. */
function bindingOf(registration: Registration): RestoreBinding {
	return {
		target: registration.target,
		entryPoint: registration.entryPoint,
		url: registration.url,
		variant: registration.variant ?? 'production',
	};
}
