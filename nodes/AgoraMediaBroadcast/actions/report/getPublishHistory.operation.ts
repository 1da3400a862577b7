import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import type { OperationPlan } from '../../shared/types';
import { PUBLISH_HISTORY, readReport, reportFields, reportItems } from './timeWindow';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = reportFields(
	PUBLISH_HISTORY,
	'The stream whose finished publishing sessions to list (about 2 hours delay, kept 60 days)',
);

const displayOptions = { show: { resource: ['report'], operation: ['getPublishHistory'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const report = readReport.call(this, itemIndex, PUBLISH_HISTORY);
	return {
		request: {
			method: 'GET',
			path: entryPointPath(report.entryPoint, 'reports', 'publish_history'),
			qs: report.qs,
			notFound: entryPointNotFound(report.entryPoint),
		},
		// One item per session, newest first: { name, startTime, endTime, duration (s), streamName, entryPoint }.
		toItems: (response) => reportItems(response, ['publishHistory'], report),
	};
}
