import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { maskSecret } from '../../shared/secrets';
import { getBoolean } from '../../shared/validation';

/**
 * A domain's `authKey` signs its push and play URLs, so it is a secret: outputs mask it unless the
 * user asks for it (e.g. to feed Stream → Generate URLs).
 */
export const includeAuthKeyField: INodeProperties = {
	displayName: 'Include Auth Key',
	name: 'includeAuthKey',
	type: 'boolean',
	default: false,
	description:
		'Whether to output the timestamp auth key in clear (e.g. to sign URLs with Stream → Generate URLs). Off: it is masked.',
};

export function readIncludeAuthKey(this: IExecuteFunctions, itemIndex: number): boolean {
	return getBoolean.call(this, 'includeAuthKey', 'Include Auth Key', itemIndex, false);
}

export function withAuthKey(domain: IDataObject, include: boolean): IDataObject {
	if (include || domain.authKey === undefined || domain.authKey === null) return domain;
	return { ...domain, authKey: maskSecret(domain.authKey) };
}
