import { listOperation } from '../../shared/listOperation';

/** One item per custom transcoding template of the entry point. */
export const { description, prepare } = listOperation({
	resource: 'transcoding',
	operation: 'getManyTemplates',
	entryPointSegments: ['settings', 'transcode', 'custom'],
	keys: ['transcodeList'],
});
