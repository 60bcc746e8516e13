import { fieldErrors } from './__testUtils__/fieldErrors';
import { parseYaml } from './__testUtils__/fixtures';
import { shorthandToJsonSchema, shorthandToOpenAPIV3 } from './shorthand';

/** Converts YAML shorthand (as written in a Workflow) and returns schema + errors. */
function convert(schemaYaml: string, typesYaml?: string, options = {}) {
  return shorthandToJsonSchema(
    parseYaml(schemaYaml),
    typesYaml ? parseYaml(typesYaml) : undefined,
    options,
  );
}

/** Converts and insists on no errors. */
function ok(schemaYaml: string, typesYaml?: string) {
  const { schema, errors } = convert(schemaYaml, typesYaml);
  expect(errors).toEqual([]);
  return schema;
}

describe('shorthandToJsonSchema: types', () => {
  it('maps primitives and makes a field required exactly when it has no default', () => {
    expect(
      ok(`
name: string
replicas: 'integer | default=1'
ratio: number
enabled: 'boolean | default=false'
`),
    ).toEqual({
      type: 'object',
      required: ['name', 'ratio'],
      properties: {
        name: { type: 'string' },
        replicas: { type: 'integer', default: 1 },
        ratio: { type: 'number' },
        enabled: { type: 'boolean', default: false },
      },
    });
  });

  it('keeps declaration order of properties and sorts required', () => {
    const schema = ok(`
zeta: string
alpha: string
mid: 'string | default=x'
`);
    expect(Object.keys(schema.properties!)).toEqual(['zeta', 'alpha', 'mid']);
    expect(schema.required).toEqual(['alpha', 'zeta']);
  });

  it('parses []T and array<T> identically, with JSON array defaults', () => {
    const types = `
Item:
  name: 'string | default=default-name'
`;
    const expected = {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          default: [{ name: 'custom' }],
          items: {
            type: 'object',
            properties: { name: { type: 'string', default: 'default-name' } },
          },
        },
      },
    };
    expect(ok(`items: '[]Item | default=[{"name":"custom"}]'`, types)).toEqual(
      expected,
    );
    expect(
      ok(`items: 'array<Item> | default=[{"name":"custom"}]'`, types),
    ).toEqual(expected);
    expect(
      ok(`items: 'array< Item > | default=[{"name":"custom"}]'`, types),
    ).toEqual(expected);
  });

  it('parses map<T> and map[string]T as additionalProperties', () => {
    expect(
      ok(`
labels: 'map[string]string'
metadata: 'map[string]number'
counts: 'map<integer>'
tags: '[]map<string> | default=[]'
nested: 'map<[]string>'
`),
    ).toEqual({
      type: 'object',
      required: ['counts', 'labels', 'metadata', 'nested'],
      properties: {
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        metadata: { type: 'object', additionalProperties: { type: 'number' } },
        counts: { type: 'object', additionalProperties: { type: 'integer' } },
        tags: {
          type: 'array',
          default: [],
          items: { type: 'object', additionalProperties: { type: 'string' } },
        },
        nested: {
          type: 'object',
          additionalProperties: { type: 'array', items: { type: 'string' } },
        },
      },
    });
  });

  it('inlines custom types (maps and string aliases) in maps and arrays', () => {
    const schema = ok(
      `
resources: Resources
items: 'map<Item>'
port: 'Port | default=8080'
ports: '[]Port'
`,
      `
Resources:
  cpu: 'string | default=100m'
  memory: string
Item:
  name: string
  value: 'integer | default=0'
Port: 'integer | minimum=1 | maximum=65535'
`,
    );
    expect(schema).toEqual({
      type: 'object',
      required: ['items', 'ports', 'resources'],
      properties: {
        resources: {
          type: 'object',
          required: ['memory'],
          properties: {
            cpu: { type: 'string', default: '100m' },
            memory: { type: 'string' },
          },
        },
        items: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['name'],
            properties: {
              name: { type: 'string' },
              value: { type: 'integer', default: 0 },
            },
          },
        },
        port: { type: 'integer', minimum: 1, maximum: 65535, default: 8080 },
        ports: {
          type: 'array',
          items: { type: 'integer', minimum: 1, maximum: 65535 },
        },
      },
    });
    expect(JSON.stringify(schema)).not.toContain('$ref');
  });

  it('does not share objects between two uses of one type', () => {
    const schema = ok(
      `
a: 'T | description=first'
b: T
`,
      `T: 'string | default=x'`,
    );
    expect(schema.properties!.a).toEqual({
      type: 'string',
      default: 'x',
      description: 'first',
    });
    expect(schema.properties!.b).toEqual({ type: 'string', default: 'x' });
  });

  it('builds nested maps as objects; nested objects are required unless they have $default', () => {
    expect(
      ok(`
resources:
  requests:
    $default: {}
    cpu: 'string | default=100m'
  limits:
    memory: string
`),
    ).toEqual({
      type: 'object',
      required: ['resources'],
      properties: {
        resources: {
          type: 'object',
          required: ['limits'],
          properties: {
            requests: {
              type: 'object',
              default: {},
              properties: { cpu: { type: 'string', default: '100m' } },
            },
            limits: {
              type: 'object',
              required: ['memory'],
              properties: { memory: { type: 'string' } },
            },
          },
        },
      },
    });
  });

  it('takes $default as a YAML map or a JSON string, validated against the object', () => {
    expect(
      ok(`
database:
  $default:
    host: localhost
    port: 5432
  host: string
  port: 'integer | default=5432'
config:
  $default: '{"enabled":true,"count":5}'
  enabled: 'boolean | default=false'
  count: 'integer | default=1'
`).properties,
    ).toEqual({
      database: {
        type: 'object',
        default: { host: 'localhost', port: 5432 },
        required: ['host'],
        properties: {
          host: { type: 'string' },
          port: { type: 'integer', default: 5432 },
        },
      },
      config: {
        type: 'object',
        default: { enabled: true, count: 5 },
        properties: {
          enabled: { type: 'boolean', default: false },
          count: { type: 'integer', default: 1 },
        },
      },
    });
  });

  it('lets a type $default make every use optional, and a field default= win over it', () => {
    const schema = ok(
      `
defaultResources: Resources
customResources: 'Resources | default={"cpu":"500m","memory":"1Gi"}'
`,
      `
Resources:
  $default:
    cpu: 100m
    memory: 256Mi
  cpu: string
  memory: string
`,
    );
    expect(schema.required).toBeUndefined();
    expect(schema.properties!.defaultResources.default).toEqual({
      cpu: '100m',
      memory: '256Mi',
    });
    expect(schema.properties!.customResources.default).toEqual({
      cpu: '500m',
      memory: '1Gi',
    });
    expect(schema.properties!.customResources.required).toEqual([
      'cpu',
      'memory',
    ]);
  });

  it('returns an empty object schema for no parameters', () => {
    expect(shorthandToJsonSchema(undefined)).toEqual({
      schema: { type: 'object', properties: {} },
      errors: [],
    });
    expect(shorthandToJsonSchema({})).toEqual({
      schema: { type: 'object', properties: {} },
      errors: [],
    });
  });
});

describe('shorthandToJsonSchema: constraints', () => {
  it('parses every constraint keyword', () => {
    expect(
      ok(`
s: 'string | minLength=3 maxLength=10 pattern=^[a-z]+$ format=hostname title=Host description="The host" example=abc default=abcd'
n: 'number | minimum=0.5 maximum=1e3 multipleOf=0.5 default=1'
i: 'integer | minimum=1 exclusiveMinimum=true maximum=10 exclusiveMaximum=true default=5'
j: 'integer | exclusiveMinimum=false minimum=0 default=0'
a: '[]string | minItems=1 maxItems=3 default=["x"]'
m: 'map<string> | minProperties=1 maxProperties=2 default={"k":"v"}'
`).properties,
    ).toEqual({
      s: {
        type: 'string',
        minLength: 3,
        maxLength: 10,
        pattern: '^[a-z]+$',
        format: 'hostname',
        title: 'Host',
        description: 'The host',
        example: 'abc',
        default: 'abcd',
      },
      n: {
        type: 'number',
        minimum: 0.5,
        maximum: 1000,
        multipleOf: 0.5,
        default: 1,
      },
      i: {
        type: 'integer',
        exclusiveMinimum: 1,
        exclusiveMaximum: 10,
        default: 5,
      },
      j: { type: 'integer', minimum: 0, default: 0 },
      a: {
        type: 'array',
        items: { type: 'string' },
        minItems: 1,
        maxItems: 3,
        default: ['x'],
      },
      m: {
        type: 'object',
        additionalProperties: { type: 'string' },
        minProperties: 1,
        maxProperties: 2,
        default: { k: 'v' },
      },
    });
  });

  it('accepts exclusiveMinimum before minimum, as K8s flags', () => {
    expect(
      ok(`x: 'number | exclusiveMinimum=true minimum=0 default=1'`).properties!
        .x,
    ).toEqual({
      type: 'number',
      exclusiveMinimum: 0,
      default: 1,
    });
  });

  it("writes OpenChoreo's own form in shorthandToOpenAPIV3: minimum beside exclusiveMinimum: true (extractor/schema.go:548-561)", () => {
    const { schema, errors } = shorthandToOpenAPIV3({
      x: 'number | exclusiveMinimum=true minimum=0 default=1',
      i: 'integer | minimum=1 maximum=10 exclusiveMaximum=true default=5',
      j: 'integer | exclusiveMinimum=false minimum=0 default=0',
      k: 'integer | exclusiveMinimum=true default=3',
    });
    expect(errors).toEqual([]);
    expect(schema.properties).toEqual({
      x: { type: 'number', minimum: 0, exclusiveMinimum: true, default: 1 },
      i: {
        type: 'integer',
        minimum: 1,
        maximum: 10,
        exclusiveMaximum: true,
        default: 5,
      },
      j: { type: 'integer', minimum: 0, default: 0 },
      k: { type: 'integer', exclusiveMinimum: true, default: 3 },
    });
    // The default is still checked against the exclusive bound.
    expect(
      shorthandToOpenAPIV3({
        x: 'number | exclusiveMinimum=true minimum=0 default=0',
      }).errors,
    ).toHaveLength(1);
  });

  it('types enum values; double-quoted and single-quoted items are unquoted', () => {
    expect(
      ok(`
level: string | enum=debug,info,warn | default=info
status: 'string | enum="active","inactive","pending" | default="active"'
priority: 'integer | enum=1,2,3 | default=1'
ratio: 'number | enum=0.5,1.5'
flag: 'boolean | enum=true,false'
logLevel: 'string | enum=''info'',''warn'',''error'' | default=''info'''
withComma: 'string | enum="a, b",c | default=c'
`).properties,
    ).toEqual({
      level: {
        type: 'string',
        enum: ['debug', 'info', 'warn'],
        default: 'info',
      },
      status: {
        type: 'string',
        enum: ['active', 'inactive', 'pending'],
        default: 'active',
      },
      priority: { type: 'integer', enum: [1, 2, 3], default: 1 },
      ratio: { type: 'number', enum: [0.5, 1.5] },
      flag: { type: 'boolean', enum: [true, false] },
      logLevel: {
        type: 'string',
        enum: ['info', 'warn', 'error'],
        default: 'info',
      },
      withComma: { type: 'string', enum: ['a, b', 'c'], default: 'c' },
    });
  });

  it('parses typed defaults (booleans per Go ParseBool, empty string, JSON objects)', () => {
    expect(
      ok(`
t: 'boolean | default=T'
f: 'boolean | default=0'
empty: 'string | default=""'
bare: 'string | default='
obj: 'map<integer> | default={"a": 1, "b": 2}'
neg: 'integer | default=-3'
`).properties,
    ).toEqual({
      t: { type: 'boolean', default: true },
      f: { type: 'boolean', default: false },
      empty: { type: 'string', default: '' },
      bare: { type: 'string', default: '' },
      obj: {
        type: 'object',
        additionalProperties: { type: 'integer' },
        default: { a: 1, b: 2 },
      },
      neg: { type: 'integer', default: -3 },
    });
  });

  it('parses example best effort (JSON, bool, int, float, else text)', () => {
    const props = ok(`
a: 'string | example={"k":1}'
b: 'string | example=true'
c: 'string | example=42'
d: 'string | example=4.5'
e: 'string | example=hello'
`).properties!;
    expect([
      a(props.a),
      a(props.b),
      a(props.c),
      a(props.d),
      a(props.e),
    ]).toEqual([{ k: 1 }, true, 42, 4.5, 'hello']);
    function a(s: any) {
      return s.example;
    }
  });
});

describe('shorthandToJsonSchema: tokenizer, quoting and escaping', () => {
  it('accepts pipes as separators, with or without spaces', () => {
    expect(
      ok(`
a: string|default=foo
b: string|enum=a,b,c default=b
c: 'integer | minimum=1 | maximum=10 | default=2'
`).properties,
    ).toEqual({
      a: { type: 'string', default: 'foo' },
      b: { type: 'string', enum: ['a', 'b', 'c'], default: 'b' },
      c: { type: 'integer', minimum: 1, maximum: 10, default: 2 },
    });
  });

  it('keeps a pipe inside quotes, and an unquoted pipe after the first one', () => {
    expect(
      ok(`p: 'string | pattern="a|b|c" default="b"'`).properties!.p,
    ).toEqual({
      type: 'string',
      pattern: 'a|b|c',
      default: 'b',
    });
    expect(ok(`p: 'string | pattern=^(x|y)$ default=x'`).properties!.p).toEqual(
      {
        type: 'string',
        pattern: '^(x|y)$',
        default: 'x',
      },
    );
  });

  it('keeps spaces inside quotes and brackets', () => {
    expect(
      ok(`
d: string | description="Git branch to check out" title='The branch'
j: 'map<string> | default={"a b": "c d"}'
l: '[]string | default=["x y", "z"]'
`).properties,
    ).toEqual({
      d: {
        type: 'string',
        description: 'Git branch to check out',
        title: 'The branch',
      },
      j: {
        type: 'object',
        additionalProperties: { type: 'string' },
        default: { 'a b': 'c d' },
      },
      l: { type: 'array', items: { type: 'string' }, default: ['x y', 'z'] },
    });
  });

  it("unquotes single quotes with '' as an escaped quote", () => {
    expect(
      ok(`
description: 'string | default=''User''''s preferred timezone'''
jsonPath: 'string | default=''.status.conditions[?(@.type=="Ready")].status'''
`).properties,
    ).toEqual({
      description: { type: 'string', default: "User's preferred timezone" },
      jsonPath: {
        type: 'string',
        default: '.status.conditions[?(@.type=="Ready")].status',
      },
    });
  });

  it('unquotes double quotes with Go escapes', () => {
    expect(
      ok(`
pattern: "string | default=\\"^[a-z]+\\\\\\\\d{3}$\\""
escapes: 'string | default="tab\\there\\nnew \\u00e9 \\x41 \\101 \\"q\\""'
`).properties,
    ).toEqual({
      pattern: { type: 'string', default: '^[a-z]+\\d{3}$' },
      escapes: { type: 'string', default: 'tab\there\nnew é A A "q"' },
    });
  });

  it('leaves a double-quoted value whose Go unquoting fails as written', () => {
    expect(ok(`x: 'string | default="bad \\q escape"'`).properties!.x).toEqual({
      type: 'string',
      default: '"bad \\q escape"',
    });
  });

  it('ignores oc: markers with or without a value', () => {
    expect(
      ok(`
apiKey: 'string | oc:sensitive | default=secret'
userId: 'string | oc:indexed=true oc:build:inject=git.sha | default=user123'
`).properties,
    ).toEqual({
      apiKey: { type: 'string', default: 'secret' },
      userId: { type: 'string', default: 'user123' },
    });
  });
});

describe('shorthandToJsonSchema: errors', () => {
  const cases: Array<[string, string, string | undefined, string]> = [
    ['empty expression', `field: ""`, undefined, 'empty schema expression'],
    [
      'unknown type',
      `field: UnknownType`,
      undefined,
      'unknown type "UnknownType"',
    ],
    [
      'cyclic types',
      `field: TypeA`,
      `
TypeA: TypeB
TypeB: TypeA
`,
      'detected cyclic type reference involving "TypeA"',
    ],
    [
      'bad map syntax',
      `field: "map["`,
      undefined,
      'invalid map type expression "map["',
    ],
    ['empty array type', `field: "[]"`, undefined, 'unknown type ""'],
    ['empty map type', `field: "map<>"`, undefined, 'unknown type ""'],
    [
      'parenthesised',
      `field: "[](map<string>)"`,
      undefined,
      'unknown type "(map<string>)"',
    ],
    [
      'required=true',
      `field: "string | required=true"`,
      undefined,
      'marker "required" is not allowed - use default values to make fields optional',
    ],
    [
      'required without value',
      `field: "string | required"`,
      undefined,
      `constraint marker "required" is missing a value (should be in format 'key=value')`,
    ],
    [
      'marker without value',
      `field: "string | minLength"`,
      undefined,
      `constraint marker "minLength" is missing a value (should be in format 'key=value')`,
    ],
    [
      'unquoted second word',
      `field: string | description=Git branch`,
      undefined,
      `constraint marker "branch" is missing a value (should be in format 'key=value')`,
    ],
    [
      'typo',
      `field: 'string | minimun=5'`,
      undefined,
      'unknown constraint marker "minimun"',
    ],
    [
      'uniqueItems removed',
      `field: '[]string | uniqueItems=true'`,
      undefined,
      'unknown constraint marker "uniqueItems"',
    ],
    [
      'examples plural',
      `field: 'string | examples=a'`,
      undefined,
      'unknown constraint marker "examples"',
    ],
    [
      'minLength nan',
      `field: "string | minLength=notanumber"`,
      undefined,
      'invalid minLength "notanumber": invalid syntax',
    ],
    [
      'maxLength nan',
      `field: "string | maxLength=abc"`,
      undefined,
      'invalid maxLength "abc": invalid syntax',
    ],
    [
      'minimum nan',
      `field: "number | minimum=notanumber"`,
      undefined,
      'invalid minimum "notanumber": invalid syntax',
    ],
    [
      'maximum nan',
      `field: "number | maximum=xyz"`,
      undefined,
      'invalid maximum "xyz": invalid syntax',
    ],
    [
      'multipleOf nan',
      `field: "number | multipleOf=abc"`,
      undefined,
      'invalid multipleOf "abc": invalid syntax',
    ],
    [
      'minItems nan',
      `field: "[]string | minItems=x"`,
      undefined,
      'invalid minItems "x": invalid syntax',
    ],
    [
      'maxItems float',
      `field: "[]string | maxItems=1.5"`,
      undefined,
      'invalid maxItems "1.5": invalid syntax',
    ],
    [
      'minProperties nan',
      `field: "map<string> | minProperties=x"`,
      undefined,
      'invalid minProperties "x": invalid syntax',
    ],
    [
      'maxProperties nan',
      `field: "map<string> | maxProperties=x"`,
      undefined,
      'invalid maxProperties "x": invalid syntax',
    ],
    [
      'exclusiveMinimum',
      `field: "number | exclusiveMinimum=notabool"`,
      undefined,
      'invalid exclusiveMinimum "notabool": not a boolean',
    ],
    [
      'exclusiveMaximum',
      `field: "number | exclusiveMaximum=xyz"`,
      undefined,
      'invalid exclusiveMaximum "xyz": not a boolean',
    ],
    [
      'integer default',
      `field: "integer | default=notanumber"`,
      undefined,
      'invalid default "notanumber": "notanumber" is not an integer (invalid syntax)',
    ],
    [
      'quoted integer default',
      `field: 'integer | default="1"'`,
      undefined,
      'invalid default ""1"": ""1"" is not an integer (invalid syntax)',
    ],
    [
      'number default',
      `field: "number | default=xyz"`,
      undefined,
      'invalid default "xyz": "xyz" is not a number (invalid syntax)',
    ],
    [
      'boolean default',
      `field: "boolean | default=notabool"`,
      undefined,
      'invalid default "notabool": "notabool" is not a boolean',
    ],
    [
      'integer enum',
      `field: "integer | enum=a,b,c"`,
      undefined,
      'invalid enum value "a": "a" is not an integer (invalid syntax)',
    ],
    [
      'number enum',
      `field: "number | enum=x,y,z"`,
      undefined,
      'invalid enum value "x": "x" is not a number (invalid syntax)',
    ],
    [
      'empty integer default',
      `field: "integer | default="`,
      undefined,
      'invalid default "": empty integer value',
    ],
    [
      'empty number default',
      `field: "number | default="`,
      undefined,
      'invalid default "": empty number value',
    ],
    [
      'empty array default',
      `field: "[]string | default="`,
      undefined,
      'invalid default "": empty array value',
    ],
    [
      'bad JSON default',
      `field: '[]string | default=[x]'`,
      undefined,
      'invalid default "[x]": not valid JSON',
    ],
    [
      'map[int]',
      `field: "map[int]string"`,
      undefined,
      `map key type must be 'string', got "int" in "map[int]string"`,
    ],
    [
      'map[integer]',
      `field: "map[integer]string"`,
      undefined,
      `map key type must be 'string', got "integer" in "map[integer]string"`,
    ],
    [
      'object',
      `field: "object"`,
      undefined,
      "'object' type is not allowed; use a map type (e.g., 'map<string>') for free-form objects or define a structured type with explicit properties",
    ],
    [
      'map[string]object',
      `field: "map[string]object"`,
      undefined,
      "'object' type is not allowed; use a map type (e.g., 'map<string>') for free-form objects or define a structured type with explicit properties",
    ],
    [
      'map<object>',
      `field: "map<object>"`,
      undefined,
      "'object' type is not allowed; use a map type (e.g., 'map<string>') for free-form objects or define a structured type with explicit properties",
    ],
    [
      '[]object',
      `field: "[]object"`,
      undefined,
      "'object' type is not allowed; use a map type (e.g., 'map<string>') for free-form objects or define a structured type with explicit properties",
    ],
    [
      'array<object>',
      `field: "array<object>"`,
      undefined,
      "'object' type is not allowed; use a map type (e.g., 'map<string>') for free-form objects or define a structured type with explicit properties",
    ],
    [
      'map[string][]object',
      `field: "map[string][]object"`,
      undefined,
      "'object' type is not allowed; use a map type (e.g., 'map<string>') for free-form objects or define a structured type with explicit properties",
    ],
    [
      'null field',
      `field:`,
      undefined,
      'unsupported field definition of type null',
    ],
    [
      'list field',
      `field: [a, b]`,
      undefined,
      'unsupported field definition of type array',
    ],
    [
      'number type def',
      `field: T`,
      `T: 5`,
      'unsupported custom type definition for "T" (type number)',
    ],
  ];

  it.each(cases)('%s', (_name, schemaYaml, typesYaml, message) => {
    expect(convert(schemaYaml, typesYaml).errors).toEqual([
      { path: 'field', message },
    ]);
  });

  it('rejects defaults that break their own constraints', () => {
    const { errors } = convert(`
env: 'string | enum=dev,staging,prod | default=invalid'
low: 'integer | minimum=1000 | maximum=65535 | default=80'
high: 'integer | minimum=1000 | maximum=65535 | default=70000'
name: 'string | pattern=^[a-z]+$ | default=Invalid123'
short: 'string | minLength=5 | default=abc'
tags: '[]string | minItems=2 | default=["one"]'
gt: 'integer | minimum=5 exclusiveMinimum=true default=5'
typed: '[]integer | default=["a"]'
valid: 'string | enum=dev,staging,prod | default=dev'
`);
    expect(errors).toEqual(
      fieldErrors(
        ['env', 'invalid default value: must be one of: dev, staging, prod'],
        ['low', 'invalid default value: must be at least 1000'],
        ['high', 'invalid default value: must be at most 65535'],
        ['name', 'invalid default value: must match the pattern ^[a-z]+$'],
        ['short', 'invalid default value: must be at least 5 characters long'],
        ['tags', 'invalid default value: must have at least 2 items'],
        ['gt', 'invalid default value: must be greater than 5'],
        ['typed', 'invalid default value: [0] must be an integer'],
      ),
    );
  });

  it('skips default validation when asked', () => {
    const { schema, errors } = convert(
      `port: 'integer | maximum=65535 | default=99999'`,
      undefined,
      {
        skipDefaultValidation: true,
      },
    );
    expect(errors).toEqual([]);
    expect(schema.properties!.port).toEqual({
      type: 'integer',
      maximum: 65535,
      default: 99999,
    });
  });

  it('checks $default against the object and reports it at the object path', () => {
    const { errors } = convert(`
cache:
  $default: {}
  host: string
  port: 'integer | default=6379'
config:
  $default: "not an object"
  enabled: boolean
database:
  $default:
    port: 5432
  host: string
  name: string
  port: 'integer | default=5432'
items:
  $default: []
  name: string
json:
  $default: '[1]'
  name: string
`);
    expect(errors).toEqual(
      fieldErrors(
        [
          'cache',
          'invalid $default: default value does not satisfy schema: host is required',
        ],
        [
          'config',
          'invalid $default: value is not a valid object: not valid JSON',
        ],
        [
          'database',
          'invalid $default: default value does not satisfy schema: host is required; name is required',
        ],
        [
          'items',
          'invalid $default: value must be an object or JSON string, got array',
        ],
        ['json', 'invalid $default: value must be an object, got array'],
      ),
    );
  });

  it('names the full field path of nested problems, through custom types', () => {
    const { schema, errors } = convert(
      `
repository:
  revision:
    branch: 'string | requird=true'
  url: string
items: '[]Item'
`,
      `
Item:
  name: Missing
  ok: string
`,
    );
    expect(errors).toEqual(
      fieldErrors(
        ['repository.revision.branch', 'unknown constraint marker "requird"'],
        ['items.name', 'unknown type "Missing"'],
      ),
    );
    // the schema is still built around the broken fields
    expect(schema.properties!.repository).toEqual({
      type: 'object',
      required: ['revision', 'url'],
      properties: {
        revision: { type: 'object', properties: {} },
        url: { type: 'string' },
      },
    });
    expect(schema.properties!.items).toEqual({
      type: 'array',
      items: {
        type: 'object',
        required: ['ok'],
        properties: { ok: { type: 'string' } },
      },
    });
  });

  it('reports a self-referencing map type at the field that closes the cycle', () => {
    const { errors } = convert(
      `node: Node`,
      `
Node:
  name: string
  child: Node
`,
    );
    expect(errors).toEqual([
      {
        path: 'node.child',
        message: 'detected cyclic type reference involving "Node"',
      },
    ]);
  });

  it('rejects non-map parameters and types', () => {
    expect(shorthandToJsonSchema('name: string').errors).toEqual([
      { path: '', message: 'schema parameters must be a map, got string' },
    ]);
    expect(shorthandToJsonSchema({ a: 'string' }, ['x']).errors).toEqual([
      { path: '', message: 'schema types must be a map, got array' },
    ]);
  });
});
