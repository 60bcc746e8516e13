/*
 * The classes a differential case belongs to (what it exercises), and the
 * floor each class must reach in a run so that the grammar cannot silently
 * stop producing it.
 */
import { OracleResult } from '../oracle/OpenChoreoOracle';
import { DiffCase } from './caseArbitrary';
import { Comparison } from './compare';
import { REQUIRED_ERROR_CLASSES } from './errorClasses';
import { Json } from './schemaArbitraries';

/** Features of the CEL text, by the library they need. */
const FEATURES: Array<[string, RegExp]> = [
  ['ext:math', /\bmath\./],
  ['ext:sets', /\bsets\./],
  ['ext:base64', /\bbase64\./],
  ['ext:lists', /\blists\.range\(|\.(sortBy|distinct|flatten|slice|sort)\(/],
  [
    'ext:strings',
    /\.(upperAscii|lowerAscii|trim|replace|substring|charAt|split|join|indexOf|lastIndexOf|reverse)\(/,
  ],
  ['ext:format', /\.format\(/],
  ['ext:quote', /\bstrings\.quote\(/],
  [
    'ext:two-var',
    /\.(transformList|transformMap|transformMapEntry)\(|\.(all|exists)\(\w+, \w+,/,
  ],
  ['ext:optional', /\.\?|\boptional\.|\[\?/],
  ['has', /\bhas\(/],
  ['oc:merge', /\boc_merge\(/],
  ['oc:hash', /\boc_hash\(/],
  ['oc:generate_name', /\boc_generate_name\(/],
  ['oc:dns_label', /\boc_dns_label\(/],
  ['oc:omit', /\boc_omit\(/],
  ['metadata.labels', /\bmetadata\.labels\b/],
  [
    'null-comparison',
    /(==|!=) null\b|\bnull (==|!=|in)\b|\bin \[null\]|: null\)/,
  ],
  ['concat-empty', /\[\] \+ |\+ (dyn\()?\[\]/],
];

/** A split() result on one side of `+` (cel-go may hand on the []string itself). */
const SPLIT_THROUGH_CONCAT = /\.split\('.'\) \+ |\+ [^+]*\.split\('.'\)\}$/;

/** Every template string of a tree with where it sits. */
function strings(
  value: unknown,
  path: string[],
  out: Array<[string[], string]>,
) {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value))
    value.forEach((v, i) => strings(v, [...path, String(i)], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('${')) out.push([[...path, k], k]);
      strings(v, [...path, k], out);
    }
  }
}

function placement(path: string[], text: string): string | undefined {
  if (!text.includes('${')) return undefined;
  const standalone =
    /^\$\{.*\}$/s.test(text.trim()) && text.trim().indexOf('${', 1) === -1;
  const form = standalone ? 'standalone' : 'embedded';
  if (path[0] === 'resources')
    return path.includes('includeWhen') ? 'includeWhen' : `resource:${form}`;
  const isArgument =
    path.join('/').startsWith('runTemplate/spec/arguments/parameters/') &&
    path[path.length - 1] === 'value';
  return isArgument ? `argument:${form}` : `field:${form}`;
}

function pointerValue(value: unknown, pointer: string): unknown {
  let v: unknown = value;
  for (const part of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

/**
 * Numbers the templates use, by where they came from: a schema default (the
 * user left the parameter out) or the user; whole or with a fraction.
 */
function numberClasses(c: DiffCase, ours: Json, text: string): string[] {
  const out = new Set<string>();
  const walk = (v: unknown, pointer: string) => {
    if (typeof v === 'number') {
      const top = pointer.split('/')[1];
      if (
        c.generation === 'v1' &&
        !text.includes(`parameters.${top}`) &&
        !text.includes(`parameters.?${top}`)
      )
        return;
      const source =
        pointerValue(c.userParameters, pointer) === undefined
          ? 'default'
          : 'run';
      out.add(`number:${source}:${Number.isInteger(v) ? 'whole' : 'fraction'}`);
    } else if (Array.isArray(v))
      v.forEach((x, i) => walk(x, `${pointer}/${i}`));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) walk(x, `${pointer}/${k}`);
  };
  walk(ours, '');
  return [...out];
}

/** The classes of one case and its outcome. */
export function classesOf(
  c: DiffCase,
  ourParameters: Json,
  theirs: OracleResult,
  cmp: Comparison,
): string[] {
  const classes = new Set<string>([c.generation]);
  const texts: Array<[string[], string]> = [];
  const spec = (c.workflow.spec ?? {}) as Json;
  strings(
    { runTemplate: spec.runTemplate, resources: spec.resources },
    [],
    texts,
  );
  const allText = texts.map(([, t]) => t).join('\n');
  for (const [path, text] of texts) {
    const where = placement(path, text);
    if (where) classes.add(where);
    if (where === 'argument:standalone' && SPLIT_THROUGH_CONCAT.test(text))
      classes.add('argument:split-concatenated');
    if (path.some(p => p.includes('${'))) classes.add('dynamic-key');
  }
  if (c.generation === 'v1')
    for (const [name, pattern] of FEATURES)
      if (pattern.test(allText)) classes.add(name);
  for (const n of numberClasses(c, ourParameters, allText)) classes.add(n);
  const failed =
    cmp.theirErrorClass ??
    (theirs.errorStage === 'schema' ? 'schema' : undefined);
  if (cmp.refused) classes.add('refused-by-validation');
  else if (failed) classes.add(`error:${failed}`);
  else if (c.generation === 'v1') classes.add('rendered');
  return [...classes];
}

/** Share of the cases (per mille) each class must reach; a class under its floor fails the run. */
export function floors(cases: number): Record<string, number> {
  const at = (perMille: number) =>
    Math.max(1, Math.floor((cases * perMille) / 1000));
  const out: Record<string, number> = {
    v1: at(600),
    v0: at(100),
    rendered: at(150),
    'refused-by-validation': at(10),
    'argument:standalone': at(300),
    'argument:embedded': at(300),
    'field:standalone': at(100),
    'field:embedded': at(100),
    'resource:standalone': at(50),
    'resource:embedded': at(50),
    includeWhen: at(100),
    'dynamic-key': at(50),
    'number:default:whole': at(25),
    'number:default:fraction': at(8),
    'number:run:whole': at(50),
    'number:run:fraction': at(20),
    'argument:split-concatenated': at(10),
  };
  for (const [name] of FEATURES) out[name] = at(name === 'ext:quote' ? 10 : 30);
  for (const name of REQUIRED_ERROR_CLASSES) out[`error:${name}`] = at(1);
  return out;
}
