import type { ErrorSchema } from '@rjsf/utils';
import type { FieldError } from '../../api';

/** `a.b[0].c` → `['a', 'b', '0', 'c']`. */
export function splitPath(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
}

/** Server field problems as RJSF `extraErrors`, so they show next to their fields. */
export function toErrorSchema(errors: FieldError[]): ErrorSchema {
  const root: Record<string, any> = {};
  for (const { path, message } of errors) {
    let node = root;
    for (const segment of splitPath(path)) {
      node[segment] = node[segment] ?? {};
      node = node[segment];
    }
    node.__errors = [...(node.__errors ?? []), message];
  }
  return root as ErrorSchema;
}

/** The value at a dotted/indexed path, or undefined. */
export function valueAtPath(data: unknown, path: string): unknown {
  let node: any = data;
  for (const segment of splitPath(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[segment];
  }
  return node;
}

/** Server errors still relevant after an edit: those whose field did not change. */
export function remainingErrors(
  errors: FieldError[],
  before: unknown,
  after: unknown,
): FieldError[] {
  return errors.filter(
    e =>
      JSON.stringify(valueAtPath(before, e.path)) ===
      JSON.stringify(valueAtPath(after, e.path)),
  );
}
