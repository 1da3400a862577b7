import { randomBytes } from 'crypto';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { agoraApiRequest, CREDENTIAL_TYPE } from '../AgoraMediaBroadcast/transport';
import type { CallbackMode, TriggerMode } from './callbacks';
import { CALLBACK_MODES } from './callbacks';

/**
 * Where Agora has an API to point a callback at a URL, the trigger registers its own webhook URL on
 * activation and puts the previous setting back on deactivation:
 *   origin authentication  PATCH /settings/streamauth/webhook                 {enabled, url, secret}  (§4.2)
 *   stream transfer        PATCH /entry_points/{ep}/settings/transfer         {enabled, callbackUrl}  (§9.1)
 *   pull from origin       PATCH /entry_points/{ep}/settings/origin_site      {enabled, callbackUrl}  (§7.1)
 * What was there before is kept in the node's static data (`registration.previous`), together with the
 * random secret generated for origin authentication (Agora signs that callback "the same as NCS", §4.2).
 * NCS itself has no public API (its URL is set in Agora Console), so events register nothing.
 */

/** The node's static data. */
export interface TriggerStaticData extends IDataObject {
	registration?: Registration;
	seenNoticeIds?: string[];
}

export interface Registration extends IDataObject {
	target: CallbackMode;
	entryPoint: string | null;
	url: string;
	previous: IDataObject;
	secret: string | null;
	registeredAt: string;
}

export function staticDataOf(context: {
	getWorkflowStaticData(type: string): IDataObject;
}): TriggerStaticData {
	return context.getWorkflowStaticData('node') as TriggerStaticData;
}

function isCallbackMode(mode: string): mode is CallbackMode {
	return (CALLBACK_MODES as string[]).includes(mode);
}

function entryPointOf(this: IHookFunctions): string {
	const value = this.getNodeParameter('entryPoint', '', { extractValue: true }) as unknown;
	const name = typeof value === 'string' ? value.trim() : '';
	if (name === '' || /[/\s]/.test(name)) {
		throw new NodeOperationError(
			this.getNode(),
			`Entry Point must be the name of an entry point, without "/" or spaces (got "${String(value)}")`,
			{
				description: 'Pick the entry point whose callback should point at this trigger, e.g. live.',
			},
		);
	}
	return name;
}

function settingsPath(target: CallbackMode, entryPoint: string | null): string {
	if (target === 'originAuth') return '/settings/streamauth/webhook';
	const ep = encodeURIComponent(entryPoint ?? 'live');
	return target === 'streamTransfer'
		? `/entry_points/${ep}/settings/transfer`
		: `/entry_points/${ep}/settings/origin_site`;
}

function notFoundText(target: CallbackMode, entryPoint: string | null): string {
	return target === 'originAuth'
		? 'the origin authentication setting'
		: `entry point "${entryPoint ?? 'live'}"`;
}

/** The URL field of each setting: origin authentication says `url`, the others `callbackUrl`. */
function configuredUrl(target: CallbackMode, config: IDataObject): unknown {
	return target === 'originAuth' ? config.url : config.callbackUrl;
}

async function readSetting(
	this: IHookFunctions,
	target: CallbackMode,
	entryPoint: string | null,
): Promise<IDataObject> {
	const { body } = await agoraApiRequest.call(this, {
		method: 'GET',
		path: settingsPath(target, entryPoint),
		notFound: notFoundText(target, entryPoint),
	});
	return body ?? {};
}

async function writeSetting(
	this: IHookFunctions,
	target: CallbackMode,
	entryPoint: string | null,
	body: IDataObject,
): Promise<void> {
	await agoraApiRequest.call(this, {
		method: 'PATCH',
		path: settingsPath(target, entryPoint),
		body,
		notFound: notFoundText(target, entryPoint),
	});
}

function stringOrEmpty(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/** The PATCH body that puts a previous setting back (fields it did not have are cleared). */
export function restoreBody(target: CallbackMode, previous: IDataObject): IDataObject {
	const enabled = previous.enabled === true;
	if (target === 'originAuth') {
		return { enabled, url: stringOrEmpty(previous.url), secret: stringOrEmpty(previous.secret) };
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

function webhookUrlOf(this: IHookFunctions): string {
	const url = this.getNodeWebhookUrl('default');
	if (!url)
		throw new NodeOperationError(this.getNode(), 'n8n did not give this trigger a webhook URL');
	return url;
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
		? (this.getNodeParameter('registerCallback', true) as boolean)
		: false;
	return { mode, register };
}

/** checkExists: true when Agora already calls this URL (or nothing has to be registered). */
export async function callbackIsRegistered(this: IHookFunctions): Promise<boolean> {
	const { mode, register } = targetOf.call(this);
	if (mode === 'events') {
		await assertSecretForVerification.call(this, "Agora's event signatures");
		return true;
	}
	if (!register) {
		if (mode === 'originAuth' && this.getNodeParameter('requireSignature', true) === true) {
			await assertSecretForVerification.call(
				this,
				"the origin authentication requests' signatures",
			);
		}
		return true;
	}
	const target = mode as CallbackMode;
	const entryPoint = target === 'originAuth' ? null : entryPointOf.call(this);
	const url = webhookUrlOf.call(this);
	const current = await readSetting.call(this, target, entryPoint);
	if (current.enabled !== true || configuredUrl(target, current) !== url) return false;
	const registration = staticDataOf(this).registration;
	if (!registration || registration.target !== target || registration.entryPoint !== entryPoint)
		return false;
	// Origin authentication is signed with the secret we generated: we must still hold the one Agora uses.
	if (target === 'originAuth')
		return !!registration.secret && current.secret === registration.secret;
	return true;
}

/** create: remembers the current setting, then points Agora at this trigger's URL. */
export async function registerCallback(this: IHookFunctions): Promise<boolean> {
	const { mode, register } = targetOf.call(this);
	if (!register || !isCallbackMode(mode)) return true;
	const target = mode;
	const entryPoint = target === 'originAuth' ? null : entryPointOf.call(this);
	const url = webhookUrlOf.call(this);
	const staticData = staticDataOf(this);
	const current = await readSetting.call(this, target, entryPoint);
	const earlier = staticData.registration;

	let previous: IDataObject;
	if (
		earlier &&
		earlier.target === target &&
		earlier.entryPoint === entryPoint &&
		configuredUrl(target, current) === earlier.url
	) {
		// Agora still points at the URL we registered earlier: the setting before that is the one to keep.
		previous = earlier.previous;
	} else if (configuredUrl(target, current) === url) {
		// Already our URL but we lost what was there before: restoring means switching it off.
		previous = { enabled: false };
	} else {
		previous = current;
	}

	const secret = target === 'originAuth' ? randomBytes(32).toString('hex') : null;
	const body: IDataObject =
		target === 'originAuth' ? { enabled: true, url, secret } : { enabled: true, callbackUrl: url };
	await writeSetting.call(this, target, entryPoint, body);
	staticData.registration = {
		target,
		entryPoint,
		url,
		previous,
		secret,
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
	const current = await readSetting.call(this, target, entryPoint);
	if (configuredUrl(target, current) === registration.url) {
		await writeSetting.call(
			this,
			target,
			entryPoint,
			restoreBody(target, registration.previous ?? {}),
		);
	}
	delete staticData.registration;
	return true;
}
