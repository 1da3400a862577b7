import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { nameErrorText } from '../shared/names';
import { listIn } from '../shared/output';
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

function toResults(entries: INodeListSearchItems[], filter?: string): INodeListSearchResult {
	const needle = (filter ?? '').toLowerCase();
	const results = entries
		.filter((entry) => needle === '' || entry.name.toLowerCase().includes(needle))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

/** Objects of the list under `key`; an answer without it is an error (output.ts listIn). */
function listOf(body: IDataObject | undefined, key: string): IDataObject[] {
	return listIn(body, [key]).filter(
		(v): v is IDataObject => v !== null && typeof v === 'object' && !Array.isArray(v),
	);
}

export async function searchDomains(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { body } = await agoraApiRequest.call(this, { method: 'GET', path: '/domains' });
	return toResults(
		listOf(body, 'domainList').map((domain) => ({
			name: `${String(domain.name)} (${String(domain.type)}${domain.region ? `, ${String(domain.region)}` : ''})`,
			value: String(domain.name),
		})),
		filter,
	);
}

export async function searchEntryPoints(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const { body } = await agoraApiRequest.call(this, { method: 'GET', path: '/entry_points' });
	return toResults(
		listOf(body, 'entryPointList').map((entryPoint) => ({
			name: String(entryPoint.name),
			value: String(entryPoint.name),
		})),
		filter,
	);
}

/** One list of the entry point chosen in the node, as list-search results. */
async function searchEntryPointList(
	this: ILoadOptionsFunctions,
	segments: string[],
	key: string,
	toEntry: (element: IDataObject) => INodeListSearchItems,
	filter?: string,
): Promise<INodeListSearchResult> {
	const entryPoint = currentEntryPoint.call(this);
	const { body } = await agoraApiRequest.call(this, entryPointRequest('GET', entryPoint, segments));
	return toResults(listOf(body, key).map(toEntry), filter);
}

export async function searchOnlineStreams(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await searchEntryPointList.call(
		this,
		['reports', 'online_streams'],
		'streamList',
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
		(template) => ({
			name: `${String(template.name)}${template.height !== undefined ? ` (${String(template.width)}×${String(template.height)})` : ''}`,
			value: String(template.name),
		}),
		filter,
	);
}
