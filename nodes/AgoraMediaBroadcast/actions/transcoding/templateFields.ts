import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { assertInteger, assertOption, inputError, isMissing } from '../../shared/validation';

/**
 * Fields of a custom transcoding template (reference §13.2), shared by Create Template and Update
 * Template: the field builders and the check that turns the user's values into the request body.
 */

export const PRESET_NAMES = ['ld', 'sd1', 'sd2', 'sd3', 'hd', 'fhd'] as const;
type PresetName = (typeof PRESET_NAMES)[number];
const PROFILES = ['base', 'main', 'high'] as const;
const SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 16000] as const;
const MAX_DIMENSION = 1920;
const VIDEO_BITRATE = { min: 200, max: 6000 };
const AUDIO_BITRATE = { min: 100, max: 500 };

/** Body keys in the order of the reference's example. */
const BODY_ORDER = [
	'width',
	'height',
	'videoCodec',
	'videoBitrate',
	'profile',
	'audioCodec',
	'audioBitrate',
	'audioSampleRate',
];

const LABELS: Record<string, string> = {
	width: 'Width',
	height: 'Height',
	videoCodec: 'Video Codec',
	videoBitrate: 'Video Bitrate (Kbps)',
	profile: 'Video Profile',
	audioCodec: 'Audio Codec',
	audioBitrate: 'Audio Bitrate (Kbps)',
	audioSampleRate: 'Audio Sample Rate',
};

/** The standard presets as Set Preset offers them (H.264; the width follows the aspect ratio). */
export const PRESET_OPTIONS: Array<{ name: string; value: PresetName }> = [
	{ name: 'Full HD (1080p, 2100 Kbps)', value: 'fhd' },
	{ name: 'High Definition (720p, 1500 Kbps)', value: 'hd' },
	{ name: 'Low Definition (240p, 400 Kbps)', value: 'ld' },
	{ name: 'Standard Definition 1 (360p, 640 Kbps)', value: 'sd1' },
	{ name: 'Standard Definition 2 (480p, 800 Kbps)', value: 'sd2' },
	{ name: 'Standard Definition 3 (540p, 1200 Kbps)', value: 'sd3' },
];

/** Each H.264 profile Agora accepts (PROFILES), by the name the editor shows, alphabetical. */
const PROFILE_LABELS: Record<(typeof PROFILES)[number], string> = {
	base: 'Baseline',
	high: 'High',
	main: 'Main',
};

export function dimensionField(
	name: 'width' | 'height',
	options: { required: boolean },
): INodeProperties {
	const displayName = LABELS[name];
	const field: INodeProperties = {
		displayName,
		name,
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_DIMENSION },
		default: 0,
		description: `${displayName} of the output video in pixels, from 0 to ${MAX_DIMENSION}. 0 keeps the aspect ratio (set from the other side). Width and height are always set together.`,
	};
	if (name === 'height') field.default = 360;
	if (options.required) field.required = true;
	return field;
}

/** The optional video and audio fields, alphabetical (for a collection). */
export function codecFields(): INodeProperties[] {
	return [
		{
			displayName: LABELS.audioBitrate,
			name: 'audioBitrate',
			type: 'number',
			typeOptions: { minValue: AUDIO_BITRATE.min, maxValue: AUDIO_BITRATE.max },
			default: 128,
			description: `Audio bitrate in Kbps, from ${AUDIO_BITRATE.min} to ${AUDIO_BITRATE.max}. Sets 'Audio Codec' to AAC when it is not given.`,
		},
		{
			displayName: LABELS.audioCodec,
			name: 'audioCodec',
			type: 'options',
			options: [{ name: 'AAC', value: 'aac' }],
			default: 'aac',
			description:
				'Audio codec. Only AAC is supported; it is sent automatically with an audio bitrate or sample rate.',
		},
		{
			displayName: LABELS.audioSampleRate,
			name: 'audioSampleRate',
			type: 'options',
			// Every rate Agora accepts (SAMPLE_RATES), lowest first: 44100 → "44.1 kHz".
			options: [...SAMPLE_RATES]
				.sort((a, b) => a - b)
				.map((rate) => ({ name: `${rate / 1000} kHz`, value: rate })),
			default: 44100,
			description: "Audio sample rate in Hz. Sets 'Audio Codec' to AAC when it is not given.",
		},
		{
			displayName: LABELS.videoBitrate,
			name: 'videoBitrate',
			type: 'number',
			typeOptions: { minValue: VIDEO_BITRATE.min, maxValue: VIDEO_BITRATE.max },
			default: 1200,
			description: `Video bitrate in Kbps, from ${VIDEO_BITRATE.min} to ${VIDEO_BITRATE.max}. Sets 'Video Codec' to H.264 when it is not given.`,
		},
		{
			displayName: LABELS.videoCodec,
			name: 'videoCodec',
			type: 'options',
			options: [{ name: 'H.264', value: 'h264' }],
			default: 'h264',
			description:
				'Video codec. Only H.264 is supported; it is sent automatically with a video bitrate or profile.',
		},
		{
			displayName: LABELS.profile,
			name: 'profile',
			type: 'options',
			options: Object.entries(PROFILE_LABELS).map(([value, name]) => ({ name, value })),
			default: 'main',
			description: "H.264 profile. Sets 'Video Codec' to H.264 when it is not given.",
		},
	];
}

/**
 * Checks the template values the user gave and builds the request body: ranges and enumerations of
 * the reference, width and height together, and the codec each bitrate/profile/sample rate needs
 * (h264 / aac, added when missing). Create needs width and height (`requireDimensions`).
 */
export function templateBody(
	node: INode,
	values: IDataObject,
	itemIndex: number,
	options: { requireDimensions: boolean },
): IDataObject {
	const given = (key: string) => !isMissing(values[key]);
	if (options.requireDimensions) {
		for (const key of ['width', 'height']) {
			if (!given(key))
				throw inputError(
					node,
					itemIndex,
					`${LABELS[key]} is required: a whole number from 0 to ${MAX_DIMENSION}`,
				);
		}
	} else if (given('width') !== given('height')) {
		throw inputError(
			node,
			itemIndex,
			`Width and Height must be set together: ${given('width') ? 'Width' : 'Height'} is set but ${given('width') ? 'Height' : 'Width'} is not (0 keeps the aspect ratio)`,
		);
	}
	const body: IDataObject = {};
	const integer = (key: string, range: { min: number; max: number }) =>
		assertInteger(node, values[key], LABELS[key], range.min, range.max, itemIndex);
	for (const key of ['width', 'height']) {
		if (given(key)) body[key] = integer(key, { min: 0, max: MAX_DIMENSION });
	}
	if (given('videoBitrate')) body.videoBitrate = integer('videoBitrate', VIDEO_BITRATE);
	if (given('profile'))
		body.profile = assertOption(node, values.profile, LABELS.profile, PROFILES, itemIndex);
	if (given('videoCodec'))
		body.videoCodec = assertOption(node, values.videoCodec, LABELS.videoCodec, ['h264'], itemIndex);
	else if (given('videoBitrate') || given('profile')) body.videoCodec = 'h264';
	if (given('audioBitrate')) body.audioBitrate = integer('audioBitrate', AUDIO_BITRATE);
	if (given('audioSampleRate')) {
		// Expressions may give "44100": compare as a number, report the value as given.
		const rate = Number(values.audioSampleRate);
		body.audioSampleRate = (SAMPLE_RATES as readonly number[]).includes(rate)
			? rate
			: assertOption(node, values.audioSampleRate, LABELS.audioSampleRate, SAMPLE_RATES, itemIndex);
	}
	if (given('audioCodec'))
		body.audioCodec = assertOption(node, values.audioCodec, LABELS.audioCodec, ['aac'], itemIndex);
	else if (given('audioBitrate') || given('audioSampleRate')) body.audioCodec = 'aac';
	const ordered: IDataObject = {};
	for (const key of BODY_ORDER) if (key in body) ordered[key] = body[key];
	return ordered;
}

/** Template names must not be a preset name (case ignored, so play URLs stay unambiguous). */
export function assertNotPresetName(node: INode, name: string, itemIndex: number) {
	if ((PRESET_NAMES as readonly string[]).includes(name.toLowerCase())) {
		throw inputError(
			node,
			itemIndex,
			`Template Name "${name}" is reserved for a preset: do not use ${PRESET_NAMES.join(', ')} (use Set Preset to turn presets on or off)`,
		);
	}
}
