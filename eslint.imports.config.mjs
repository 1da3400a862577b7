import { config } from '@n8n/node-cli/eslint';

// Imports run one way (docs/architecture.md). `n8n-node lint` in strict mode refuses any change to
// eslint.config.mjs, so `npm run lint` runs this second config after it: n8n's parser, plugins and
// import resolver with n8n's rules left to `n8n-node lint`, plus the one rule below.
const ROOT = import.meta.dirname;
const ACTION_NODE = './nodes/AgoraMediaBroadcast';
const TRIGGERS = ['./nodes/AgoraMediaBroadcastTrigger', './nodes/AgoraMediaBroadcastPollTrigger'];

export default [
	...config.map(({ rules: _nRules, ...setup }) => setup),
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts'],
		linterOptions: { reportUnusedDisableDirectives: 'off' },
		rules: {
			'import-x/no-restricted-paths': [
				'error',
				{
					basePath: ROOT,
					zones: [
						{
							target: './credentials',
							from: './nodes',
							message:
								'credentials/ never imports from nodes/: move what both need to credentials/common/agora/.',
						},
						{
							target: './nodes',
							from: './credentials',
							except: ['./common/agora'],
							message: 'nodes/ takes shared code from credentials/common/agora/ only.',
						},
						...TRIGGERS.map((trigger) => ({
							target: trigger,
							from: ACTION_NODE,
							except: ['./api.ts'],
							message:
								'A trigger imports the action node only through nodes/AgoraMediaBroadcast/api.ts.',
						})),
						{
							target: ACTION_NODE,
							from: TRIGGERS,
							message: 'The action node never imports from a trigger.',
						},
					],
				},
			],
		},
	},
];
