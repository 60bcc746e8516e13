/* fast-check arbitraries of shorthand and openAPIV3 parameter schemas, often wrong on purpose. */
import fc from 'fast-check';

const SHORTHAND_TOKENS = [
  'string',
  'integer',
  'number',
  'boolean',
  'object',
  '[]',
  'array<',
  'map<',
  'map[string]',
  'map[int]',
  'map[',
  '<',
  '>',
  '[',
  ']',
  '{',
  '}',
  'Repo',
  'Cyc',
  'Alias',
  'Missing',
  '|',
  ' | ',
  ' ',
  '  ',
  '\t',
  '=',
  ',',
  'default=',
  'enum=',
  'minimum=',
  'maximum=',
  'exclusiveMinimum=',
  'exclusiveMaximum=',
  'multipleOf=',
  'minLength=',
  'maxLength=',
  'minItems=',
  'maxItems=',
  'minProperties=',
  'maxProperties=',
  'pattern=',
  'format=',
  'title=',
  'description=',
  'example=',
  'required=',
  'required',
  'oc:build:x=',
  'oc:flag',
  '0',
  '-1',
  '3',
  '1.5',
  '1e400',
  '9223372036854775808',
  'NaN',
  'true',
  'false',
  'main',
  'email',
  'uri',
  '"',
  "'",
  '\\',
  '\\"',
  "''",
  '"quoted \\"x\\" y"',
  "'it''s'",
  '"\\x80\\u00e9\\U0001F600"',
  '"\\400"',
  '[1,2]',
  '["a","b"]',
  '{"a":1}',
  '{}',
  '^[a-z]+$',
  '[a-z',
  '(',
  '.*',
  '\u00e9',
  '\u{1F600}',
  '\n',
];

/** Strings of the shorthand grammar's tokens, with some garbage mixed in. @public */
export const shorthandString: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...SHORTHAND_TOKENS) },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    ),
    { maxLength: 12 },
  )
  .map(parts => parts.join(''));

/** Field names, including ones that are special to JavaScript objects or to paths. @public */
export const fieldName: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('url', 'branch', 'count', 'tags', 'repo', 'env'),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      '$default',
      'a.b',
      'x[0]',
      '',
      ' ',
      '$ref',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 5 }) },
);

/** A shorthand `parameters` (or `types`) map: strings, nested maps, `$default`s and wrong kinds. @public */
export const shorthandFields: fc.Arbitrary<unknown> = fc.letrec(tie => ({
  field: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: shorthandString },
    { weight: 2, arbitrary: tie('map') },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  ),
  map: fc
    .tuple(
      fc.dictionary(fieldName, tie('field'), { maxKeys: 5 }),
      fc.option(
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          shorthandString,
          fc.constantFrom('{"url":"x"}', '{}', '[]', '{'),
        ),
      ),
    )
    .map(([fields, dflt]) =>
      dflt === null ? fields : { ...fields, $default: dflt },
    ),
})).map;

const SCHEMA_KEYWORDS = [
  'type',
  'properties',
  'items',
  'additionalProperties',
  'required',
  'enum',
  'default',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'pattern',
  'format',
  'nullable',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  '$ref',
  'x-openchoreo-backstage-portal',
  'title',
  'description',
];

const refString = fc.oneof(
  fc.constantFrom(
    '#/$defs/A',
    '#/$defs/B',
    '#/$defs/Self',
    '#/$defs/',
    '#/$defs/Missing',
    '#/definitions/A',
    'https://example.com/s.json',
    'A',
  ),
  fc.string({ maxLength: 6 }),
);

/**
 * A random, often wrong, openAPIV3Schema node: known keywords with plausible
 * or wrong values, and `extraValue` (e.g. hostile regular expressions) among
 * the values.
 *
 * @public
 */
export function openApiNodeOf(
  extraValue?: fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  return fc.letrec(tie => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      {
        weight: 6,
        arbitrary: fc.dictionary(
          fc.constantFrom(...SCHEMA_KEYWORDS),
          tie('value'),
          { maxKeys: 4 },
        ),
      },
      { weight: 2, arbitrary: refString.map(ref => ({ $ref: ref })) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
    ),
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(
        'object',
        'string',
        'integer',
        'number',
        'boolean',
        'array',
        'nope',
      ),
      fc.boolean(),
      fc.integer({ min: -5, max: 5 }),
      fc.double({ noNaN: true }),
      refString,
      tie('node'),
      fc.dictionary(fieldName, tie('node'), { maxKeys: 3 }),
      fc.array(tie('node'), { maxLength: 3 }),
      fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
      ...(extraValue ? [extraValue] : []),
    ),
  })).node;
}
