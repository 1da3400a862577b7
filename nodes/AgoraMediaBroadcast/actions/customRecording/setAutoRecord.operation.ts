import { setAutoRecordOperation } from '../recording/kinds';

export const { description, prepare } = setAutoRecordOperation('custom');
