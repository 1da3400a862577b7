import { listOperation } from '../../shared/listOperation';

/** One item per preset transcoding template switched on for the entry point. */
export const { description, prepare } = listOperation({
	resource: 'transcoding',
	operation: 'getManyPresets',
	entryPointSegments: ['settings', 'transcode', 'standard'],
	keys: ['transcodeList'],
});
