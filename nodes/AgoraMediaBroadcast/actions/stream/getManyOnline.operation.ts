import { listOperation } from '../../shared/listOperation';

/** One item per live stream: { name, startTime, entryPoint }. */
export const { description, prepare } = listOperation({
	resource: 'stream',
	operation: 'getManyOnline',
	entryPointSegments: ['reports', 'online_streams'],
	keys: ['streamList'],
});
