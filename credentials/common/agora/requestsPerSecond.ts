/**
 * The credential's Requests per Second: Agora allows 50 requests per second per Customer ID. The
 * credential's field takes its bounds from here, the node's transport/settings.ts checks them.
 */
export const REQUESTS_PER_SECOND = { min: 1, max: 50, default: 50 } as const;
