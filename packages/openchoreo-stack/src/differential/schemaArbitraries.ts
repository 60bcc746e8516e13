/*
 * v1 parameter schemas (openAPIV3Schema) for the differential test, with the
 * CEL references they make available and run values that fit them (or not).
 */
import fc from 'fast-check';

export type Json = Record<string, unknown>;

/** What CEL can do with a parameter (numbers are int or double depending on where they came from). */
export type RefKind = 'num' | 'string' | 'bool' | 'list' | 'map' | 'object';

/** A parameter a CEL expression may name. `path` is below `parameters`. */
export interface ParamRef {
  path: string[];
  kind: RefKind;
  /** For lists and maps: the kind of the elements or values. */
  element?: RefKind;
  /** Present in every run: it has a default (or an ancestor's default makes it so). */
  alwaysPresent: boolean;
  nullable: boolean;
}

/** A pattern and values that match it (RE2 syntax, as the API server checks it). */
const PATTERNS: Array<[string, string[]]> = [
  ['^[a-z]+$', ['abc', 'main', 'x']],
  ['^v[0-9]+(\\.[0-9]+)*$', ['v1', 'v1.2.3', 'v22']],
  ['^[a-z0-9-]{1,20}$', ['my-app', 'a1', 'x-y-z']],
];

/** Strings with the characters that matter to Go's printing and to the scanner. */
export const STRING_POOL = [
  'abc',
  'main',
  '',
  'Hello World',
  'a,b,c',
  'x<y>&z',
  'https://github.com/openchoreo/sample.git',
  '${metadata.workflowRunName}',
  'ünïcødé',
  'with "quotes"',
  'line\nbreak',
  '[1, 2]',
  '3',
];

const INT_DEFAULTS = [0, 1, 3, -4, 7, 100, 1000000, 1234567];
const NUMBER_DEFAULTS = [2.5, 3, 0.5, -1.5, 1234567, 1e-5, 1e20, 0.1];

export const INT_VALUES = fc.oneof(
  fc.integer({ min: -5, max: 20 }),
  fc.constantFrom(1000000, 1234567, 9007199254740991, -2147483648),
);
export const DOUBLE_VALUES = fc.oneof(
  fc.constantFrom(2.5, 0.5, 1e-7, 1234567.5, 1e21, -0.25, 3.14159),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
);

const maybe = <T>(arb: fc.Arbitrary<T>, freq = 2) =>
  fc.option(arb, { nil: undefined, freq });

function compact(schema: Json): Json {
  return Object.fromEntries(
    Object.entries(schema).filter(([, v]) => v !== undefined),
  );
}

const integerSchema: fc.Arbitrary<Json> = fc
  .record({
    default: maybe(fc.constantFrom(...INT_DEFAULTS), 1),
    nullable: maybe(fc.constant(true), 4),
    bound: fc.constantFrom('none', 'none', 'min', 'exclusive', 'max'),
  })
  .map(({ default: d, nullable, bound }) => {
    const base = d ?? 0;
    return compact({
      type: 'integer',
      default: d,
      nullable,
      minimum: bound === 'min' || bound === 'exclusive' ? base - 5 : undefined,
      exclusiveMinimum: bound === 'exclusive' ? true : undefined,
      maximum: bound === 'max' ? base + 2000000 : undefined,
    });
  });

const numberSchema: fc.Arbitrary<Json> = fc
  .record({
    default: maybe(fc.constantFrom(...NUMBER_DEFAULTS), 1),
    nullable: maybe(fc.constant(true), 4),
  })
  .map(s => compact({ type: 'number', ...s }));

const stringSchema: fc.Arbitrary<Json> = fc.oneof(
  fc
    .record({
      default: maybe(fc.constantFrom(...STRING_POOL), 1),
      nullable: maybe(fc.constant(true), 4),
    })
    .map(s => compact({ type: 'string', ...s })),
  fc
    .tuple(fc.constantFrom(...PATTERNS), fc.nat(), fc.boolean())
    .map(([[pattern, values], i, withDefault]) =>
      compact({
        type: 'string',
        pattern,
        default: withDefault ? values[i % values.length] : undefined,
      }),
    ),
  fc
    .tuple(fc.subarray(STRING_POOL.slice(0, 6), { minLength: 2 }), fc.nat())
    .map(([values, i]) => ({
      type: 'string',
      enum: values,
      default: values[i % values.length],
    })),
);

const booleanSchema: fc.Arbitrary<Json> = maybe(fc.boolean(), 1).map(d =>
  compact({ type: 'boolean', default: d }),
);

export const scalarSchema: fc.Arbitrary<Json> = fc.oneof(
  integerSchema,
  numberSchema,
  stringSchema,
  booleanSchema,
);

/** A value that `schema` accepts. */
export function validValue(schema: Json): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'integer': {
      const min =
        typeof schema.minimum === 'number'
          ? schema.minimum + (schema.exclusiveMinimum ? 1 : 0)
          : -5;
      const max =
        typeof schema.maximum === 'number' ? schema.maximum : min + 1234567;
      return fc.oneof(
        fc.integer({ min, max: Math.min(max, min + 30) }),
        fc.constantFrom(min, max),
      );
    }
    case 'number':
      return fc.oneof(INT_VALUES, DOUBLE_VALUES);
    case 'string': {
      const pattern = PATTERNS.find(([p]) => p === schema.pattern);
      return pattern
        ? fc.constantFrom(...pattern[1])
        : fc.constantFrom(...STRING_POOL);
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(itemValue(schema.items as Json), { maxLength: 3 });
    case 'object':
      return objectValue(schema);
    default:
      return fc.constant(null);
  }
}

/** An array item: mostly valid, sometimes null (it takes the `items` default in OpenChoreo). */
function itemValue(items: Json): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: validValue(items) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

function objectValue(schema: Json): fc.Arbitrary<unknown> {
  const additional = schema.additionalProperties;
  if (additional && typeof additional === 'object') {
    return fc.dictionary(
      fc.constantFrom('a', 'b', 'key-1', 'x.y'),
      itemValue(additional as Json),
      { maxKeys: 3 },
    );
  }
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const values = Object.fromEntries(
    Object.entries(properties).map(([k, s]) => [k, runValue(s)]),
  );
  // Half the time every property without a default is given (v0.x requires them).
  const withoutDefault = Object.keys(properties).filter(
    k => properties[k].default === undefined,
  );
  return fc
    .oneof(
      fc.record(values, { requiredKeys: withoutDefault }),
      fc.record(values, { requiredKeys: [] }),
    )
    .map(v => v as Json);
}

/** A value the run may carry for `schema`: valid, null, or of the wrong type. */
export function runValue(schema: Json): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 120, arbitrary: validValue(schema) },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: wrongValue(schema) },
  );
}

function wrongValue(schema: Json): fc.Arbitrary<unknown> {
  switch (schema.type) {
    case 'string':
      return fc.constantFrom(3, true, ['a']);
    case 'integer':
      return fc.constantFrom('3', 2.5, false);
    case 'number':
      return fc.constantFrom('2.5', true, [1]);
    case 'boolean':
      return fc.constantFrom('true', 1);
    case 'array':
      return fc.constantFrom('a,b', { a: 1 });
    default:
      return fc.constantFrom('x', [1], 2);
  }
}

function defaultOf(schema: Json): fc.Arbitrary<unknown> {
  return maybe(validValue(schema), 1);
}

/** An array schema: items scalar or object, an `items.default` sometimes, a default list sometimes. */
function arraySchema(item: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return item.chain(items =>
    fc
      .record({
        default: defaultOf({ type: 'array', items }),
        nullable: maybe(fc.constant(true), 5),
      })
      .map(s => compact({ type: 'array', items, ...s })),
  );
}

/** A map: `additionalProperties` with a scalar schema. */
function mapSchema(): fc.Arbitrary<Json> {
  return scalarSchema.chain(values =>
    defaultOf({ type: 'object', additionalProperties: values }).map(d =>
      compact({ type: 'object', additionalProperties: values, default: d }),
    ),
  );
}

const NAMES = ['count', 'ratio', 'name', 'flag', 'items', 'env', 'opts'];

/** An object with named properties; `depth` bounds nesting. */
export function objectSchema(depth: number): fc.Arbitrary<Json> {
  const child: fc.Arbitrary<Json> =
    depth <= 0
      ? scalarSchema
      : fc.oneof(
          { weight: 6, arbitrary: scalarSchema },
          { weight: 2, arbitrary: arraySchema(scalarSchema) },
          { weight: 1, arbitrary: arraySchema(objectSchema(0)) },
          { weight: 2, arbitrary: mapSchema() },
          { weight: 2, arbitrary: objectSchema(depth - 1) },
        );
  return fc
    .uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 4 })
    .chain(names =>
      fc
        .tuple(
          fc.tuple(...names.map(() => child)),
          fc.constantFrom('none', 'none', 'empty', 'some'),
        )
        .map(([schemas, withDefault]) => {
          const properties = Object.fromEntries(
            names.map((n, i) => [n, schemas[i]]),
          );
          const firstScalar = names.find(
            n => typeof properties[n].default !== 'undefined',
          );
          let d: unknown;
          if (withDefault === 'empty') d = {};
          if (withDefault === 'some' && firstScalar)
            d = { [firstScalar]: properties[firstScalar].default };
          return compact({ type: 'object', properties, default: d });
        }),
    );
}

/** Every parameter a CEL expression may name, with what it holds. */
export function refsOf(
  schema: Json,
  path: string[] = [],
  present = true,
): ParamRef[] {
  const refs: ParamRef[] = [];
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  for (const [name, prop] of Object.entries(properties)) {
    const here = [...path, name];
    const alwaysPresent = present && prop.default !== undefined;
    refs.push({
      path: here,
      kind: kindOf(prop),
      element: elementKind(prop),
      alwaysPresent,
      nullable: prop.nullable === true,
    });
    if (prop.type === 'object' && prop.properties) {
      refs.push(...refsOf(prop, here, alwaysPresent));
    }
  }
  return refs;
}

function kindOf(schema: Json): RefKind {
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 'num';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'array':
      return 'list';
    default:
      return schema.additionalProperties ? 'map' : 'object';
  }
}

function elementKind(schema: Json): RefKind | undefined {
  if (schema.type === 'array') return kindOf(schema.items as Json);
  if (schema.additionalProperties)
    return kindOf(schema.additionalProperties as Json);
  return undefined;
}
