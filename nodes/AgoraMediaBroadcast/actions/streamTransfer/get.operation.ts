import { entryPointSettingOperation } from '../../shared/listOperation';

/** The stream transfer setting of an entry point: { entryPoint, enabled, callbackUrl }. */
export const { description, prepare } = entryPointSettingOperation({
	resource: 'streamTransfer',
	operation: 'get',
	segments: ['settings', 'transfer'],
});
