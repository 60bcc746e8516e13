import { applyDefaults } from './defaults';
import { JSONSchema } from './types';

const schema: JSONSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', default: 'n' },
    withDefault: {
      type: 'object',
      default: {},
      properties: {
        a: { type: 'string', default: 'A' },
        inner: {
          type: 'object',
          properties: { x: { type: 'integer', default: 1 } },
        },
        innerWithDefault: {
          type: 'object',
          default: { y: 2 },
          properties: { x: { type: 'integer', default: 1 } },
        },
      },
    },
    noDefault: {
      type: 'object',
      properties: { b: { type: 'string', default: 'B' } },
    },
    list: {
      type: 'array',
      items: {
        type: 'object',
        properties: { port: { type: 'integer', default: 80 } },
      },
    },
    map: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        properties: { on: { type: 'boolean', default: true } },
      },
    },
    nullable: { type: 'string', nullable: true, default: 'd' },
    nullDefault: { type: 'string', default: null },
  },
};

describe('applyDefaults (Kubernetes structural defaulting)', () => {
  it('creates a nested object only through its own default, then defaults inside it', () => {
    expect(applyDefaults(schema, {})).toEqual({
      name: 'n',
      withDefault: { a: 'A', innerWithDefault: { y: 2, x: 1 } },
      nullable: 'd',
    });
  });

  it('never overwrites values, and defaults inside objects the caller provided', () => {
    expect(
      applyDefaults(schema, {
        name: '',
        withDefault: { inner: {} },
        noDefault: {},
        list: [{}, { port: 8080 }],
        map: { k: {}, j: { on: false } },
      }),
    ).toEqual({
      name: '',
      withDefault: {
        a: 'A',
        inner: { x: 1 },
        innerWithDefault: { y: 2, x: 1 },
      },
      noDefault: { b: 'B' },
      list: [{ port: 80 }, { port: 8080 }],
      map: { k: { on: true }, j: { on: false } },
      nullable: 'd',
    });
  });

  it('ignores an object default when the object is given (no merge)', () => {
    expect(
      applyDefaults(schema, { withDefault: { innerWithDefault: { x: 5 } } }),
    ).toMatchObject({
      withDefault: { a: 'A', innerWithDefault: { x: 5 } },
    });
  });

  it('replaces null of a non-nullable field, keeps null of a nullable one', () => {
    expect(applyDefaults(schema, { name: null, nullable: null })).toMatchObject(
      {
        name: 'n',
        nullable: null,
      },
    );
  });

  it('gives a null list item the items default and a null map value the additionalProperties default (as OpenChoreo does)', () => {
    const lists: JSONSchema = {
      type: 'object',
      properties: {
        ports: { type: 'array', items: { type: 'integer', default: 7 } },
        objects: {
          type: 'array',
          items: {
            type: 'object',
            default: {},
            properties: { on: { type: 'boolean', default: true } },
          },
        },
        nullableItems: {
          type: 'array',
          items: { type: 'integer', default: 7, nullable: true },
        },
        noItemDefault: { type: 'array', items: { type: 'integer' } },
        env: {
          type: 'object',
          additionalProperties: { type: 'string', default: 'z' },
        },
      },
    };
    expect(
      applyDefaults(lists, {
        ports: [null, 4],
        objects: [null, { on: false }],
        nullableItems: [null],
        noItemDefault: [null],
        env: { a: null, b: 'b' },
      }),
    ).toEqual({
      ports: [7, 4],
      objects: [{ on: true }, { on: false }], // the default, then defaulted inside
      nullableItems: [null],
      noItemDefault: [null],
      env: { a: 'z', b: 'b' },
    });
  });

  it('is pure: the input and the schema defaults are never shared or mutated', () => {
    const input = { withDefault: { inner: {} } };
    const snapshot = JSON.stringify(input);
    const out = applyDefaults(schema, input);
    expect(JSON.stringify(input)).toBe(snapshot);
    (out.withDefault as any).innerWithDefault.y = 99;
    expect(applyDefaults(schema, {})).toMatchObject({
      withDefault: { innerWithDefault: { y: 2 } },
    });
  });

  it('treats missing or non-object parameters as {}', () => {
    const expected = applyDefaults(schema, {});
    expect(applyDefaults(schema, undefined)).toEqual(expected);
    expect(applyDefaults(schema, null)).toEqual(expected);
    expect(applyDefaults(schema, 'x')).toEqual(expected);
  });
});
