import { startOperation } from '../recording/kinds';

export const { description, prepare } = startOperation('standard');
