import { stopOperation } from '../recording/kinds';

export const { description, prepare } = stopOperation('standard');
