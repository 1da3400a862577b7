import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { searchEntryPoints, shownName, withNameProblem } from '../AgoraMediaBroadcast/api';
import type { Observation } from './diff';
import { diffEntryPoint } from './diff';
import { wentLiveItem } from './events';
import { pollTriggerProperties } from './properties';
import { checkFiles } from './recordingFiles';
import {
	changedShapeOrThrow,
	fetchBanned,
	fetchLive,
	sender,
	watchedEntryPoints,
	type PollRequests,
} from './requests';
import type { PollSettings } from './settings';
import { readSettings } from './settings';
import type { EntryPointState, PollState } from './state';
import { readState, savedState } from './state';

/**
 * Stream events without a public URL: on n8n's Poll Times schedule, lists what is live (and banned,
 * and recorded) on the watched entry points through the node's one transport (the account's rate
 * limiter included), compares it with the previous poll (kept in the node's static data) and emits
 * one item per change, shaped like the NCS trigger's items plus `source: "poll"`.
 */
export class AgoraMediaBroadcastPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Agora Media Broadcast Polling Trigger',
		name: 'agoraMediaBroadcastPollTrigger',
		icon: { light: 'file:../../icons/agora.svg', dark: 'file:../../icons/agora.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["watch"] === "all" ? "All entry points" : "Selected entry points" }}',
		description:
			'Starts the workflow when a stream goes live, ends, is banned or unbanned, or has a new recording file, by checking Agora on a schedule (no public URL needed)',
		defaults: { name: 'Agora Media Broadcast Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'agoraMediaBroadcastApi', required: true }],
		properties: pollTriggerProperties,
	};

	methods = { listSearch: { searchEntryPoints } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readSettings.call(this);
		if (this.getMode() === 'manual') {
			const samples = await sampleLiveStreams.call(this, settings, sender(this, settings));
			return samples.length > 0
				? [this.helpers.returnJsonArray(samples.map(withNameProblem))]
				: null;
		}
		// A tick that starts while the previous one still waits for Agora (slow answers, 429s) would
		// compare with the same saved state and report the same changes again: it is skipped. Checked
		// and marked before anything is awaited.
		const key = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
		if (pollsInFlight.has(key)) {
			this.logger.warn(
				'Agora Media Broadcast Polling Trigger: the previous poll is still running; this one is skipped',
			);
			return null;
		}
		pollsInFlight.add(key);
		try {
			const items = await pollChanges.call(this, settings, sender(this, settings));
			return items.length > 0 ? [this.helpers.returnJsonArray(items.map(withNameProblem))] : null;
		} finally {
			pollsInFlight.delete(key);
		}
	}
}

/** Workflow and node of the polls running now in this n8n process (n8n polls on its main instance). */
const pollsInFlight = new Set<string>();

/**
 * Poll contexts that have polled. n8n builds one context when it activates a polling trigger and
 * reuses it for every tick; its activation mode says why it was activated.
 */
const contextsThatPolled = new WeakSet<object>();

function missingEntryPoint(this: IPollFunctions, entryPoint: string): NodeOperationError {
	return new NodeOperationError(
		this.getNode(),
		`Entry point "${entryPoint}" does not exist for this App ID`,
		{ description: 'Check Entry Points, or pick one from the list.' },
	);
}

/**
 * "Fetch Test Event": the streams live right now on the watched entry points, as went-live items.
 * Nothing is recorded (the active workflow's state is its own).
 */
async function sampleLiveStreams(
	this: IPollFunctions,
	settings: PollSettings,
	{ budget, send, now }: PollRequests,
): Promise<IDataObject[]> {
	const names = await watchedEntryPoints(settings, budget, send, (text) => this.logger.warn(text));
	const items: IDataObject[] = [];
	for (const entryPoint of names) {
		if (!budget.take(1)) break;
		const live = await fetchLive.call(this, send, entryPoint);
		if (live === undefined) {
			if (settings.watch === 'selected') throw missingEntryPoint.call(this, entryPoint);
			continue;
		}
		for (const [streamName, startTime] of live)
			items.push(wentLiveItem(entryPoint, streamName, startTime, now));
	}
	return items;
}

/**
 * What to compare an entry point with when this trigger has not checked it before. Nothing on the
 * first poll (record silently). One created since the previous poll: everything on it is new. One
 * that existed but was not checked yet (Max Requests per Poll) or came back after it was deleted:
 * streams that went live after the trigger started are new, older ones and bans are recorded.
 */
function firstCheck(
	previous: PollState | undefined,
	entryPoint: string,
	observation: Observation,
): EntryPointState | undefined {
	if (previous === undefined) return undefined;
	if (!previous.known.includes(entryPoint))
		return { checkedAt: previous.polledAt, live: new Map(), banned: new Map() };
	// Agora's start times have whole seconds: one in the trigger's first second counts as after it.
	const startedMs = Math.floor(Date.parse(previous.startedAt) / 1000) * 1000;
	const live = observation.gone === true ? undefined : observation.live;
	return {
		checkedAt: previous.startedAt,
		live: new Map(
			[...(live ?? [])].filter(([, startTime]) => !(Date.parse(startTime) >= startedMs)),
		),
	};
}

function warnGone(this: IPollFunctions, entryPoint: string) {
	this.logger.warn(
		`Agora Media Broadcast Polling Trigger: entry point "${shownName(entryPoint)}" no longer exists; its live streams are reported as ended and it is no longer tracked`,
	);
}

/**
 * What one entry point looks like now, or undefined when Agora's answer had another shape
 * (UnexpectedListError): that entry point is then left as the last good poll saw it.
 */
async function observe(
	this: IPollFunctions,
	settings: PollSettings,
	send: PollRequests['send'],
	entryPoint: string,
): Promise<Observation | undefined> {
	try {
		const live = settings.needsLive ? await fetchLive.call(this, send, entryPoint) : undefined;
		const banned =
			settings.needsBans && !(settings.needsLive && live === undefined)
				? await fetchBanned.call(this, send, entryPoint)
				: undefined;
		const gone =
			(settings.needsLive && live === undefined) || (settings.needsBans && banned === undefined);
		return gone ? { gone: true } : { live, banned };
	} catch (error) {
		const changed = changedShapeOrThrow(this.getNode(), error);
		this.logger.warn(
			`Agora Media Broadcast Polling Trigger: entry point ${JSON.stringify(entryPoint)} not checked, nothing reported for it: ${changed.message}`,
		);
		return undefined;
	}
}

/** The entry points in round-robin order, starting at `start`. */
function rotate<T>(list: T[], start: number): T[] {
	if (list.length === 0) return list;
	const at = ((start % list.length) + list.length) % list.length;
	return [...list.slice(at), ...list.slice(0, at)];
}

/** An active workflow's poll: observe, compare with the saved state, save the new state. */
async function pollChanges(
	this: IPollFunctions,
	settings: PollSettings,
	{ budget, send, now }: PollRequests,
): Promise<IDataObject[]> {
	const staticData = this.getWorkflowStaticData('node');
	const saved = readState(staticData.pollState);
	// The poll n8n runs when a user publishes the workflow starts afresh, even when a state was saved
	// the last time it was published: what changed while it was off is not announced. After a restart
	// of n8n ('init') or an update of the published workflow, polling goes on from the saved state.
	const publishedNow = this.getActivationMode() === 'activate' && !contextsThatPolled.has(this);
	contextsThatPolled.add(this);
	// Nothing to compare with (first poll, just published, or settings changed since the state was
	// recorded): record, emit nothing.
	const previous: PollState | undefined =
		!publishedNow && saved !== undefined && saved.config === settings.configKey ? saved : undefined;

	// An entry point list in another shape throws (UnexpectedListError): nothing emitted, nothing saved.
	const names = await watchedEntryPoints(settings, budget, send, (text) => this.logger.warn(text));

	const order = rotate(names, previous?.next ?? 0);
	const observations = new Map<string, Observation>();
	let checked = 0;
	for (const entryPoint of order) {
		if (!budget.take(settings.costPerEntryPoint)) break;
		checked++;
		const observation = await observe.call(this, settings, send, entryPoint);
		if (observation === undefined) continue; // kept as the last good poll saw it
		if (observation.gone === true && previous === undefined && settings.watch === 'selected')
			throw missingEntryPoint.call(this, entryPoint); // a typo: say so when the workflow is published
		observations.set(entryPoint, observation);
	}

	const context = { events: settings.events, now, watchFiles: settings.watchFiles };
	const entryPoints = new Map<string, EntryPointState>();
	const items: IDataObject[] = [];
	for (const entryPoint of names) {
		const before = previous?.entryPoints.get(entryPoint);
		const observation = observations.get(entryPoint);
		if (observation === undefined) {
			// Not checked this time (Max Requests per Poll, or an answer in another shape): keep what
			// the last check saw.
			if (before !== undefined) entryPoints.set(entryPoint, before);
			continue;
		}
		const compareWith = before ?? firstCheck(previous, entryPoint, observation);
		if (observation.gone === true && before !== undefined) warnGone.call(this, entryPoint);
		const result = diffEntryPoint(entryPoint, compareWith, observation, context);
		items.push(...result.items);
		if (result.state !== undefined) entryPoints.set(entryPoint, result.state);
	}
	// Entry points deleted since the previous poll (All Entry Points: no longer listed).
	for (const [entryPoint, before] of previous?.entryPoints ?? []) {
		if (names.includes(entryPoint)) continue;
		warnGone.call(this, entryPoint);
		items.push(...diffEntryPoint(entryPoint, before, { gone: true }, context).items);
	}

	if (settings.watchFiles && previous !== undefined)
		items.push(...(await checkFiles.call(this, settings, { budget, send }, entryPoints, context)));

	const state: PollState = {
		config: settings.configKey,
		startedAt: previous?.startedAt ?? now,
		polledAt: now,
		known: names,
		next: names.length > 0 ? ((previous?.next ?? 0) + checked) % names.length : 0,
		entryPoints,
	};
	// One assignment: n8n sees the change and saves it with the execution an emitting poll starts
	// (and at activation for the first poll).
	staticData.pollState = savedState(state);
	return items;
}
