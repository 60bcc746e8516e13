import { Environment } from '@marcbachmann/cel-js';
import { registerNamespace } from './namespace';
import { listContains, listItems } from './values';

/**
 * cel-go's ext.Sets (cel-go v0.29.2 ext/sets.go): `sets.contains`,
 * `sets.equivalent`, `sets.intersects` on lists, by CEL equality
 * (`1 == 1.0 == 1u`), duplicates ignored.
 */

export function setsContains(list: unknown[], sub: unknown[]): boolean {
  return sub.every(item => listContains(list, item));
}

export function setsEquivalent(a: unknown[], b: unknown[]): boolean {
  return setsContains(a, b) && setsContains(b, a);
}

export function setsIntersects(a: unknown[], b: unknown[]): boolean {
  return a.some(item => listContains(b, item));
}

export function registerSetsExtension(env: Environment): void {
  registerNamespace(env, 'sets');
  const fns: Array<[string, (a: unknown[], b: unknown[]) => boolean]> = [
    ['contains', setsContains],
    ['equivalent', setsEquivalent],
    ['intersects', setsIntersects],
  ];
  for (const [name, fn] of fns) {
    env.registerFunction(
      `sets.${name}(list, list): bool`,
      (_: unknown, a: unknown[], b: unknown[]) =>
        fn(listItems(a), listItems(b)),
    );
  }
}
