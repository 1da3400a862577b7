import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { enabledField, entryPointLocator } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getBoolean, getEntryPoint, getString, inputError } from '../../shared/validation';
import { assertHttpUrl } from './urls';
import { entryPointRequest } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	enabledField(
		'Whether Agora forwards (restreams) every stream pushed to this entry point to the RTMP addresses your callback URL returns',
	),
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://example.com/agora/transfer',
		description:
			'Your http(s) endpoint. When a stream starts, Agora POSTs to it with the query entry_point and stream_name and expects 200 with JSON {"transferUrls": ["rtmp://…"]}. Required when \'Enabled\' is on; when off, leave empty to keep the current URL.',
	},
];

const displayOptions = { show: { resource: ['streamTransfer'], operation: ['set'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const enabled = getBoolean.call(this, 'enabled', 'Enabled', itemIndex, true);
	const callbackUrl = getString.call(this, 'callbackUrl', 'Callback URL', itemIndex, {
		required: false,
	});
	if (enabled && callbackUrl === '') {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Callback URL is required when Enabled is on: Agora asks it where to forward each stream (e.g. https://example.com/agora/transfer)',
		);
	}
	const body: IDataObject = { enabled };
	if (callbackUrl !== '') {
		body.callbackUrl = assertHttpUrl(
			this.getNode(),
			callbackUrl,
			'Callback URL',
			itemIndex,
			'https://example.com/agora/transfer',
		);
	}
	return {
		request: entryPointRequest('PATCH', entryPoint, ['settings', 'transfer'], { body }),
		toItems: () => successItem({ entryPoint, ...body }),
	};
}
