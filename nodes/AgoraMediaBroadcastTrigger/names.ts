import type { INode } from 'n8n-workflow';

import { assertName } from '../AgoraMediaBroadcast/shared/validation';

/** A name Agora puts in a path (entry point, stream), checked with the action node's own rule. */
export function isAgoraName(value: string): boolean {
	// "." and ".." would be read as path steps by every URL parser on the way.
	if (value === '.' || value === '..') return false;
	try {
		assertName({} as INode, value, 'Name', 0);
		return true;
	} catch {
		return false;
	}
}
