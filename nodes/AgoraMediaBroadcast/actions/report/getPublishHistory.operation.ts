import { reportOperation } from './reportOperation';
import { PUBLISH_HISTORY } from './timeWindow';

/** One item per session, newest first: { name, startTime, endTime, duration (s), streamName, entryPoint }. */
export const { description, prepare } = reportOperation({
	operation: 'getPublishHistory',
	limits: PUBLISH_HISTORY,
	endpoint: 'publish_history',
	streamDescription:
		'The stream whose finished publishing sessions to list (about 2 hours delay, kept 60 days)',
	keys: ['publishHistory'],
});
