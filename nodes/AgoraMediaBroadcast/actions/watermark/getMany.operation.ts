import { listOperation } from '../../shared/listOperation';

/** One item per watermark set of the entry point. Agora's docs spell the key both ways. */
export const { description, prepare } = listOperation({
	resource: 'watermark',
	operation: 'getMany',
	entryPointSegments: ['settings', 'watermark'],
	keys: ['waterMarkSet', 'watermarkSet'],
});
