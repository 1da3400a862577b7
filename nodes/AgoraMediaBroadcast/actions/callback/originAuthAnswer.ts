/**
 * Origin authentication's two answers: Agora lets the push or play go ahead on 200 and refuses it on
 * 401. The Answer operation's Decision and the trigger's Default Answer offer the same choices.
 */
export const ORIGIN_AUTH_STATUS = { allow: 200, deny: 401 } as const;
export const ORIGIN_AUTH_DECISIONS = ['allow', 'deny'] as const;

export const originAuthAnswerOptions = [
	{ name: 'Allow (200)', value: 'allow', description: 'Let the push or play go ahead' },
	{ name: 'Deny (401)', value: 'deny', description: 'Refuse the push or play' },
];
