import type { INodeProperties } from 'n8n-workflow';

import type { AgoraOperation } from '../../shared/types';

// Placeholder until the resource's operations are written.
export const operations: Record<string, AgoraOperation> = {};

export const description: INodeProperties[] = [];
