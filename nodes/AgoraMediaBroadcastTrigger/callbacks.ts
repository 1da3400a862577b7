import type { IDataObject } from 'n8n-workflow';

export type TriggerMode = 'events' | 'originAuth' | 'streamTransfer' | 'pullFromOrigin';
export type CallbackMode = Exclude<TriggerMode, 'events'>;

export const CALLBACK_MODES: CallbackMode[] = ['originAuth', 'streamTransfer', 'pullFromOrigin'];

/**
 * The callback parameters, under every spelling the docs use or may use: origin authentication lists
 * camelCase names (reference §4.4), the transfer and pull callbacks snake_case query parameters
 * (§9.3, §7.3). The docs do not say whether they come in the query string or a body, so both are read
 * (body wins over query when both carry a value).
 */
const FIELD_SPELLINGS: Record<string, string[]> = {
	entryPoint: ['entryPoint', 'entry_point', 'entrypoint', 'app'],
	streamName: ['streamName', 'stream_name', 'streamname', 'stream'],
	host: ['host', 'domain'],
	clientIp: ['clientIp', 'client_ip', 'clientip'],
	cdnIp: ['cdnIp', 'cdn_ip', 'cdnip'],
	token: ['token'],
	requestId: ['requestId', 'request_id', 'requestid'],
};

/** The fields each callback outputs (the rest of what Agora sent stays under `query` and `body`). */
const FIELDS_BY_MODE: Record<CallbackMode, string[]> = {
	originAuth: ['host', 'entryPoint', 'streamName', 'clientIp', 'cdnIp', 'token', 'requestId'],
	streamTransfer: ['entryPoint', 'streamName'],
	pullFromOrigin: ['entryPoint', 'streamName'],
};

function firstValue(value: unknown): unknown {
	return Array.isArray(value) ? value[0] : value;
}

function pick(sources: IDataObject[], spellings: string[]): string | null {
	for (const source of sources) {
		for (const key of spellings) {
			const value = firstValue(source[key]);
			if (value === undefined || value === null || value === '') continue;
			return typeof value === 'object' ? JSON.stringify(value) : String(value);
		}
	}
	return null;
}

export function callbackFields(
	mode: CallbackMode,
	query: IDataObject,
	body: IDataObject,
): IDataObject {
	const fields: IDataObject = {};
	for (const name of FIELDS_BY_MODE[mode])
		fields[name] = pick([body, query], FIELD_SPELLINGS[name]);
	return fields;
}

export const CALLBACK_LABELS: Record<CallbackMode, string> = {
	originAuth: 'origin authentication',
	streamTransfer: 'stream transfer lookup',
	pullFromOrigin: 'dynamic pull from origin',
};
