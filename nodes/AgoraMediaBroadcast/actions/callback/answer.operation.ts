import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import type { OperationPlan } from '../../shared/types';
import { getOption, getString, inputError } from '../../shared/validation';
import {
	ORIGIN_AUTH_DECISIONS,
	ORIGIN_AUTH_STATUS,
	originAuthAnswerOptions,
} from './originAuthAnswer';

const properties: INodeProperties[] = [
	{
		displayName:
			'Use after an Agora Media Broadcast Trigger in a callback mode. Answers Agora once, with the first item; Agora waits for this answer.',
		name: 'answerNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Callback',
		name: 'callback',
		type: 'options',
		options: [
			{
				name: 'Origin Authentication',
				value: 'originAuth',
				description: 'Allow (200) or deny (401) a push or play',
			},
			{
				name: 'Stream Transfer Lookup',
				value: 'streamTransfer',
				description: 'Answer the RTMP URLs Agora forwards the stream to',
			},
			{
				name: 'Dynamic Pull From Origin',
				value: 'pullFromOrigin',
				description: 'Answer the RTMP URL Agora pulls the stream from',
			},
		],
		default: 'originAuth',
		description: 'Which Agora callback the trigger received',
	},
	{
		displayName: 'Decision',
		name: 'decision',
		type: 'options',
		options: originAuthAnswerOptions,
		default: 'deny',
		displayOptions: { show: { callback: ['originAuth'] } },
	},
	{
		displayName: 'Transfer URLs',
		name: 'transferUrls',
		type: 'string',
		default: '',
		required: true,
		placeholder:
			'e.g. rtmp://cdn-a.example.com/live/stream1, rtmp://cdn-b.example.com/live/stream1',
		description:
			'RTMP URLs to forward the stream to, separated by commas or new lines, or a list from an expression. Empty list: no transfer.',
		displayOptions: { show: { callback: ['streamTransfer'] } },
	},
	{
		displayName: 'Origin URL',
		name: 'originUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. rtmp://origin.example.com/live/stream1',
		description: 'The RTMP URL Agora pulls the stream from (Agora supports RTMP only here)',
		displayOptions: { show: { callback: ['pullFromOrigin'] } },
	},
];

const displayOptions = { show: { resource: ['callback'], operation: ['answer'] } };

export const description = showForOperation(displayOptions, properties);

const RTMP_URL = /^rtmps?:\/\/[^\s/]+\/\S+$/i;

/**
 * An RTMP(S) URL Agora can forward to or pull from (the reference documents RTMP only), whose path
 * has no "." or ".." segment (also percent-encoded): Agora must get the path the workflow meant,
 * not one a URL parser on the way resolves elsewhere.
 */
function isStreamUrl(url: unknown): url is string {
	if (typeof url !== 'string' || !RTMP_URL.test(url)) return false;
	const path = url.replace(/^rtmps?:\/\/[^/]+/i, '').split(/[?#]/)[0];
	return path.split('/').every((segment) => !/^(\.|%2e){1,2}$/i.test(segment));
}

function readRtmpUrls(this: IExecuteFunctions, itemIndex: number): string[] {
	const raw = this.getNodeParameter('transferUrls', itemIndex, '') as unknown;
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\n,]/) : [raw];
	const urls = list
		.map((url) => (typeof url === 'string' ? url.trim() : url))
		.filter((url) => url !== '');
	for (const url of urls) {
		if (!isStreamUrl(url)) {
			throw inputError(
				this.getNode(),
				itemIndex,
				`Transfer URLs: ${JSON.stringify(url)} is not an RTMP URL: use rtmp://host/app/stream (rtmp or rtmps, no "." or ".." path segments)`,
			);
		}
	}
	return urls as string[];
}

/**
 * Answers the Agora callback that started this workflow (the trigger waits with responseMode
 * "responseNode"), through n8n's sendResponse: the same path the Respond to Webhook node uses, which
 * in n8n 2.x only accepts n8n's own webhook triggers from its version 1.1 on.
 */
export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const callback = getOption.call(
		this,
		'callback',
		'Callback',
		['originAuth', 'streamTransfer', 'pullFromOrigin'] as const,
		itemIndex,
	);
	let statusCode = 200;
	let body: IDataObject = {};
	if (callback === 'originAuth') {
		const decision = getOption.call(
			this,
			'decision',
			'Decision',
			ORIGIN_AUTH_DECISIONS,
			itemIndex,
		) as (typeof ORIGIN_AUTH_DECISIONS)[number];
		statusCode = ORIGIN_AUTH_STATUS[decision];
		body = { allowed: decision === 'allow' };
	} else if (callback === 'streamTransfer') {
		body = { transferUrls: readRtmpUrls.call(this, itemIndex) };
	} else {
		const url = getString.call(this, 'originUrl', 'Origin URL', itemIndex);
		if (!isStreamUrl(url)) {
			throw inputError(
				this.getNode(),
				itemIndex,
				`Origin URL "${url}" is not an RTMP URL: use rtmp://host/app/stream (rtmp or rtmps, no "." or ".." path segments)`,
			);
		}
		body = { url };
	}
	// Agora gets one answer: the first item's. Later items pass through marked as not sent.
	if (itemIndex > 0)
		return { local: [{ answered: false, callback, reason: 'only the first item answers Agora' }] };
	await this.sendResponse({ body, headers: { 'content-type': 'application/json' }, statusCode });
	return { local: [{ answered: true, callback, statusCode, body }] };
}
