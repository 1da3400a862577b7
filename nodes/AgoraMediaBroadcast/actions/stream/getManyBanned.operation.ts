import { listOperation } from '../../shared/listOperation';

/** One item per banned stream: { name, resumeTime, entryPoint }. */
export const { description, prepare } = listOperation({
	resource: 'stream',
	operation: 'getManyBanned',
	entryPointSegments: ['admin', 'banned_streams'],
	keys: ['bannedStreamList'],
});
