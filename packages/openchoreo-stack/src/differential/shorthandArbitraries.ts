/*
 * v0.x shorthand parameter schemas (`spec.schema.parameters` / `types`) for
 * the differential test, each with an equivalent JSON schema from which run
 * values are generated.
 */
import fc from 'fast-check';
import { Json } from './schemaArbitraries';

/** One shorthand field: its text (or object) and the JSON schema it stands for. */
export interface ShorthandField {
  shorthand: unknown;
  schema: Json;
}

interface Scalar {
  type: 'integer' | 'number' | 'string' | 'boolean';
  defaults: string[];
  constraints: string[];
}

const SCALARS: Scalar[] = [
  {
    type: 'integer',
    defaults: ['3', '0', '-4', '1000000', ''],
    constraints: [
      '',
      'minimum=-10',
      'minimum=-10 exclusiveMinimum=true',
      'maximum=2000000 exclusiveMaximum=true',
      'minimum=-10 maximum=2000000',
    ],
  },
  {
    type: 'number',
    defaults: ['3', '2.5', '1e3', '0.1', ''],
    constraints: ['', 'minimum=-5 exclusiveMinimum=true', 'maximum=1e7'],
  },
  {
    type: 'string',
    defaults: ['abc', '"quoted value"', "'x y'", 'main', ''],
    constraints: ['', 'pattern=^[a-z ]+$', 'minLength=0', 'enum=abc,main,x'],
  },
  {
    type: 'boolean',
    defaults: ['true', 'false', ''],
    constraints: [''],
  },
];

function unquote(text: string): string {
  if (/^".*"$/.test(text)) return JSON.parse(text);
  if (/^'.*'$/.test(text)) return text.slice(1, -1);
  return text;
}

function parseDefault(type: Scalar['type'], text: string): unknown {
  if (type === 'string') return unquote(text);
  if (type === 'boolean') return text === 'true';
  return Number(text);
}

/** `integer | default=3 minimum=-10` and the schema it means (constraints are only used to keep values valid). */
const scalarField: fc.Arbitrary<ShorthandField> = fc
  .tuple(fc.constantFrom(...SCALARS), fc.nat(), fc.nat())
  .map(([scalar, i, j]) => {
    let d = scalar.defaults[i % scalar.defaults.length];
    const constraint = scalar.constraints[j % scalar.constraints.length];
    if (constraint.startsWith('enum') && !['abc', 'main'].includes(d))
      d = 'abc';
    if (constraint.startsWith('pattern') && /[^a-z ]/.test(unquote(d)))
      d = 'main';
    const parts = [d === '' ? '' : `default=${d}`, constraint].filter(Boolean);
    const schema: Json = { type: scalar.type };
    if (d !== '') schema.default = parseDefault(scalar.type, d);
    if (constraint.startsWith('enum')) schema.enum = ['abc', 'main', 'x'];
    if (constraint.startsWith('pattern')) schema.pattern = '^[a-z]+$';
    if (constraint.includes('minimum=-10')) schema.minimum = -9;
    return {
      shorthand: parts.length
        ? `${scalar.type} | ${parts.join(' ')}`
        : scalar.type,
      schema,
    };
  });

const COLLECTIONS: Array<[string, Json, string[]]> = [
  [
    '[]integer',
    { type: 'array', items: { type: 'integer' } },
    ['[1,2]', '[]', '[3]'],
  ],
  [
    'array<number>',
    { type: 'array', items: { type: 'number' } },
    ['[1,2.5]', '[0.5]'],
  ],
  [
    '[]string',
    { type: 'array', items: { type: 'string' } },
    ['["a","b"]', '[]'],
  ],
  [
    'map<integer>',
    { type: 'object', additionalProperties: { type: 'integer' } },
    ['{"a":1}', '{}'],
  ],
  [
    'map[string]number',
    { type: 'object', additionalProperties: { type: 'number' } },
    ['{"x":1.5,"y":2}'],
  ],
  [
    'map<string>',
    { type: 'object', additionalProperties: { type: 'string' } },
    ['{"k":"v"}'],
  ],
];

const collectionField: fc.Arbitrary<ShorthandField> = fc
  .tuple(fc.constantFrom(...COLLECTIONS), fc.nat(), fc.boolean())
  .map(([[type, schema, defaults], i, withDefault]) => {
    if (!withDefault) return { shorthand: type, schema };
    const d = defaults[i % defaults.length];
    return {
      shorthand: `${type} | default=${d}`,
      schema: { ...schema, default: JSON.parse(d) },
    };
  });

/** A nested object: fields of its own, sometimes an object `$default`. */
const objectField: fc.Arbitrary<ShorthandField> = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom('x', 'y', 'z'), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.array(scalarField, { minLength: 3, maxLength: 3 }),
    fc.constantFrom('none', 'object', 'json'),
  )
  .map(([names, fields, withDefault]) => {
    const shorthand: Json = {};
    const properties: Json = {};
    names.forEach((n, i) => {
      shorthand[n] = fields[i].shorthand;
      properties[n] = fields[i].schema;
    });
    const schema: Json = { type: 'object', properties };
    // A $default must satisfy the object: every field without a default gets a value.
    const d: Json = {};
    names.forEach((n, i) => {
      const s = fields[i].schema;
      if (s.default === undefined) d[n] = sampleOf(s);
    });
    if (withDefault === 'object') shorthand.$default = d;
    if (withDefault === 'json') shorthand.$default = JSON.stringify(d);
    if (withDefault !== 'none') schema.default = d;
    return { shorthand, schema };
  });

function sampleOf(schema: Json): unknown {
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    default:
      return 'abc';
  }
}

/** A custom type from `types`, used alone or as a list. */
const TYPES = {
  Repo: {
    url: 'string',
    branch: 'string | default=main',
    depth: 'integer | default=1',
  },
};
const REPO_SCHEMA: Json = {
  type: 'object',
  properties: {
    url: { type: 'string' },
    branch: { type: 'string', default: 'main' },
    depth: { type: 'integer', default: 1 },
  },
};
const customField: fc.Arbitrary<ShorthandField> = fc.constantFrom(
  { shorthand: 'Repo', schema: REPO_SCHEMA },
  { shorthand: '[]Repo', schema: { type: 'array', items: REPO_SCHEMA } },
);

/** Parameters of a v0.x workflow and the JSON schema they mean. */
export const shorthandParameters: fc.Arbitrary<{
  parameters: Json;
  types?: Json;
  schema: Json;
}> = fc
  .uniqueArray(
    fc.constantFrom(
      'count',
      'ratio',
      'name',
      'flag',
      'items',
      'env',
      'opts',
      'repo',
    ),
    {
      minLength: 1,
      maxLength: 5,
    },
  )
  .chain(names =>
    fc
      .tuple(
        ...names.map(() =>
          fc.oneof(
            { weight: 5, arbitrary: scalarField },
            { weight: 2, arbitrary: collectionField },
            { weight: 2, arbitrary: objectField },
            { weight: 1, arbitrary: customField },
          ),
        ),
      )
      .map(fields => {
        const parameters: Json = {};
        const properties: Json = {};
        names.forEach((n, i) => {
          parameters[n] = fields[i].shorthand;
          properties[n] = fields[i].schema;
        });
        const usesTypes = fields.some(f =>
          String(f.shorthand).includes('Repo'),
        );
        return {
          parameters,
          ...(usesTypes ? { types: TYPES } : {}),
          schema: { type: 'object', properties },
        };
      }),
  );
