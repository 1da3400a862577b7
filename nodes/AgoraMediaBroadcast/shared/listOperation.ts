import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

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

/**
 * A setting of one entry point read with `GET /entry_points/{entryPoint}/{segments…}`: one item,
 * `{ entryPoint, enabled: false, ...setting }` (Agora leaves `enabled` out when it was never set),
 * tidied by `toItem`.
 */
export function entryPointSettingOperation(options: {
	resource: string;
	operation: string;
	segments: string[];
	toItem?: (item: IDataObject) => IDataObject;
}): AgoraOperation {
	return {
		description: showForOperation(
			{ show: { resource: [options.resource], operation: [options.operation] } },
			[entryPointLocator()],
		),
		async prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
			const entryPoint = getEntryPoint.call(this, itemIndex);
			const toItem = options.toItem ?? ((item: IDataObject) => item);
			return {
				request: entryPointRequest('GET', entryPoint, options.segments),
				toItems: (response) => [toItem({ entryPoint, enabled: false, ...(response.body ?? {}) })],
			};
		},
	};
}
