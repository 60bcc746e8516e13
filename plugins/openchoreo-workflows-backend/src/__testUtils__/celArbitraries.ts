/*
 * fast-check arbitraries of CEL templates and regular expressions, as
 * Workflow authors (or attackers) write them: the functions templates use,
 * some that do not exist, expensive ones, and patterns RE2 refuses. Shared
 * by the property tests and the API fuzzer (apiFuzz.ts).
 */
import fc from 'fast-check';

export const quote = (s: string) =>
  `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const PATTERNS = [
  '^(a+)+$',
  '(x+x+)+y',
  '(?i)^main$',
  '\\pL+',
  '[[:alpha:]]',
  '(?=a)',
  '(a)\\1',
  'a{1001}',
  '[',
  '\\',
  '.*',
  '',
];
export const pattern = fc.oneof(
  fc.constantFrom(...PATTERNS),
  fc.string({ maxLength: 12 }),
);

export const leaf = fc.oneof(
  fc.constantFrom(
    'parameters.text',
    'metadata.workflowRunName',
    'true',
    'null',
    '1.5',
    "''",
    "['a', 'b', '']",
    '[1, 2, 3]',
    "{'k': 'v'}",
    '9223372036854775807',
    '-9223372036854775808',
  ),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
  fc.string({ maxLength: 8, unit: 'grapheme' }).map(quote),
);

/** CEL expressions built from the functions templates use (and some that do not exist). */
export const { expression } = fc.letrec<{ expression: string }>(tie => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .tuple(tie('expression'), tie('expression'), tie('expression'), leaf)
      .chain(([a, b, c, n]) =>
        fc.constantFrom(
          `${a}.replace(${b}, ${c})`,
          `${a}.replace(${b}, ${c}, ${n})`,
          `${a}.split(${b})`,
          `${a}.split(${b}, ${n})`,
          `${a}.charAt(${n})`,
          `${a}.reverse()`,
          `${a}.indexOf(${b})`,
          `${a}.substring(${n})`,
          `${a}.join(${b})`,
          `${a}.lowerAscii()`,
          `size(${a})`,
          `string(${a})`,
          `int(${a})`,
          `${a} + ${b}`,
          `${a} * ${b}`,
          `${a} / ${b}`,
          `${a} ? ${b} : ${c}`,
          `${a}[${b}]`,
          `${a}.map(x, ${b})`,
          `${a}.all(x, ${b})`,
          `${a}.filter(x, ${b})`,
          `oc_hash(${a})`,
          `oc_generate_name(${a}, ${b})`,
          `oc_merge(${a}, ${b})`,
          `oc_omit()`,
          `has(${a}.x)`,
          `${a}.nope()`,
        ),
      ),
    fc
      .tuple(tie('expression'), pattern)
      .chain(([a, p]) =>
        fc.constantFrom(
          `${a}.matches(${quote(p)})`,
          `matches(${a}, ${quote(p)})`,
        ),
      ),
  ),
}));

/** Well-typed string expressions, so that most cases render (or hit a limit) rather than fail to type. */
const smallInt = fc.integer({ min: -2, max: 12 }).map(String);
export const { text: stringExpression } = fc.letrec<{ text: string }>(tie => ({
  text: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('parameters.text', 'metadata.workflowRunName', "''"),
    fc.string({ maxLength: 6, unit: 'grapheme' }).map(quote),
    fc
      .tuple(tie('text'), tie('text'), tie('text'), smallInt)
      .chain(([a, b, c, n]) =>
        fc.constantFrom(
          `${a}.replace(${b}, ${c})`,
          `${a}.replace(${b}, ${c}, ${n})`,
          `${a}.replace('', ${c}, 9223372036854775807)`,
          `${a} + ${b}`,
          `${a}.reverse()`,
          `${a}.lowerAscii()`,
          `${a}.charAt(${n})`,
          `${a}.substring(${n})`,
          `${a}.split(${b}).join(${c})`,
          `${a}.split('').map(x, x + ${b}).join(${c})`,
          `oc_hash(${a})`,
          `oc_dns_label(${a}, ${b})`,
          `string(${a}.matches(${b}))`,
          `string(size(${a}))`,
          `(${a}.matches(${b}) ? ${a} : ${c})`,
        ),
      ),
    fc
      .tuple(tie('text'), pattern)
      .map(([a, p]) => `string(${a}.matches(${quote(p)}))`),
  ),
}));

/** A template string: one expression, text around expressions, or text with stray `${`. */
export const template = fc.oneof(
  stringExpression.map(e => `\${${e}}`),
  expression.map(e => `\${${e}}`),
  fc
    .tuple(fc.string({ maxLength: 4 }), stringExpression, expression)
    .map(([t, a, b]) => `${t}\${${a}}-\${${b}}`),
  fc.string({ maxLength: 10 }).map(t => `${t}\${${t}`),
);

/** Schema patterns: mostly ones RE2 compiles (an invalid one makes every preview an error). */
export const schemaPattern = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(...PATTERNS.slice(0, 5), '.*', '^$'),
  },
  { weight: 1, arbitrary: pattern },
);
