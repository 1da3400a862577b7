import { maskCallbackUrl } from '../../shared/callbackUrl';
import { entryPointSettingOperation } from '../../shared/listOperation';

/**
 * The pull-from-origin setting of an entry point, with the mode it amounts to; the callback token
 * (`?n8nToken=`) and any URL password masked.
 */
export const { description, prepare } = entryPointSettingOperation({
	resource: 'pullFromOrigin',
	operation: 'get',
	segments: ['settings', 'origin_site'],
	toItem: (item) => ({
		...item,
		...(item.callbackUrl !== undefined ? { callbackUrl: maskCallbackUrl(item.callbackUrl) } : {}),
		mode: item.callbackUrl ? 'dynamicPull' : item.domain ? 'directPull' : 'none',
	}),
});
