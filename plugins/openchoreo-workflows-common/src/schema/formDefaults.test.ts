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
    tags: { type: 'object', default: { team: 'a' }, properties: { team: { type: 'string' } } },
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
    expect(applyDefaults(schema, {})).toEqual({ tags: { team: 'a' }, retries: 3 });
  });

  it('keeps what is given and fills around it', () => {
    expect(
      formDefaults(schema, { repository: { url: 'https://x', revision: { branch: 'dev' } }, retries: 1 }),
    ).toEqual({
      repository: { url: 'https://x', revision: { branch: 'dev' } },
      tags: { team: 'a' },
      retries: 1,
    });
  });
});
