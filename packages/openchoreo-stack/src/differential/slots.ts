/*
 * Fills the grammar's parameter slots (`@@kind:index:mode@@`) with the
 * parameters of one generated schema.
 */
import { SlotKind } from './celGrammar';
import { ParamRef } from './schemaArbitraries';

const FALLBACK: Record<SlotKind, string> = {
  num: '3',
  string: "'abc'",
  bool: 'true',
  list: '[1, 2]',
  numlist: '[1, 2, 3]',
  strlist: "['a', 'b']",
  map: "{'a': 1}",
  any: 'null',
};

function candidates(kind: SlotKind, refs: ParamRef[]): ParamRef[] {
  switch (kind) {
    case 'any':
      return refs;
    case 'numlist':
      return refs.filter(r => r.kind === 'list' && r.element === 'num');
    case 'strlist':
      return refs.filter(r => r.kind === 'list' && r.element === 'string');
    case 'map':
      return refs.filter(r => r.kind === 'map' || r.kind === 'object');
    default:
      return refs.filter(r => r.kind === kind);
  }
}

const direct = (path: string[]) => `parameters.${path.join('.')}`;
const optional = (path: string[]) => `parameters.?${path.join('.?')}`;

/** Whether every ancestor of the parameter is in every run (so `has()` on it cannot fail). */
function parentPresent(ref: ParamRef, refs: ParamRef[]): boolean {
  if (ref.path.length === 1) return true;
  const parent = ref.path.slice(0, -1).join('.');
  return refs.some(r => r.path.join('.') === parent && r.alwaysPresent);
}

/**
 * The text of one slot. Modes: `d` the parameter itself (when it may be
 * absent, mostly through an optional with a fallback, sometimes as is: a
 * "no such key" then); `o` `.?x.orValue(fallback)`; `h` `has(x) ? x :
 * fallback`; `p` a field selection for `has()`; `q` an optional.
 */
function fill(
  kind: SlotKind,
  index: number,
  mode: string,
  refs: ParamRef[],
): string {
  const found = candidates(kind, refs);
  const fallback = FALLBACK[kind];
  if (found.length === 0) {
    if (mode === 'p') return 'parameters.absent';
    if (mode === 'q') return 'parameters.?absent';
    return fallback;
  }
  const ref = found[index % found.length];
  const safeHas = parentPresent(ref, refs);
  switch (mode) {
    case 'p':
      return direct(safeHas ? ref.path : ref.path.slice(0, 1));
    case 'q':
      return optional(ref.path);
    case 'o':
      return `${optional(ref.path)}.orValue(${fallback})`;
    case 'h':
      return safeHas
        ? `(has(${direct(ref.path)}) ? ${direct(ref.path)} : ${fallback})`
        : `${optional(ref.path)}.orValue(${fallback})`;
    default:
      if (ref.alwaysPresent || index % 4 === 0) return direct(ref.path);
      return `${optional(ref.path)}.orValue(${fallback})`;
  }
}

const SLOT = /@@(\w+):(\d+):(\w)@@/g;

/** `text` with every slot replaced by a parameter of `refs` (or a literal when none fits). */
export function resolveSlots(text: string, refs: ParamRef[]): string {
  return text.replace(SLOT, (_m, kind: string, index: string, mode: string) =>
    fill(kind as SlotKind, Number(index), mode, refs),
  );
}
