import type {
	INode,
	ICredentialDataDecryptedObject,
	IDataObject,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { AgoraRequest } from '../AgoraMediaBroadcast/api';
import {
	agoraApiRequest,
	CREDENTIAL_TYPE,
	DEFAULT_TRANSPORT_SETTINGS,
	entryPointRequest,
	listIn,
	isValidName,
	shownName,
	UnexpectedListError,
} from '../AgoraMediaBroadcast/api';
import { isoTime } from './events';
import type { BannedStreams, LiveStreams } from './state';
import type { PollSettings } from './settings';

// The requests one poll sends (through the node's one transport) and the budget that counts them.

export type Send = (request: AgoraRequest) => Promise<{ body: IDataObject | undefined }>;

/** Counts a poll's requests against Max Requests per Poll and n8n's time budget for one poll. */
export class RequestBudget {
	constructor(
		private left: number,
		private readonly deadline: number,
	) {}

	/** Whether `count` more requests fit; they are counted when they do. */
	take(count: number): boolean {
		if (count > this.left || Date.now() > this.deadline) return false;
		this.left -= count;
		return true;
	}
}

/** Stop starting requests when 80 % of the time n8n gives one poll has passed (older n8n: none). */
function pollDeadline(context: IPollFunctions): number {
	const budgetMs =
		typeof context.getPollBudgetMs === 'function' ? context.getPollBudgetMs() : Infinity;
	return Date.now() + 0.8 * budgetMs;
}

/** Sends a request whose 404 means "the entry point is gone": undefined then, the answer otherwise. */
export async function unless404(
	this: IPollFunctions,
	send: Send,
	request: AgoraRequest,
): Promise<{ body: IDataObject | undefined } | undefined> {
	try {
		return await send(request);
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
		// The transport's errors are NodeApiErrors already (message and description kept).
		throw error instanceof NodeApiError
			? error
			: new NodeApiError(this.getNode(), error as JsonObject);
	}
}

/**
 * A list answer in another shape (UnexpectedListError) is returned, to be logged and skipped; any other
 * error is thrown as n8n shows it.
 */
export function changedShapeOrThrow(node: INode, error: unknown): UnexpectedListError {
	if (error instanceof UnexpectedListError) return error;
	throw error instanceof NodeApiError || error instanceof NodeOperationError
		? error
		: new NodeOperationError(node, error as Error);
}

/**
 * The objects of the list under `key`. An answer without that list throws UnexpectedListError
 * (api.ts): a changed answer is never read as an empty one.
 */
export function listOf(body: IDataObject | undefined, key: string): IDataObject[] {
	return listIn(body, [key]).filter(
		(v): v is IDataObject => v !== null && typeof v === 'object' && !Array.isArray(v),
	);
}

/**
 * The selected entry points, or all of the project's (one request, counted in the budget). A listed
 * name that breaks the name rule would go into request paths: it is skipped, and `warn` says so.
 */
export async function watchedEntryPoints(
	settings: PollSettings,
	budget: RequestBudget,
	send: Send,
	warn: (message: string) => void,
): Promise<string[]> {
	if (settings.watch === 'selected') return settings.entryPoints;
	budget.take(1); // always fits: readSettings checked that Max Requests per Poll covers it
	const { body } = await send({ method: 'GET', path: '/entry_points' });
	const listed = listOf(body, 'entryPointList')
		.map((e) => (typeof e.name === 'string' ? e.name : ''))
		.filter((name) => name !== '');
	const skipped = listed.filter((name) => !isValidName(name));
	if (skipped.length > 0) {
		const names = skipped.slice(0, 5).map((name) => `"${shownName(name, 40)}"`);
		warn(
			`Agora Media Broadcast Polling Trigger: ${skipped.length} entry point(s) listed by Agora not watched, their names break the name rule: ${names.join(', ')}${skipped.length > 5 ? ', …' : ''}`,
		);
	}
	return skipped.length > 0 ? listed.filter((name) => isValidName(name)) : listed;
}

/** The live streams of an entry point; undefined when the entry point does not exist (404). */
export async function fetchLive(
	this: IPollFunctions,
	send: Send,
	entryPoint: string,
): Promise<LiveStreams | undefined> {
	const response = await unless404.call(
		this,
		send,
		entryPointRequest('GET', entryPoint, ['reports', 'online_streams']),
	);
	if (response === undefined) return undefined;
	const live: LiveStreams = new Map();
	for (const stream of listOf(response.body, 'streamList'))
		if (typeof stream.name === 'string') live.set(stream.name, isoTime(stream.startTime));
	return live;
}

/** The banned streams of an entry point; undefined when the entry point does not exist (404). */
export async function fetchBanned(
	this: IPollFunctions,
	send: Send,
	entryPoint: string,
): Promise<BannedStreams | undefined> {
	const response = await unless404.call(
		this,
		send,
		entryPointRequest('GET', entryPoint, ['admin', 'banned_streams']),
	);
	if (response === undefined) return undefined;
	const banned: BannedStreams = new Map();
	for (const ban of listOf(response.body, 'bannedStreamList'))
		if (typeof ban.name === 'string') banned.set(ban.name, isoTime(ban.resumeTime));
	return banned;
}

/**
 * What one poll sends with: its request budget, a `send` through the one transport (the credential
 * read once per poll) and the poll's time.
 */
export interface PollRequests {
	budget: RequestBudget;
	send: Send;
	now: string;
}

/** Made once per poll: the credential is read on the first request only. */
export function sender(context: IPollFunctions, settings: PollSettings): PollRequests {
	const budget = new RequestBudget(settings.maxRequests, pollDeadline(context));
	let credentials: ICredentialDataDecryptedObject | undefined;
	const send: Send = async (request) => {
		credentials ??= await context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
		return await agoraApiRequest.call(context, request, 0, {
			...DEFAULT_TRANSPORT_SETTINGS,
			credentials,
		});
	};
	return { budget, send, now: new Date().toISOString() };
}
