import { reportOperation } from './reportOperation';
import { PLAY_STATISTICS } from './timeWindow';

/** One item per minute: { name, time, linkNum (concurrent player connections), streamName, entryPoint }. */
export const { description, prepare } = reportOperation({
	operation: 'getPlayStatistics',
	limits: PLAY_STATISTICS,
	endpoint: 'stream_play_statistic',
	streamDescription:
		'The stream whose per-minute viewer connections to read (about 3 minutes delay, kept 30 days)',
	keys: ['playStatistic'],
});
