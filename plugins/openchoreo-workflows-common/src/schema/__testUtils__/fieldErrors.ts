import { FieldError } from '../types';

/** Field errors from `[path, message]` pairs, in their order. */
export const fieldErrors = (
  ...pairs: Array<[path: string, message: string]>
): FieldError[] => pairs.map(([path, message]) => ({ path, message }));
