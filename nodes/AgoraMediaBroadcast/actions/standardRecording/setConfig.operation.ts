import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator, regionField, REGIONS } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getName, getOption, inputError } from '../../shared/validation';

const FORMAT_CHOICES = ['disable', 'enable', 'unchanged'] as const;

const properties: INodeProperties[] = [
	{
		displayName:
			'A successful call turns standard recording on for all streams of the entry point (the entry point switch becomes on)',
		name: 'standardRecordingNotice',
		type: 'notice',
		default: '',
	},
	entryPointLocator(),
	regionField(
		'Region of the push domain the streams are pushed to (the recording configuration is kept per region)',
	),
	{
		displayName: 'MP4',
		name: 'mp4',
		type: 'options',
		options: [
			{ name: 'Disable', value: 'disable', description: 'Send mp4Config.enabled = false' },
			{ name: 'Enable', value: 'enable', description: 'Send mp4Config.enabled = true' },
			{ name: 'Leave Unchanged', value: 'unchanged', description: 'Do not send mp4Config' },
		],
		default: 'enable',
		description:
			'Whether recordings are also written as MP4 files. At least one of MP4 and HLS must be changed.',
	},
	{
		displayName: 'HLS',
		name: 'hls',
		type: 'options',
		options: [
			{ name: 'Disable', value: 'disable', description: 'Send hlsConfig.enabled = false' },
			{ name: 'Enable', value: 'enable', description: 'Send hlsConfig.enabled = true' },
			{ name: 'Leave Unchanged', value: 'unchanged', description: 'Do not send hlsConfig' },
		],
		default: 'enable',
		description:
			'Whether recordings are written as HLS (M3U8) files; clips, snapshots from recordings and Get Many Files work on these. At least one of MP4 and HLS must be changed.',
	},
];

const displayOptions = { show: { resource: ['standardRecording'], operation: ['setConfig'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getName.call(this, 'entryPoint', 'Entry Point', itemIndex, {
		extractValue: true,
	});
	const region = getOption.call(this, 'region', 'Region', REGIONS, itemIndex);
	const mp4 = getOption.call(this, 'mp4', 'MP4', FORMAT_CHOICES, itemIndex, 'unchanged');
	const hls = getOption.call(this, 'hls', 'HLS', FORMAT_CHOICES, itemIndex, 'unchanged');
	const body: IDataObject = {};
	if (mp4 !== 'unchanged') body.mp4Config = { enabled: mp4 === 'enable' };
	if (hls !== 'unchanged') body.hlsConfig = { enabled: hls === 'enable' };
	if (Object.keys(body).length === 0) {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Nothing to set: MP4 and HLS are both "Leave Unchanged". Set at least one of them to Enable or Disable',
		);
	}
	return {
		request: {
			method: 'PATCH',
			path: `/entry_points/${encodeURIComponent(entryPoint)}/settings/record/standard/regions/${region}`,
			body,
			notFound: `entry point "${entryPoint}"`,
		},
		toItems: () => successItem({ entryPoint, region, ...body }),
	};
}
