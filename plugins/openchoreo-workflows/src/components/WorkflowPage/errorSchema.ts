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
