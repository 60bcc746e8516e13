import { fieldErrors } from './__testUtils__/fieldErrors';
import { parseYaml } from './__testUtils__/fixtures';
import { openAPIV3ToJsonSchema, resolveRefs, toDraft07 } from './openapi';

describe('resolveRefs', () => {
  // OpenChoreo internal/schema/testdata/with_refs_openapiv3.yaml
  const withRefs = parseYaml(`
type: object
$defs:
  ResourceQuantity:
    type: object
    default: {}
    properties:
      cpu:
        type: string
        default: "100m"
      memory:
        type: string
        default: "256Mi"
  ResourceRequirements:
    type: object
    properties:
      requests:
        $ref: "#/$defs/ResourceQuantity"
      limits:
        $ref: "#/$defs/ResourceQuantity"
    default: {}
  Port:
    type: integer
    minimum: 1
    maximum: 65535
    default: 8080
properties:
  replicas:
    type: integer
    default: 1
  resources:
    $ref: "#/$defs/ResourceRequirements"
  port:
    $ref: "#/$defs/Port"
`);

  it('inlines chained refs and drops $defs, without touching the input', () => {
    const before = JSON.stringify(withRefs);
    const quantity = {
      type: 'object',
      default: {},
      properties: {
        cpu: { type: 'string', default: '100m' },
        memory: { type: 'string', default: '256Mi' },
      },
    };
    expect(resolveRefs(withRefs)).toEqual({
      errors: [],
      schema: {
        type: 'object',
        properties: {
          replicas: { type: 'integer', default: 1 },
          resources: {
            type: 'object',
            properties: { requests: quantity, limits: quantity },
            default: {},
          },
          port: { type: 'integer', minimum: 1, maximum: 65535, default: 8080 },
        },
      },
    });
    expect(JSON.stringify(withRefs)).toBe(before);
  });

  it('lets sibling keys override the referenced schema, and resolves refs inside siblings', () => {
    const { schema, errors } = resolveRefs({
      $defs: {
        Repo: {
          type: 'object',
          description: 'from def',
          properties: { url: { type: 'string' } },
        },
        Branch: { type: 'string', default: 'main' },
      },
      type: 'object',
      properties: {
        repo: {
          $ref: '#/$defs/Repo',
          description: 'from sibling',
          default: {},
          properties: { branch: { $ref: '#/$defs/Branch' } },
        },
      },
    });
    expect(errors).toEqual([]);
    expect(schema.properties!.repo).toEqual({
      type: 'object',
      description: 'from sibling',
      default: {},
      properties: { branch: { type: 'string', default: 'main' } },
    });
  });

  it('resolves refs in items, additionalProperties and anyOf', () => {
    const { schema } = resolveRefs({
      $defs: { S: { type: 'string' } },
      type: 'object',
      properties: {
        list: { type: 'array', items: { $ref: '#/$defs/S' } },
        map: { type: 'object', additionalProperties: { $ref: '#/$defs/S' } },
        either: { anyOf: [{ $ref: '#/$defs/S' }, { type: 'integer' }] },
      },
    });
    expect(schema.properties).toEqual({
      list: { type: 'array', items: { type: 'string' } },
      map: { type: 'object', additionalProperties: { type: 'string' } },
      either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
    });
  });

  it('rejects cycles with the chain, at the field that closes it', () => {
    // OpenChoreo internal/schema/testdata/invalid_circular_ref.yaml
    const { schema, errors } = resolveRefs(
      parseYaml(`
type: object
$defs:
  NodeA:
    type: object
    properties:
      name:
        type: string
      child:
        $ref: "#/$defs/NodeB"
  NodeB:
    type: object
    properties:
      name:
        type: string
      parent:
        $ref: "#/$defs/NodeA"
properties:
  root:
    $ref: "#/$defs/NodeA"
`),
    );
    expect(errors).toEqual([
      {
        path: 'root.child.parent',
        message: 'circular $ref: NodeA → NodeB → NodeA',
      },
    ]);
    expect(schema.properties!.root).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        child: {
          type: 'object',
          properties: { name: { type: 'string' }, parent: {} },
        },
      },
    });
  });

  it('rejects a self reference', () => {
    expect(
      resolveRefs({
        $defs: { A: { $ref: '#/$defs/A' } },
        type: 'object',
        properties: { val: { $ref: '#/$defs/A' } },
      }).errors,
    ).toEqual([{ path: 'val', message: 'circular $ref: A → A' }]);
  });

  it.each([
    [
      'https://example.com/s.json',
      'only local $ref supported, got "https://example.com/s.json"',
    ],
    [
      'other.json#/x',
      'only local $ref supported (must start with #/), got "other.json#/x"',
    ],
    [
      '#/definitions/X',
      'unsupported $ref path "#/definitions/X": expected #/$defs/Name',
    ],
    [
      '#/$defs/a/b',
      'unsupported $ref path "#/$defs/a/b": expected #/$defs/Name',
    ],
    ['#/$defs/', 'empty definition name in $ref "#/$defs/"'],
    ['#/$defs/Missing', '$ref "#/$defs/Missing" not found in definitions'],
  ])('rejects $ref %s', (ref, message) => {
    expect(
      resolveRefs({
        $defs: { S: { type: 'string' } },
        type: 'object',
        properties: { a: { type: 'array', items: { $ref: ref } } },
      }).errors,
    ).toEqual([{ path: 'a[]', message }]);
  });

  it('rejects refs when there are no $defs, non-string refs and non-object definitions', () => {
    expect(
      resolveRefs({ type: 'object', properties: { a: { $ref: '#/$defs/S' } } })
        .errors,
    ).toEqual([
      {
        path: 'a',
        message: '$ref "#/$defs/S" not found: no definitions available',
      },
    ]);
    expect(
      resolveRefs({
        $defs: { S: 'x' },
        properties: {
          m: { additionalProperties: { $ref: 5 } },
          s: { $ref: '#/$defs/S' },
        },
      }).errors,
    ).toEqual(
      fieldErrors(
        ['m.*', '$ref must be a string, got number'],
        ['s', '$ref "#/$defs/S" resolved to non-object type'],
      ),
    );
  });

  it('stops chains deeper than 64', () => {
    const defs: Record<string, unknown> = {};
    for (let i = 0; i < 70; i++) {
      defs[`D${i}`] =
        i < 69 ? { $ref: `#/$defs/D${i + 1}` } : { type: 'string' };
    }
    expect(
      resolveRefs({
        $defs: defs,
        type: 'object',
        properties: { val: { $ref: '#/$defs/D0' } },
      }).errors,
    ).toEqual([
      { path: 'val', message: '$ref resolution exceeded maximum depth of 64' },
    ]);
  });
});

describe('toDraft07', () => {
  it('turns K8s boolean exclusive bounds into numbers everywhere and drops $schema', () => {
    const input = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        a: {
          type: 'integer',
          minimum: 1,
          exclusiveMinimum: true,
          maximum: 9,
          exclusiveMaximum: false,
        },
        b: {
          type: 'array',
          items: { type: 'number', maximum: 5, exclusiveMaximum: true },
        },
        c: { anyOf: [{ type: 'integer', minimum: 0, exclusiveMinimum: true }] },
        d: { type: 'integer', exclusiveMinimum: 3 },
      },
      'x-hint': { exclusiveMinimum: true },
    };
    const before = JSON.stringify(input);
    expect(toDraft07(input)).toEqual({
      type: 'object',
      properties: {
        a: { type: 'integer', exclusiveMinimum: 1, maximum: 9 },
        b: { type: 'array', items: { type: 'number', exclusiveMaximum: 5 } },
        c: { anyOf: [{ type: 'integer', exclusiveMinimum: 0 }] },
        d: { type: 'integer', exclusiveMinimum: 3 },
      },
      'x-hint': { exclusiveMinimum: true },
    });
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('openAPIV3ToJsonSchema', () => {
  it('gives the empty object schema when there is none', () => {
    expect(openAPIV3ToJsonSchema(undefined)).toEqual({
      schema: { type: 'object', properties: {} },
      errors: [],
    });
    expect(openAPIV3ToJsonSchema('x')).toEqual({
      schema: { type: 'object', properties: {} },
      errors: [
        { path: '', message: 'openAPIV3Schema must be an object, got string' },
      ],
    });
  });

  it('keeps x-* vendor keys', () => {
    const { schema } = openAPIV3ToJsonSchema({
      $defs: {
        Url: {
          type: 'string',
          'x-openchoreo-component-parameter-repository-url': true,
        },
      },
      type: 'object',
      properties: {
        url: {
          $ref: '#/$defs/Url',
          'x-openchoreo-backstage-portal': { 'ui:widget': 'text' },
        },
      },
    });
    expect(schema).toEqual({
      type: 'object',
      properties: {
        url: {
          type: 'string',
          'x-openchoreo-component-parameter-repository-url': true,
          'x-openchoreo-backstage-portal': { 'ui:widget': 'text' },
        },
      },
    });
  });
});
