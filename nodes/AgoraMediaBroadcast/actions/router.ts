import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { assertAppId } from '../shared/names';
import type { AgoraOperation, OperationPlan } from '../shared/types';
import { agoraApiRequest, CREDENTIAL_TYPE } from '../transport';
import { readRequestSettings } from '../transport/settings';
import { resources } from './resources';

/** Resource and operation cannot be expressions (noDataExpression), so they are read once. */
function findOperation(this: IExecuteFunctions): AgoraOperation {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	// Own properties only: "constructor" or "__proto__" (an imported workflow) must not reach Object's.
	const own = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);
	const operations = own(resources, resource) ? resources[resource].operations : undefined;
	const module = operations && own(operations, operation) ? operations[operation] : undefined;
	if (!module) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
	}
	return module;
}

function asNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

/**
 * Runs the node over all input items. Owns, once for every operation: the per-item loop, input
 * validation before any request, bounded concurrency, `continueOnFail`, `pairedItem` and errors.
 *
 * Phase 1 turns every item into a plan, so bad input anywhere in the batch fails the run before a
 * single request is sent (unless Continue On Fail is on: then only that item errors). Phase 2 sends
 * the plans with up to `concurrency` items in flight; the transport paces them to the API limit.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const { transport, concurrency } = readRequestSettings.call(this);

	const plans: Array<OperationPlan | undefined> = new Array(items.length);
	const results: INodeExecutionData[][] = new Array(items.length);

	const operation = findOperation.call(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			plans[itemIndex] = await operation.prepare.call(this, itemIndex);
		} catch (error) {
			const nodeError = asNodeError.call(this, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			results[itemIndex] = [
				{ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } },
			];
		}
	}

	// Decrypting the credential costs a database read: once per run, not once per item.
	if (plans.some((plan) => plan !== undefined && 'request' in plan)) {
		transport.credentials =
			await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
		// The App ID is a path segment of every request: `..` would send them to another path.
		assertAppId(this.getNode(), String(transport.credentials.appId ?? '').trim());
	}

	// The lowest-index failure without Continue On Fail; once set, no new item starts.
	const fatal: { first?: { itemIndex: number; error: Error } } = {};
	let next = 0;
	const worker = async () => {
		while (fatal.first === undefined) {
			const itemIndex = next++;
			if (itemIndex >= items.length) return;
			const plan = plans[itemIndex];
			if (!plan) continue;
			try {
				const jsonItems =
					'local' in plan
						? plan.local
						: plan.toItems(await agoraApiRequest.call(this, plan.request, itemIndex, transport));
				results[itemIndex] = jsonItems.map((json) => ({ json, pairedItem: { item: itemIndex } }));
			} catch (error) {
				const nodeError = asNodeError.call(this, error, itemIndex);
				if (!continueOnFail) {
					const earlier = fatal.first as { itemIndex: number } | undefined;
					if (!earlier || itemIndex < earlier.itemIndex)
						fatal.first = { itemIndex, error: nodeError };
					return;
				}
				results[itemIndex] = [
					{ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } },
				];
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	if (fatal.first) throw fatal.first.error;

	return [results.flatMap((entry) => entry ?? [])];
}
