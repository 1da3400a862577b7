import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { showForOperation } from './displayOptions';
import { entryPointLocator, returnAllFields } from './fields';
import { listItems } from './output';
import { entryPointRequest } from './paths';
import type { AgoraOperation, OperationPlan } from './types';
import { getEntryPoint, getListLimit } from './validation';

/**
 * The Get Many family: one GET that returns a list under one of `keys`, cut to Return All / Limit
 * (Agora has no paging). Entry-point lists add the entry point to every item.
 */
type ListSource =
	/** A list under `/entry_points/{entryPoint}/{segments…}`; the entry point is a field. */
	| { entryPointSegments: string[] }
	/** A project-level list, e.g. `/entry_points`. */
	| { projectPath: string };

export function listOperation(
	options: {
		resource: string;
		operation: string;
		/** Agora spells some list keys two ways: the first array found is used. */
		keys: string[];
	} & ListSource,
): AgoraOperation {
	const byEntryPoint = 'entryPointSegments' in options;
	const properties: INodeProperties[] = byEntryPoint
		? [entryPointLocator(), ...returnAllFields()]
		: returnAllFields();
	return {
		description: showForOperation(
			{ show: { resource: [options.resource], operation: [options.operation] } },
			properties,
		),
		async prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
			if (!('entryPointSegments' in options)) {
				const limit = getListLimit.call(this, itemIndex);
				return {
					request: { method: 'GET', path: options.projectPath },
					toItems: (response) => listItems(response, options.keys, { limit }),
				};
			}
			const entryPoint = getEntryPoint.call(this, itemIndex);
			const limit = getListLimit.call(this, itemIndex);
			return {
				request: entryPointRequest('GET', entryPoint, options.entryPointSegments),
				toItems: (response) => listItems(response, options.keys, { limit, extra: { entryPoint } }),
			};
		},
	};
}
