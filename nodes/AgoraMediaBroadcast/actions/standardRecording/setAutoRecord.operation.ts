import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { enabledField, entryPointLocator } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getBoolean, getEntryPoint } from '../../shared/validation';
import { entryPointNotFound, entryPointPath } from '../../shared/paths';

const properties: INodeProperties[] = [
	entryPointLocator(),
	enabledField(
		'Whether every stream of the entry point is recorded to Agora storage automatically. Turn it off before using Start for Stream to record single streams.',
	),
];

const displayOptions = { show: { resource: ['standardRecording'], operation: ['setAutoRecord'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const enabled = getBoolean.call(this, 'enabled', 'Enabled', itemIndex);
	return {
		request: {
			method: 'PATCH',
			path: entryPointPath(entryPoint, 'settings', 'record', 'standard', 'auto'),
			body: { enabled },
			notFound: entryPointNotFound(entryPoint),
		},
		toItems: () => successItem({ entryPoint, enabled }),
	};
}
