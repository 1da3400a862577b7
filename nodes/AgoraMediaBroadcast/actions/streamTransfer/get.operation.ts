import { maskCallbackUrl } from '../../shared/callbackUrl';
import { entryPointSettingOperation } from '../../shared/listOperation';

/**
 * The stream transfer setting of an entry point: { entryPoint, enabled, callbackUrl }, the callback
 * token (`?n8nToken=`) and any URL password masked.
 */
export const { description, prepare } = entryPointSettingOperation({
	resource: 'streamTransfer',
	operation: 'get',
	segments: ['settings', 'transfer'],
	toItem: (item) =>
		item.callbackUrl === undefined
			? item
			: { ...item, callbackUrl: maskCallbackUrl(item.callbackUrl) },
});
