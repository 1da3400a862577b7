// The README's date rule in a real n8n: a date-time without a zone is read in the workflow's time zone
// (Workflow Settings → Timezone, else the instance's GENERIC_TIMEZONE) and sent to Agora with that
// zone's offset; a value with Z or an offset is sent as given. Each case is one small workflow (the
// time zone is a workflow setting, so the cases cannot share the combined workflow) with its own
// credential and App ID; `n8n execute` runs it and the sandbox's request log shows what was sent.
import { buildCombinedWorkflow, shiftDates, stableId } from './workflows.mjs';

/**
 * The report window, written around a fixed day and moved by shiftDates (like the report branch) so
 * that day is two days ago: inside every report's retention whatever day the tests run.
 */
function reportWindow(now) {
	const written = {
		datesAround: '2026-01-01',
		startTime: '2026-01-01T00:00:00', // no zone: the workflow's
		endTime: '2026-01-01T12:00:00Z', // a zone of its own: sent as given
	};
	const moved = JSON.parse(shiftDates(JSON.stringify(written), now));
	const day = moved.startTime.slice(0, 10);
	return { day, startTime: moved.startTime, endTime: moved.endTime };
}

const ban = (streamName, resumeTime) => ({
	name: `Ban ${streamName}`,
	parameters: {
		resource: 'stream',
		operation: 'ban',
		entryPoint: { __rl: true, mode: 'name', value: 'live' },
		streamName,
		options: { resumeTime },
	},
});
const banned = (streamName, resumeTime) => ({
	method: 'PATCH',
	path: `/entry_points/live/admin/banned_streams/${streamName}`,
	body: { resumeTime },
});

const publishHistory = ({ startTime, endTime }) => ({
	name: 'Publish History',
	parameters: {
		resource: 'report',
		operation: 'getPublishHistory',
		entryPoint: { __rl: true, mode: 'name', value: 'live' },
		streamName: 'cam1',
		startTime,
		endTime,
		returnAll: true,
	},
});
const historyAsked = (start_time, end_time) => ({
	method: 'GET',
	path: '/entry_points/live/reports/publish_history',
	query: { stream_name: 'cam1', start_time, end_time },
});

/**
 * The cases: `settings` is the workflow's settings.timezone (absent: not set), `instanceTimezone` the
 * GENERIC_TIMEZONE `n8n execute` runs with (absent: the run's default), `requests` every request the
 * case's App ID must log, in order, with the exact values sent.
 */
export function timeZoneCases(now = new Date()) {
	const report = reportWindow(now);
	const day = report.day;
	// Ban resume times must be in the future: next July (daylight saving time in New York) and the
	// January after (standard time).
	const summer = `${now.getUTCFullYear() + 1}-07-01`;
	const winter = `${now.getUTCFullYear() + 2}-01-15`;
	const cases = [
		{
			name: 'tz-tokyo',
			about:
				'workflow time zone Asia/Tokyo: zone-less report window start and ban resume time sent with +09:00, Z and -03:00 kept',
			timezone: 'Asia/Tokyo',
			nodes: [
				ban('summer', `${summer}T12:00:00`),
				ban('offset', `${summer}T12:00:00-03:00`),
				publishHistory(report),
			],
			requests: [
				banned('summer', `${summer}T12:00:00+09:00`),
				banned('offset', `${summer}T12:00:00-03:00`),
				historyAsked(`${day}T00:00:00+09:00`, report.endTime),
			],
		},
		{
			name: 'tz-new-york',
			about:
				'workflow time zone America/New_York: zone-less ban resume times sent with -04:00 in July (DST) and -05:00 in January',
			timezone: 'America/New_York',
			nodes: [ban('summer', `${summer}T12:00:00`), ban('winter', `${winter}T12:00:00`)],
			requests: [
				banned('summer', `${summer}T12:00:00-04:00`),
				banned('winter', `${winter}T12:00:00-05:00`),
			],
		},
		{
			name: 'tz-instance',
			about:
				"no workflow time zone: zone-less values read in the instance's GENERIC_TIMEZONE (Asia/Kolkata, +05:30)",
			instanceTimezone: 'Asia/Kolkata',
			nodes: [ban('summer', `${summer}T12:00:00`), publishHistory(report)],
			requests: [
				banned('summer', `${summer}T12:00:00+05:30`),
				historyAsked(`${day}T00:00:00+05:30`, report.endTime),
			],
		},
		{
			name: 'tz-default',
			about:
				'workflow time zone "DEFAULT" (kept by import:workflow and the REST API): zone-less values read in the instance\'s GENERIC_TIMEZONE (Asia/Kolkata, +05:30)',
			timezone: 'DEFAULT',
			instanceTimezone: 'Asia/Kolkata',
			nodes: [ban('summer', `${summer}T12:00:00`), publishHistory(report)],
			requests: [
				banned('summer', `${summer}T12:00:00+05:30`),
				historyAsked(`${day}T00:00:00+05:30`, report.endTime),
			],
		},
	];
	for (const c of cases) {
		c.file = `test/e2e/lib/timeZones.mjs (${c.name})`;
		c.appId = `e2e-${c.name}`;
	}
	return cases;
}

/** The case's workflow: Manual Trigger → its nodes, with its settings.timezone (if any). */
export function timeZoneWorkflow(zoneCase, credentials) {
	const wf = buildCombinedWorkflow([zoneCase], credentials, {
		id: stableId('wf', `e2e-${zoneCase.name}`),
		name: `[e2e] ${zoneCase.about}`,
	});
	if (zoneCase.timezone !== undefined) wf.settings.timezone = zoneCase.timezone;
	return wf;
}
