import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { showForOperation } from '../../shared/displayOptions';
import { entryPointLocator } from '../../shared/fields';
import { successItem } from '../../shared/output';
import type { OperationPlan } from '../../shared/types';
import {
	assertInteger,
	getEntryPoint,
	getOption,
	inputError,
	isMissing,
} from '../../shared/validation';
import { assertHttpUrl } from '../streamTransfer/urls';
import { entryPointRequest } from '../../shared/paths';

const MAX_WATERMARKS = 5;
const MAX_COORDINATE = 1920;
const MAX_Z_ORDER = 100;
const INPUTS = ['fields', 'json', 'clear'] as const;
const PLACEHOLDERS = ['{entry_point}', '{stream_name}'];
const NOT_PNG = /\.(jpe?g|gif|webp|bmp|svg|tiff?|ico|avif|heic)$/i;

const JSON_EXAMPLE =
	'[{"url": "https://example.com/logo.png", "x": 10, "y": 10, "width": 200, "height": 100}]';

const properties: INodeProperties[] = [
	entryPointLocator(),
	{
		displayName: 'Watermarks Input',
		name: 'watermarkInput',
		type: 'options',
		options: [
			{
				name: 'Define Below',
				value: 'fields',
				description: `Enter 1 to ${MAX_WATERMARKS} watermarks in the fields below`,
			},
			{
				name: 'JSON',
				value: 'json',
				description: 'Pass a JSON list of watermarks, for example built by an expression',
			},
			{
				name: 'None (Clear All Watermarks)',
				value: 'clear',
				description: 'Remove every watermark of the entry point',
			},
		],
		default: 'fields',
		description:
			'How the watermarks are given. The set replaces all current watermarks of the entry point; choose None to remove them all.',
	},
	{
		displayName: 'Watermarks',
		name: 'watermarks',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true, multipleValueButtonText: 'Add Watermark' },
		placeholder: 'Add Watermark',
		default: {},
		description: `Up to ${MAX_WATERMARKS} PNG images drawn on the original and transcoded streams. Positions and sizes are pixels from 0 to ${MAX_COORDINATE}.`,
		displayOptions: { show: { watermarkInput: ['fields'] } },
		options: [
			{
				displayName: 'Watermark',
				name: 'watermark',
				values: [
					{
						displayName: 'Height',
						name: 'height',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: MAX_COORDINATE },
						default: 100,
						description: 'Height of the image on the video, in pixels',
					},
					{
						displayName: 'Image URL',
						name: 'url',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. https://example.com/logos/{entry_point}.png',
						description:
							'Http(s) URL of a PNG image. {entry_point} and {stream_name} are replaced by Agora with the entry point and stream name.',
					},
					{
						displayName: 'Width',
						name: 'width',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: MAX_COORDINATE },
						default: 100,
						description: 'Width of the image on the video, in pixels',
					},
					{
						displayName: 'X',
						name: 'x',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: MAX_COORDINATE },
						default: 0,
						description: 'Horizontal position of the top-left corner, in pixels from the left edge',
					},
					{
						displayName: 'Y',
						name: 'y',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: MAX_COORDINATE },
						default: 0,
						description: 'Vertical position of the top-left corner, in pixels from the top edge',
					},
					{
						displayName: 'Z-Order',
						name: 'zOrder',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: MAX_Z_ORDER },
						default: 0,
						description:
							'Layer of the image: higher values are drawn over lower ones. 0 leaves it out of the request (Agora decides).',
					},
				],
			},
		],
	},
	{
		displayName: 'Watermarks (JSON)',
		name: 'watermarksJson',
		type: 'json',
		default: '[]',
		required: true,
		description: `A list of 1 to ${MAX_WATERMARKS} watermarks shaped like ${JSON_EXAMPLE}: x, y, width and height are whole numbers from 0 to ${MAX_COORDINATE}, zOrder is optional. The items of Watermark → Get Many can be passed back as they are.`,
		displayOptions: { show: { watermarkInput: ['json'] } },
	},
];

const displayOptions = { show: { resource: ['watermark'], operation: ['set'] } };

export const description = showForOperation(displayOptions, properties);

const FIELD_LABELS: Record<string, string> = {
	url: 'Image URL',
	x: 'X',
	y: 'Y',
	width: 'Width',
	height: 'Height',
	zOrder: 'Z-Order',
};

/** Checks one watermark; `fromFields` means it came from the form (Z-Order 0 = not sent). */
function toWatermark(
	node: INode,
	entry: unknown,
	position: number,
	fromFields: boolean,
	itemIndex: number,
): IDataObject {
	const which = `Watermark ${position}`;
	const label = (key: string) => `${which}: ${fromFields ? FIELD_LABELS[key] : `"${key}"`}`;
	if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
		throw inputError(
			node,
			itemIndex,
			`${which} must be an object like ${JSON_EXAMPLE.slice(1, -1)}`,
		);
	}
	const source = entry as IDataObject;
	if (isMissing(source.url))
		throw inputError(
			node,
			itemIndex,
			`${label('url')} is required (an http(s) URL of a PNG image)`,
		);
	if (typeof source.url !== 'string')
		throw inputError(node, itemIndex, `${label('url')} must be text`);
	const url = assertHttpUrl(
		node,
		source.url,
		label('url'),
		itemIndex,
		'https://example.com/logo.png',
	);
	for (const placeholder of url.match(/\{[^}]*\}/g) ?? []) {
		if (!PLACEHOLDERS.includes(placeholder)) {
			throw inputError(
				node,
				itemIndex,
				`${label('url')} contains the unknown placeholder ${placeholder}: only ${PLACEHOLDERS.join(' and ')} are replaced by Agora`,
			);
		}
	}
	if (NOT_PNG.test(new URL(url).pathname)) {
		throw inputError(
			node,
			itemIndex,
			`${label('url')} must point to a PNG image (Agora supports PNG watermarks only)`,
		);
	}
	const watermark: IDataObject = { url };
	for (const key of ['x', 'y', 'width', 'height']) {
		if (isMissing(source[key])) {
			throw inputError(
				node,
				itemIndex,
				`${label(key)} is required: a whole number from 0 to ${MAX_COORDINATE}`,
			);
		}
		watermark[key] = assertInteger(node, source[key], label(key), 0, MAX_COORDINATE, itemIndex);
	}
	if (!isMissing(source.zOrder)) {
		const zOrder = assertInteger(node, source.zOrder, label('zOrder'), 0, MAX_Z_ORDER, itemIndex);
		if (!(fromFields && zOrder === 0)) watermark.zOrder = zOrder;
	}
	return watermark;
}

function readJsonList(node: INode, raw: unknown, itemIndex: number): unknown[] {
	let value = raw;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value.trim() === '' ? '[]' : value);
		} catch {
			throw inputError(
				node,
				itemIndex,
				`Watermarks (JSON) is not valid JSON: use a list such as ${JSON_EXAMPLE}`,
			);
		}
	}
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		// Also accept the API's own shape, in either spelling.
		const object = value as IDataObject;
		value = object.waterMarkSet ?? object.watermarkSet ?? [object];
	}
	if (!Array.isArray(value)) {
		throw inputError(
			node,
			itemIndex,
			`Watermarks (JSON) must be a list of watermarks such as ${JSON_EXAMPLE}`,
		);
	}
	return value;
}

export async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<OperationPlan> {
	const node = this.getNode();
	const entryPoint = getEntryPoint.call(this, itemIndex);
	const input = getOption.call(
		this,
		'watermarkInput',
		'Watermarks Input',
		INPUTS,
		itemIndex,
		'fields',
	);
	let entries: unknown[] = [];
	if (input === 'fields') {
		const collection = this.getNodeParameter('watermarks', itemIndex, {}) as IDataObject;
		entries = Array.isArray(collection?.watermark) ? collection.watermark : [];
	} else if (input === 'json') {
		entries = readJsonList(
			node,
			this.getNodeParameter('watermarksJson', itemIndex, '[]'),
			itemIndex,
		);
	}
	if (input !== 'clear' && entries.length === 0) {
		throw inputError(
			node,
			itemIndex,
			`No watermarks given: add 1 to ${MAX_WATERMARKS} watermarks, or set Watermarks Input to "None (Clear All Watermarks)" to remove every watermark`,
		);
	}
	if (entries.length > MAX_WATERMARKS) {
		throw inputError(
			node,
			itemIndex,
			`${entries.length} watermarks given: an entry point takes at most ${MAX_WATERMARKS} watermarks`,
		);
	}
	const waterMarkSet = entries.map((entry, index) =>
		toWatermark(node, entry, index + 1, input === 'fields', itemIndex),
	);
	return {
		request: entryPointRequest('PATCH', entryPoint, ['settings', 'watermark'], {
			body: { waterMarkSet },
		}),
		toItems: () =>
			successItem({
				entryPoint,
				watermarkCount: waterMarkSet.length,
				cleared: waterMarkSet.length === 0,
			}),
	};
}
