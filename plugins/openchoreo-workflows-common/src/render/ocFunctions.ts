import { EvaluationError } from '@marcbachmann/cel-js';
import { fnv32aHex, sha256Hex } from './hash';
import { setOwn } from '../schema/ownProperty';
import { isOmit, OMIT, OmitValue } from './values';
import { noteDuringEvaluation } from './notes';
import { isGoStrings } from './goTree';
import { typeValueName } from './extensions/values';

/** Longest Kubernetes resource name (DNS subdomain) and label (DNS label). */
export const MAX_RESOURCE_NAME_LENGTH = 253;
export const MAX_LABEL_NAME_LENGTH = 63;
const HASH_LENGTH = 8;
const SEPARATOR = '-';

const isLetterOrNumber = (ch: string) => /[\p{L}\p{N}]/u.test(ch);

function sanitizeName(name: string): string {
  const replaced = Array.from(name.toLowerCase())
    .map(ch => (isLetterOrNumber(ch) || ch === '-' || ch === '.' ? ch : '-'))
    .join('');
  return replaced.replace(/^[-.]+/, '').replace(/[-.]+$/, '');
}

function trimNonAlphanumeric(name: string): string {
  const chars = Array.from(name);
  let start = 0;
  let end = chars.length;
  while (start < end && !isLetterOrNumber(chars[start])) start++;
  while (end > start && !isLetterOrNumber(chars[end - 1])) end--;
  return chars.slice(start, end).join('');
}

/**
 * OpenChoreo's `GenerateK8sNameWithLengthLimit`: sanitised parts joined by
 * `-`, each truncated to fit, plus the first 8 hex digits of the SHA-256 of
 * the original parts joined by `-`.
 */
export function generateK8sName(limit: number, parts: string[]): string {
  if (parts.length === 0) {
    throw new Error('at least one name part is required');
  }
  const cleaned = parts.map(sanitizeName);
  const hash = sha256Hex(parts.join(SEPARATOR)).slice(0, HASH_LENGTH);
  const separators = SEPARATOR.length * (cleaned.length - 1) + SEPARATOR.length;
  const maxBase = limit - HASH_LENGTH - separators;
  const maxPart = Math.floor(maxBase / cleaned.length);
  const extra = maxBase % cleaned.length;
  const truncated = cleaned.map((name, i) =>
    name.slice(0, i < extra ? maxPart + 1 : maxPart),
  );
  return trimNonAlphanumeric(`${truncated.join(SEPARATOR)}${SEPARATOR}${hash}`);
}

/**
 * `oc_generate_name(...)`: a DNS subdomain name (≤ 253 chars) with a hash suffix.
 *
 * @public
 */
export function ocGenerateName(...parts: string[]): string {
  return generateK8sName(MAX_RESOURCE_NAME_LENGTH, parts);
}

/**
 * `oc_dns_label(...)`: a DNS label (≤ 63 chars) with a hash suffix.
 *
 * @public
 */
export function ocDnsLabel(...parts: string[]): string {
  return generateK8sName(MAX_LABEL_NAME_LENGTH, parts);
}

/**
 * `oc_hash(s)`: FNV-32a of `s` as 8 hex digits.
 *
 * @public
 */
export function ocHash(input: string): string {
  return fnv32aHex(input);
}

/** `oc_omit()`: marks the enclosing field, map entry or list item for removal. */
export function ocOmit(): OmitValue {
  return OMIT;
}

export const MERGE_IGNORES_LABELS =
  "OpenChoreo's oc_merge leaves out metadata.labels (it merges only maps it holds as map[string]any or as CEL maps, and the run's labels are a map[string]string: internal/template/custom_functions.go:263-289)";

export const MERGE_KEEPS_OMIT =
  "OpenChoreo's oc_merge keeps an oc_omit() entry, written as {} (it converts the marker to a Go value, internal/template/custom_functions.go:298)";

function entriesOf(value: unknown): Array<[string, unknown]> {
  if (value instanceof Map) {
    // cel-go checks the declared map(string, dyn) at run time too.
    if ([...value.keys()].some(k => typeof k !== 'string')) {
      throw new Error('no such overload: oc_merge(map, map)');
    }
    return Array.from(value.entries()) as Array<[string, unknown]>;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if (isGoStrings(value)) {
      if (Object.keys(value).length > 0)
        noteDuringEvaluation(MERGE_IGNORES_LABELS);
      return [];
    }
    return Object.entries(value as Record<string, unknown>);
  }
  throw new Error('oc_merge arguments must be maps');
}

/**
 * `oc_merge(a, b, ...)`: shallow merge, later maps win. As in OpenChoreo,
 * `metadata.labels` counts as empty and an `oc_omit()` entry stays, as `{}`.
 *
 * @public
 */
export function ocMerge(...maps: unknown[]): Record<string, unknown> {
  if (maps.length < 2) {
    throw new Error('oc_merge requires at least 2 arguments');
  }
  const out: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [k, v] of entriesOf(map)) {
      if (isOmit(v)) noteDuringEvaluation(MERGE_KEEPS_OMIT);
      setOwn(out, k, isOmit(v) ? {} : v);
    }
  }
  return out;
}

export const NAME_TAKES_TYPES =
  "OpenChoreo's oc_generate_name and oc_dns_label take a type value as its name (they keep every item whose Go value is a string, and a cel-go type's is its name: internal/template/custom_functions.go:358-363)";

/**
 * String parts of a CEL list or variadic call, as OpenChoreo takes them: an
 * item whose Go value is a string (a string, or a type value, whose Value()
 * is its name); other items are ignored. Its overload takes `list(string)`
 * (the variadic form is a list too), and cel-go's run-time type guard checks
 * a list's first item only (common/types/types.go
 * defaultIsAssignableRuntimeType): a list that does not start with a string
 * has no such overload.
 */
export function stringParts(name: string, values: unknown[]): string[] {
  const flat =
    values.length === 1 && Array.isArray(values[0])
      ? (values[0] as unknown[])
      : values;
  if (flat.length > 0 && typeof flat[0] !== 'string') {
    throw new EvaluationError(`no such overload: ${name}(list)`);
  }
  return flat.flatMap(v => {
    if (typeof v === 'string') return [v];
    const typeName = typeValueName(v);
    if (typeName === undefined) return [];
    noteDuringEvaluation(NAME_TAKES_TYPES);
    return [typeName];
  });
}
