import type { INodeProperties } from 'n8n-workflow';

import type { AgoraOperation } from '../shared/types';
import * as callback from './callback';
import * as customRecording from './customRecording';
import * as domain from './domain';
import * as entryPoint from './entryPoint';
import * as originAuth from './originAuth';
import * as pullFromOrigin from './pullFromOrigin';
import * as report from './report';
import * as snapshot from './snapshot';
import * as standardRecording from './standardRecording';
import * as stream from './stream';
import * as streamTransfer from './streamTransfer';
import * as transcoding from './transcoding';
import * as watermark from './watermark';

interface AgoraResource {
	operations: Record<string, AgoraOperation>;
	description: INodeProperties[];
}

/** resource value → its operations; the router looks every item's operation up here. */
export const resources: Record<string, AgoraResource> = {
	callback,
	domain,
	entryPoint,
	stream,
	report,
	originAuth,
	pullFromOrigin,
	streamTransfer,
	watermark,
	standardRecording,
	customRecording,
	snapshot,
	transcoding,
};

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Callback',
			value: 'callback',
			description: 'Answer an Agora callback received by the Agora Media Broadcast Trigger',
		},
		{
			name: 'Custom Recording',
			value: 'customRecording',
			description: 'Record streams into your own cloud storage',
		},
		{
			name: 'Domain',
			value: 'domain',
			description: 'Push and play domains, and their timestamp auth key',
		},
		{
			name: 'Entry Point',
			value: 'entryPoint',
			description: 'Stream groups (the AppName in URLs)',
		},
		{
			name: 'Origin Authentication',
			value: 'originAuth',
			description: 'Let your server allow or deny each push and play',
		},
		{
			name: 'Pull From Origin',
			value: 'pullFromOrigin',
			description: 'Pull streams from your origin server',
		},
		{
			name: 'Report',
			value: 'report',
			description: 'Publish history, publish quality and play statistics',
		},
		{
			name: 'Snapshot',
			value: 'snapshot',
			description: 'Periodic snapshots and content moderation',
		},
		{
			name: 'Standard Recording',
			value: 'standardRecording',
			description: 'Record streams into Agora storage, clip and snapshot recordings',
		},
		{
			name: 'Stream',
			value: 'stream',
			description: 'Ban, delay and inspect streams; build signed URLs',
		},
		{
			name: 'Stream Transfer',
			value: 'streamTransfer',
			description: 'Forward streams to other CDNs',
		},
		{
			name: 'Transcoding',
			value: 'transcoding',
			description: 'Preset and custom transcoding templates',
		},
		{
			name: 'Watermark',
			value: 'watermark',
			description: 'Image watermarks on the streams of an entry point',
		},
	],
	default: 'stream',
};

export const resourceDescriptions: INodeProperties[] = Object.values(resources).flatMap(
	(resource) => resource.description,
);

/** "Get Many Files" → "Get many files": n8n's own subtitles are in sentence case. */
function sentenceCase(name: string): string {
	return name
		.split(' ')
		.map((word, index) => (index === 0 ? word : word.toLowerCase()))
		.join(' ');
}

/**
 * The canvas subtitle, e.g. "Get many: Domain", as n8n's own nodes show it: the operation's and the
 * resource's display names, looked up from the node's own options so they cannot drift apart.
 * An unknown pair (a value set by an old workflow) falls back to the raw values.
 */
export function operationSubtitle(): string {
	const resourceNames = new Map(
		(resourceProperty.options as Array<{ name: string; value: string }>).map((option) => [
			option.value,
			option.name,
		]),
	);
	const labels: Record<string, string> = {};
	for (const property of resourceDescriptions) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		for (const resource of (property.displayOptions?.show?.resource ?? []) as string[]) {
			for (const option of property.options as Array<{ name: string; value: string }>) {
				labels[`${resource}:${option.value}`] =
					`${sentenceCase(option.name)}: ${resourceNames.get(resource) ?? resource}`;
			}
		}
	}
	return `={{ ${JSON.stringify(labels)}[$parameter["resource"] + ":" + $parameter["operation"]] || $parameter["operation"] + ": " + $parameter["resource"] }}`;
}
