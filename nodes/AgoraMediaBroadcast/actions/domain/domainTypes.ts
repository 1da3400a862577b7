/**
 * Agora's two domain types: push domains (`publish`, hosts stream to them) and play domains. Add
 * sends one, Get Many filters by one; both offer and accept the same values from here.
 */
export const DOMAIN_TYPES = ['publish', 'play'] as const;

/** The Type choices, worded for the one domain Add creates or for the domains Get Many lists. */
export function domainTypeOptions(domains: 'Domain' | 'Domains') {
	return [
		{ name: `Publish (Push ${domains})`, value: 'publish' },
		{ name: `Play (Playback ${domains})`, value: 'play' },
	];
}
