import { getConfigOperation } from '../recording/kinds';

export const { description, prepare } = getConfigOperation('custom');
