import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getOption } from './validation';

const FORMAT_CHOICES = ['disable', 'enable', 'unchanged'] as const;

function formatField(
	name: 'mp4' | 'hls',
	displayName: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		options: [
			{ name: 'Disable', value: 'disable', description: `Stop writing ${displayName} files` },
			{ name: 'Enable', value: 'enable', description: `Write ${displayName} files` },
			{
				name: 'Leave Unchanged',
				value: 'unchanged',
				description: `Keep the current ${displayName} setting`,
			},
		],
		default: 'enable',
		description,
	};
}

/** The MP4 and HLS switches of a recording configuration (standard and custom recording). */
export function recordingFormatFields(): INodeProperties[] {
	return [
		formatField('mp4', 'MP4', 'Whether recordings are also written as MP4 files'),
		formatField(
			'hls',
			'HLS',
			'Whether recordings are written as HLS (M3U8) files; clips, snapshots from recordings and the Get Many Files operation work on these',
		),
	];
}

/** `{ mp4Config?, hlsConfig? }` as chosen: only the formats the user changes are sent. */
export function readRecordingFormats(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const mp4 = getOption.call(this, 'mp4', 'MP4', FORMAT_CHOICES, itemIndex, 'unchanged');
	const hls = getOption.call(this, 'hls', 'HLS', FORMAT_CHOICES, itemIndex, 'unchanged');
	const body: IDataObject = {};
	if (mp4 !== 'unchanged') body.mp4Config = { enabled: mp4 === 'enable' };
	if (hls !== 'unchanged') body.hlsConfig = { enabled: hls === 'enable' };
	return body;
}
