import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import type { OperationPlan } from '../../shared/types';
import { PLAY_STATISTICS, readReport, reportFields, reportItems } from './timeWindow';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = reportFields(
	PLAY_STATISTICS,
	'The stream whose per-minute viewer connections to read (about 3 minutes delay, kept 30 days)',
);

const displayOptions = { show: { resource: ['report'], operation: ['getPlayStatistics'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const report = readReport.call(this, itemIndex, PLAY_STATISTICS);
	return {
		request: {
			method: 'GET',
			path: entryPointPath(report.entryPoint, 'reports', 'stream_play_statistic'),
			qs: report.qs,
			notFound: entryPointNotFound(report.entryPoint),
		},
		// One item per minute: { name, time, linkNum (concurrent player connections), streamName, entryPoint }.
		toItems: (response) => reportItems(response, ['playStatistic'], report),
	};
}
