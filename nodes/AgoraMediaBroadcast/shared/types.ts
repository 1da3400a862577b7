import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { AgoraRequest, AgoraResponse } from '../transport';

/**
 * What an operation makes of one item: either a request plus how to turn its answer into output
 * items, or output computed locally (no request at all).
 */
export type OperationPlan =
	| { request: AgoraRequest; toItems: (response: AgoraResponse) => IDataObject[] }
	| { local: IDataObject[] };

/** One endpoint: its fields and how one item's parameters become a request. */
export interface AgoraOperation {
	description: INodeProperties[];
	prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan>;
}
