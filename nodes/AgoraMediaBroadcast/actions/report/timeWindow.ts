import type { INode } from 'n8n-workflow';

import { isoSeconds } from '../../shared/time';
import { inputError } from '../../shared/validation';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * What one report endpoint allows (reference §6): the longest window, Agora's default window, and
 * how long Agora keeps the data (older windows would come back empty, so they are refused).
 */
export interface ReportLimits {
	/** The operation's display name, used in messages. */
	report: string;
	maxMs: number;
	defaultMs: number;
	retentionMs: number;
}

export const PUBLISH_HISTORY: ReportLimits = {
	report: 'Get Publish History',
	maxMs: 30 * DAY,
	defaultMs: 7 * DAY,
	retentionMs: 60 * DAY,
};
export const PUBLISH_QUALITY: ReportLimits = {
	report: 'Get Publish Quality',
	maxMs: 6 * HOUR,
	defaultMs: 6 * HOUR,
	// §6.4 also says "60 days" once; the table and the lookback rule say 6 (doc inconsistency 11).
	retentionMs: 6 * DAY,
};
export const PLAY_STATISTICS: ReportLimits = {
	report: 'Get Play Statistics',
	maxMs: 2 * HOUR,
	defaultMs: 2 * HOUR,
	retentionMs: 30 * DAY,
};

/** "30 days", "6 hours", "7 hours 30 minutes": the two largest non-zero units. */
export function formatDuration(ms: number): string {
	const units: Array<[number, string]> = [
		[DAY, 'day'],
		[HOUR, 'hour'],
		[MINUTE, 'minute'],
		[SECOND, 'second'],
	];
	const parts: string[] = [];
	let rest = Math.max(0, Math.round(ms / SECOND) * SECOND);
	for (const [size, unit] of units) {
		const count = Math.floor(rest / size);
		rest -= count * size;
		if (count > 0 && parts.length < 2) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
	}
	return parts.length ? parts.join(' ') : '0 seconds';
}

/**
 * Checks a report window before any request and returns the `start_time` / `end_time` to send.
 *
 * - Neither time: nothing is sent, Agora uses its default window ending now.
 * - Both: end must not be before start, and the window must fit the endpoint's maximum.
 * - Start only: the window is start..now (End Time's documented default); it must fit, and the end
 *   is sent explicitly so Agora reads the same window that was checked.
 * - End only: the window is the default length ending at End Time, sent explicitly for the same reason.
 */
export function checkTimeWindow(
	node: INode,
	itemIndex: number,
	limits: ReportLimits,
	start: string | undefined,
	end: string | undefined,
	nowMs: number,
): { start_time?: string; end_time?: string } {
	const window = windowToSend(node, itemIndex, limits, start, end, nowMs);
	// Agora's own default window (nothing sent) always ends now, inside the retention.
	if (window.start_time !== undefined) {
		const oldest = nowMs - limits.retentionMs;
		if (Date.parse(window.start_time) < oldest) {
			const kept = formatDuration(limits.retentionMs);
			const given =
				start !== undefined ? `Start Time ${start}` : `The window start ${window.start_time}`;
			throw inputError(
				node,
				itemIndex,
				`${given} is more than ${kept} ago: Agora keeps ${limits.report} data for ${kept} only, so the answer would be empty`,
				`Pick a window that starts after ${isoSeconds(oldest)}.`,
			);
		}
	}
	return window;
}

/** The window to send, checked for order and length (see checkTimeWindow). */
function windowToSend(
	node: INode,
	itemIndex: number,
	limits: ReportLimits,
	start: string | undefined,
	end: string | undefined,
	nowMs: number,
): { start_time?: string; end_time?: string } {
	const max = formatDuration(limits.maxMs);
	const tooLong = (from: string, to: string, length: number) =>
		inputError(
			node,
			itemIndex,
			`The window from ${from} to ${to} is ${formatDuration(length)} long; ${limits.report} allows at most ${max}`,
			`Shorten the window, or split it into windows of at most ${max} (one item each).`,
		);
	if (start === undefined && end === undefined) return {};
	if (start !== undefined && end !== undefined) {
		const length = Date.parse(end) - Date.parse(start);
		if (length < 0) {
			throw inputError(
				node,
				itemIndex,
				`End Time ${end} is before Start Time ${start}: the window must end after it starts`,
			);
		}
		if (length > limits.maxMs) throw tooLong(`Start Time ${start}`, `End Time ${end}`, length);
		return { start_time: start, end_time: end };
	}
	if (start !== undefined) {
		const length = nowMs - Date.parse(start);
		if (length < 0) {
			throw inputError(
				node,
				itemIndex,
				`Start Time ${start} is in the future: with End Time empty the window ends now`,
				'Pick an earlier Start Time, or set End Time too.',
			);
		}
		if (length > limits.maxMs) {
			throw inputError(
				node,
				itemIndex,
				`The window from Start Time ${start} to now is ${formatDuration(length)} long; ${limits.report} allows at most ${max}`,
				`Set End Time to at most ${max} after Start Time, or pick a later Start Time.`,
			);
		}
		return { start_time: start, end_time: isoSeconds(nowMs) };
	}
	return { start_time: isoSeconds(Date.parse(end as string) - limits.defaultMs), end_time: end };
}
