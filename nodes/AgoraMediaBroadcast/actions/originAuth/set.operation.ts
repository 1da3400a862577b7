import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { enabledField } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getBoolean, getString, inputError } from '../../shared/validation';
import { assertUrlOrHostPath } from '../streamTransfer/urls';

const properties: INodeProperties[] = [
	enabledField(
		'Whether Agora asks your authentication server to allow or deny every push and play of the project before accepting it',
	),
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://auth.example.com/agora',
		description:
			'Your authentication server. Agora sends it host, entryPoint, streamName, clientIp and token for each push and play, and accepts only when it answers 200 (401 denies). An http(s) URL or a host and path such as www.example.com/auth/callback. Leave empty to keep the current URL.',
	},
	{
		displayName: 'Secret',
		name: 'secret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description:
			'Secret Agora uses to sign its requests to your server (the same way as NCS notifications). Leave empty to keep the current secret.',
	},
];

const displayOptions = { show: { resource: ['originAuth'], operation: ['set'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const enabled = getBoolean.call(this, 'enabled', 'Enabled', itemIndex, true);
	const url = getString.call(this, 'url', 'URL', itemIndex, { required: false });
	// Read as typed: a secret is not trimmed.
	const rawSecret = this.getNodeParameter('secret', itemIndex, '') as unknown;
	if (rawSecret !== undefined && rawSecret !== null && typeof rawSecret !== 'string') {
		throw inputError(this.getNode(), itemIndex, 'Secret must be text');
	}
	const secret = rawSecret ?? '';
	const body: IDataObject = { enabled };
	if (url !== '') {
		body.url = assertUrlOrHostPath(
			this.getNode(),
			url,
			'URL',
			itemIndex,
			'https://auth.example.com/agora or www.example.com/auth/callback',
		);
	}
	if (secret !== '') body.secret = secret;
	return {
		request: { method: 'PATCH', path: '/settings/streamauth/webhook', body },
		// The secret is never echoed.
		toItems: () =>
			successItem({
				enabled,
				...(body.url ? { url: body.url } : {}),
				secretUpdated: secret !== '',
			}),
	};
}
