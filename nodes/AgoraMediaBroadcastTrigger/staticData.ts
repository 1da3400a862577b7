import type { IDataObject } from 'n8n-workflow';

import type { CallbackMode } from './callbacks';
import type { TriggerScope } from './secrets';

/**
 * The trigger node's static data (n8n keeps it unencrypted in its database, with the workflow):
 * the registration made on activation (registration.ts) and the records of deliveries and
 * origin-authentication requests already answered (deliveryRecord.ts).
 */
export interface TriggerStaticData extends IDataObject {
	registration?: Registration;
	/** Written by versions before 0.2 (dedupe in static data); removed on activation. */
	seenNoticeIds?: string[];
}

export interface Registration extends IDataObject {
	target: CallbackMode;
	entryPoint: string | null;
	/** The trigger's webhook URL, without the token. */
	url: string;
	/** The setting before registration, sealed whole (`{ sealed }`, callbackSettings.ts). */
	previous: IDataObject;
	/** Production or test listening: which derived secret and token were registered. */
	variant: TriggerScope['variant'];
	registeredAt: string;
}

export function staticDataOf(context: {
	getWorkflowStaticData(type: string): IDataObject;
}): TriggerStaticData {
	return context.getWorkflowStaticData('node') as TriggerStaticData;
}
