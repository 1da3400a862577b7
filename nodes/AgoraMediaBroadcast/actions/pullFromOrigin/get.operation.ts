import { entryPointSettingOperation } from '../../shared/listOperation';

/** The pull-from-origin setting of an entry point, with the mode it amounts to. */
export const { description, prepare } = entryPointSettingOperation({
	resource: 'pullFromOrigin',
	operation: 'get',
	segments: ['settings', 'origin_site'],
	toItem: (item) => ({
		...item,
		mode: item.callbackUrl ? 'dynamicPull' : item.domain ? 'directPull' : 'none',
	}),
});
