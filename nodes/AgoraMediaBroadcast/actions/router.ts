import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { assertAppId } from '../shared/names';
import type { AgoraOperation, OperationPlan } from '../shared/types';
import { agoraApiRequest, CREDENTIAL_TYPE } from '../transport';
import { readRequestSettings } from '../transport/settings';
import { resources } from './resources';
import { runContext } from './runContext';

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

/** Items read between two turns of the event loop (and at most 25 ms of work): see eventLoopTurns. */
const ITEMS_PER_TURN = 250;
const MS_PER_TURN = 25;

/**
 * Phase 1 is synchronous work (n8n evaluates expressions synchronously): 100,000 items held the
 * event loop for over a minute, and with it every other execution, webhook and the editor of the
 * process. Hands the loop back every ITEMS_PER_TURN items or MS_PER_TURN ms.
 */
function eventLoopTurns(): () => Promise<void> | undefined {
	let items = 0;
	let since = performance.now();
	return () => {
		if (++items < ITEMS_PER_TURN && performance.now() - since < MS_PER_TURN) return undefined;
		items = 0;
		return sleep(0).then(() => {
			since = performance.now();
		});
	};
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
	const context = runContext(this);
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const { transport, concurrency } = readRequestSettings.call(context);

	// Only plans that send a request wait for phase 2; local output goes straight to the results.
	const plans: Array<OperationPlan | undefined> = new Array(items.length);
	const results: INodeExecutionData[][] = new Array(items.length);
	let requests = 0;

	const operation = findOperation.call(context);
	const nextTurn = eventLoopTurns();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const plan = await operation.prepare.call(context, itemIndex);
			if ('local' in plan) {
				results[itemIndex] = plan.local.map((json) => ({ json, pairedItem: { item: itemIndex } }));
			} else {
				plans[itemIndex] = plan;
				requests++;
			}
		} catch (error) {
			const nodeError = asNodeError.call(context, error, itemIndex);
			if (!continueOnFail) throw nodeError;
			results[itemIndex] = [
				{ json: { error: nodeError.message }, error: nodeError, pairedItem: { item: itemIndex } },
			];
		}
		await nextTurn();
	}

	// Decrypting the credential costs a database read: once per run, not once per item.
	if (requests > 0) {
		transport.credentials =
			await context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
		// The App ID is a path segment of every request: `..` would send them to another path.
		assertAppId(context.getNode(), String(transport.credentials.appId ?? '').trim());
	}

	// The lowest-index failure without Continue On Fail; once set, no new item starts.
	const fatal: { first?: { itemIndex: number; error: Error } } = {};
	let next = 0;
	const worker = async () => {
		while (fatal.first === undefined) {
			const itemIndex = next++;
			if (itemIndex >= items.length) return;
			const plan = plans[itemIndex];
			if (!plan || 'local' in plan) continue;
			plans[itemIndex] = undefined; // its closure and request are not needed once answered
			try {
				const answer = await agoraApiRequest.call(context, plan.request, itemIndex, transport);
				results[itemIndex] = plan
					.toItems(answer)
					.map((json) => ({ json, pairedItem: { item: itemIndex } }));
			} catch (error) {
				const nodeError = asNodeError.call(context, error, itemIndex);
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
	if (requests > 0)
		await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
	if (fatal.first) throw fatal.first.error;

	return [results.flatMap((entry) => entry ?? [])];
}
