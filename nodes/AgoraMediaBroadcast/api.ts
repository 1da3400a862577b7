/**
 * The one surface the Agora nodes share. The trigger (and any future node of this package) imports
 * from here, never from the action node's internals: sending a request, building its path, the
 * name rule, and the list searches its resource locators use.
 */
export {
	agoraApiRequest,
	CREDENTIAL_TYPE,
	DEFAULT_TRANSPORT_SETTINGS,
	type AgoraRequest,
	type AgoraResponse,
	type TransportSettings,
} from './transport';
export { headerValue } from './transport/errors';
export { domainPath, entryPointNotFound, entryPointPath, entryPointRequest } from './shared/paths';
export {
	appIdErrorText,
	assertAppId,
	assertName,
	isDomainName,
	isValidName,
	NAME_CHARACTERS_TEXT,
	nameErrorText,
	nameProblem,
	nameRuleText,
	shownName,
	withNameProblem,
} from './shared/names';
export { entryPointLocator, REGIONS, regionOptions } from './shared/fields';
export { originAuthAnswerOptions } from './actions/callback/originAuthAnswer';
export { searchDomains, searchEntryPoints, searchOnlineStreams } from './methods/listSearch';
