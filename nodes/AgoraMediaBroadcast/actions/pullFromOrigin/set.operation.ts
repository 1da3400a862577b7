import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator } from '../../shared/fields';
import { maskedUrl } from '../../shared/callbackUrl';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { assertName, getEntryPoint, getOption, getString } from '../../shared/validation';
import { assertHostName, assertHttpUrl } from '../streamTransfer/urls';
import { entryPointRequest } from '../../shared/paths';
import { nameRuleText } from '../../shared/names';

const MODES = ['directPull', 'dynamicPull', 'disable'] as const;

const properties: INodeProperties[] = [
	entryPointLocator(),
	{
		displayName: 'Mode',
		name: 'pullMode',
		type: 'options',
		options: [
			{
				name: 'Direct Pull',
				value: 'directPull',
				description: 'Pull every stream from one origin domain',
			},
			{
				name: 'Disable',
				value: 'disable',
				description: 'Turn pulling from origin off for this entry point',
			},
			{
				name: 'Dynamic Pull',
				value: 'dynamicPull',
				description: 'Ask your callback URL for the origin address of each stream',
			},
		],
		default: 'directPull',
		required: true,
		description:
			'How Agora finds the origin when a viewer plays a stream that is not pushed to Agora. Direct and dynamic pull are mutually exclusive: setting one replaces the other.',
	},
	{
		displayName: 'Origin Domain',
		name: 'originDomain',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. origin.example.com',
		description:
			'Host name of your origin server that Agora pulls the streams from (no scheme or path)',
		displayOptions: { show: { pullMode: ['directPull'] } },
	},
	{
		displayName: 'Origin App',
		name: 'originApp',
		type: 'string',
		default: '',
		placeholder: 'e.g. live',
		description: `The origin's AppName (the path segment before the stream name). Leave empty to use the entry point of the playback URL. ${nameRuleText()}`,
		displayOptions: { show: { pullMode: ['directPull'] } },
	},
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://origin.example.com/agora/pull',
		description:
			'Your http(s) endpoint. Agora calls it with GET and the query entry_point and stream_name, and expects 200 with a JSON object holding the RTMP address (rtmp://…) of the origin of that stream.',
		displayOptions: { show: { pullMode: ['dynamicPull'] } },
	},
];

const displayOptions = { show: { resource: ['pullFromOrigin'], operation: ['set'] } };

export const description = showForOperation(displayOptions, properties);

const PULL_EXAMPLE = 'https://origin.example.com/agora/pull';

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const mode = getOption.call(this, 'pullMode', 'Mode', MODES, itemIndex, 'directPull');
	const node = this.getNode();
	const originDomain = () => getString.call(this, 'originDomain', 'Origin Domain', itemIndex);
	const callbackField = () => getString.call(this, 'callbackUrl', 'Callback URL', itemIndex);
	let body: IDataObject;
	if (mode === 'directPull') {
		const domain = assertHostName(
			node,
			originDomain(),
			'Origin Domain',
			itemIndex,
			'origin.example.com',
		);
		const app = getString.call(this, 'originApp', 'Origin App', itemIndex, { required: false });
		if (app !== '') assertName(node, app, 'Origin App', itemIndex);
		body = { enabled: true, domain, ...(app !== '' ? { app } : {}) };
	} else if (mode === 'dynamicPull') {
		const callbackUrl = assertHttpUrl(
			node,
			callbackField(),
			'Callback URL',
			itemIndex,
			PULL_EXAMPLE,
		);
		body = { enabled: true, callbackUrl };
	} else {
		body = { enabled: false };
	}
	return {
		request: entryPointRequest('PATCH', entryPoint, ['settings', 'origin_site'], { body }),
		toItems: () => successItem({ entryPoint, mode, ...body, ...maskedUrl(body) }),
	};
}
