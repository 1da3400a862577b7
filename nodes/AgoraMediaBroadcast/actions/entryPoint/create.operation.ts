import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import { getName, inputError } from '../../shared/validation';
import { nameRuleText } from '../../shared/names';

const properties: INodeProperties[] = [
	{
		displayName: 'Entry Point Name',
		name: 'entryPointName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. sports',
		description: `Name of the new entry point. ${nameRuleText()} It is the AppName in push and play URLs (rtmp://push.example.com/sports/stream_42).`,
	},
];

const displayOptions = { show: { resource: ['entryPoint'], operation: ['create'] } };

export const description = showForOperation(displayOptions, properties);

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const entryPoint = getName.call(this, 'entryPointName', 'Entry Point Name', itemIndex);
	if (entryPoint === 'live') {
		throw inputError(
			this.getNode(),
			itemIndex,
			'Entry point "live" is the default entry point and always exists: choose another name',
		);
	}
	return {
		// Agora answers 201 with no body. A POST is never retried, so a lost answer cannot create it twice.
		request: { method: 'POST', path: '/entry_points', qs: { id: entryPoint } },
		toItems: () => successItem({ entryPoint }),
	};
}
