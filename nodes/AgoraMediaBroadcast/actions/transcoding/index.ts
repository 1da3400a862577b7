import type { INodeProperties } from 'n8n-workflow';

import * as createTemplate from './createTemplate.operation';
import * as deleteTemplate from './deleteTemplate.operation';
import * as getManyPresets from './getManyPresets.operation';
import * as getManyTemplates from './getManyTemplates.operation';
import * as setPreset from './setPreset.operation';
import * as updateTemplate from './updateTemplate.operation';

export const operations = {
	createTemplate,
	deleteTemplate,
	getManyPresets,
	getManyTemplates,
	setPreset,
	updateTemplate,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transcoding'] } },
		options: [
			{
				name: 'Create Template',
				value: 'createTemplate',
				description: 'Create a new custom transcoding template (resolution, bitrates, codecs)',
				action: 'Create transcoding template',
			},
			{
				name: 'Delete Template',
				value: 'deleteTemplate',
				description: 'Delete a custom transcoding template permanently',
				action: 'Delete transcoding template',
			},
			{
				name: 'Get Many Presets',
				value: 'getManyPresets',
				description:
					'List the standard presets (ld, sd1, sd2, sd3, hd, fhd) and whether each is on',
				action: 'Get many transcoding presets',
			},
			{
				name: 'Get Many Templates',
				value: 'getManyTemplates',
				description: 'List the custom transcoding templates of an entry point',
				action: 'Get many transcoding templates',
			},
			{
				name: 'Set Preset',
				value: 'setPreset',
				description: 'Turn a standard transcoding preset on or off',
				action: 'Set transcoding preset',
			},
			{
				name: 'Update Template',
				value: 'updateTemplate',
				description: 'Update fields of a custom transcoding template',
				action: 'Update transcoding template',
			},
		],
		default: 'getManyPresets',
	},
	...createTemplate.description,
	...deleteTemplate.description,
	...getManyPresets.description,
	...getManyTemplates.description,
	...setPreset.description,
	...updateTemplate.description,
];
