import { listOperation } from '../../shared/listOperation';

/** One item per entry point: { name }. */
export const { description, prepare } = listOperation({
	resource: 'entryPoint',
	operation: 'getMany',
	projectPath: '/entry_points',
	keys: ['entryPointList'],
});
