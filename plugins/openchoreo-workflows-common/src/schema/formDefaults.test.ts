import { applyDefaults } from './defaults';
import { formDefaults } from './formDefaults';
import { JSONSchema } from './types';

const schema: JSONSchema = {
  type: 'object',
  required: ['repository'],
  properties: {
    repository: {
      type: 'object',
      required: ['url'],
      properties: {
        url: { type: 'string' },
        revision: {
          type: 'object',
          properties: { branch: { type: 'string', default: 'main' } },
        },
      },
    },
    tags: {
      type: 'object',
      default: { team: 'a' },
      properties: { team: { type: 'string' } },
    },
    retries: { type: 'integer', default: 3 },
  },
};

describe('formDefaults', () => {
  it('fills the defaults of nested objects a form shows', () => {
    expect(formDefaults(schema)).toEqual({
      repository: { revision: { branch: 'main' } },
      tags: { team: 'a' },
      retries: 3,
    });
    // applyDefaults keeps structural semantics: no object, no defaults under it.
    expect(applyDefaults(schema, {})).toEqual({
      tags: { team: 'a' },
      retries: 3,
    });
  });

  it('keeps what is given and fills around it', () => {
    expect(
      formDefaults(schema, {
        repository: { url: 'https://x', revision: { branch: 'dev' } },
        retries: 1,
      }),
    ).toEqual({
      repository: { url: 'https://x', revision: { branch: 'dev' } },
      tags: { team: 'a' },
      retries: 1,
    });
  });

  it('skips what is not a property schema in a schema with problems, instead of throwing', () => {
    const broken = {
      type: 'object',
      properties: {
        a: null,
        b: 'string',
        c: { type: 'object', properties: 7 },
      },
    } as unknown as JSONSchema;
    expect(formDefaults(broken)).toEqual({ c: {} });
  });
});

describe('formDefaults with a property named __proto__', () => {
  const protoSchema = JSON.parse(
    '{"type":"object","properties":{"__proto__":{"type":"object","properties":{"x":{"type":"string","default":"d"}}}}}',
  ) as JSONSchema;

  it('fills it as an own property, never as the prototype', () => {
    const filled = formDefaults(protoSchema);
    expect(Object.getPrototypeOf(filled)).toBe(Object.prototype);
    expect(JSON.stringify(filled)).toBe('{"__proto__":{"x":"d"}}');
  });

  it('keeps a given own __proto__ value and fills around it', () => {
    const filled = formDefaults(
      protoSchema,
      JSON.parse('{"__proto__":{"y":"given"}}'),
    );
    expect(Object.getPrototypeOf(filled)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(filled))).toEqual(
      JSON.parse('{"__proto__":{"y":"given","x":"d"}}'),
    );
  });
});
