import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { isDomainName, isValidName, nameErrorText, shownName } from '../shared/names';
import { entryPointRequest } from '../shared/paths';
import { agoraApiRequest } from '../transport';

/** The entry point chosen in the node; a name that breaks the name rule is never sent. */
function currentEntryPoint(this: ILoadOptionsFunctions): string {
	const value = this.getCurrentNodeParameter('entryPoint', { extractValue: true }) as unknown;
	const name = typeof value === 'string' && value.trim() !== '' ? value.trim() : 'live';
	const problem = nameErrorText('Entry Point', name);
	if (problem !== undefined) throw new NodeOperationError(this.getNode(), problem);
	return name;
}

/**
 * The entries whose names Agora listed and that follow the rule (`valid`); the others are not offered
 * (picked, they would go into a request path) and a warning in n8n's log says so.
 */
function offerable(
	this: ILoadOptionsFunctions,
	entries: INodeListSearchItems[],
	what: string,
	valid: (name: string) => boolean,
): INodeListSearchItems[] {
	const kept: INodeListSearchItems[] = [];
	const skipped: INodeListSearchItems[] = [];
	for (const entry of entries) (valid(String(entry.value)) ? kept : skipped).push(entry);
	if (skipped.length > 0) {
		const names = skipped.slice(0, 5).map((entry) => `"${shownName(entry.value, 40)}"`);
		this.logger.warn(
			`Agora Media Broadcast: ${skipped.length} ${what} listed by Agora not offered, their names break the name rule: ${names.join(', ')}${skipped.length > 5 ? ', …' : ''}`,
		);
	}
	return kept;
}

function toResults(entries: INodeListSearchItems[], filter?: string): INodeListSearchResult {
	const needle = (filter ?? '').toLowerCase();
	const results = entries
		.filter((entry) => needle === '' || entry.name.toLowerCase().includes(needle))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

function listOf(body: IDataObject | undefined, key: string): IDataObject[] {
	const value = body?.[key];
	return Array.isArray(value) ? (value as IDataObject[]) : [];
}

export async function searchDomains(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { body } = await agoraApiRequest.call(this, { method: 'GET', path: '/domains' });
	const domains = listOf(body, 'domainList').map((domain) => ({
		name: `${String(domain.name)} (${String(domain.type)}${domain.region ? `, ${String(domain.region)}` : ''})`,
		value: String(domain.name),
	}));
	return toResults(
		offerable.call(this, domains, 'domain(s)', (name) => isDomainName(name.toLowerCase())),
		filter,
	);
}

export async function searchEntryPoints(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { body } = await agoraApiRequest.call(this, { method: 'GET', path: '/entry_points' });
	const entryPoints = listOf(body, 'entryPointList').map((entryPoint) => ({
		name: String(entryPoint.name),
		value: String(entryPoint.name),
	}));
	return toResults(offerable.call(this, entryPoints, 'entry point(s)', isValidName), filter);
}

/** One list of the entry point chosen in the node, as list-search results. */
async function searchEntryPointList(
	this: ILoadOptionsFunctions,
	segments: string[],
	key: string,
	what: string,
	toEntry: (element: IDataObject) => INodeListSearchItems,
	filter?: string,
): Promise<INodeListSearchResult> {
	const entryPoint = currentEntryPoint.call(this);
	const { body } = await agoraApiRequest.call(this, entryPointRequest('GET', entryPoint, segments));
	const entries = listOf(body, key).map(toEntry);
	return toResults(offerable.call(this, entries, what, isValidName), filter);
}

export async function searchOnlineStreams(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchEntryPointList.call(
		this,
		['reports', 'online_streams'],
		'streamList',
		'stream(s)',
		(stream) => ({
			name: `${String(stream.name)}${stream.startTime ? ` (live since ${String(stream.startTime)})` : ''}`,
			value: String(stream.name),
		}),
		filter,
	);
}

export async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchEntryPointList.call(
		this,
		['settings', 'transcode', 'custom'],
		'transcodeList',
		'template(s)',
		(template) => ({
			name: `${String(template.name)}${template.height !== undefined ? ` (${String(template.width)}×${String(template.height)})` : ''}`,
			value: String(template.name),
		}),
		filter,
	);
}
