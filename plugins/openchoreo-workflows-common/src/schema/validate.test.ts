import { fieldErrors } from './__testUtils__/fieldErrors';
import Ajv from 'ajv';
import { formatFieldError, validateParameters } from './validate';
import { JSONSchema } from './types';

const schema: JSONSchema = {
  type: 'object',
  required: ['repository', 'mode'],
  properties: {
    repository: {
      type: 'object',
      required: ['url'],
      properties: {
        url: { type: 'string', format: 'uri' },
        revision: {
          type: 'object',
          properties: {
            branch: { type: 'string', minLength: 1, pattern: '^[a-z]+$' },
          },
        },
      },
    },
    mode: { type: 'string', enum: ['fast', 'safe'] },
    replicas: { type: 'integer', minimum: 1, maximum: 5 },
    ratio: {
      type: 'number',
      exclusiveMinimum: 0,
      exclusiveMaximum: 1,
      multipleOf: 0.25,
    },
    items: {
      type: 'array',
      maxItems: 2,
      uniqueItems: true,
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', maxLength: 3 } },
      },
    },
    labels: {
      type: 'object',
      maxProperties: 1,
      additionalProperties: { type: 'string' },
    },
    flag: { type: 'boolean', nullable: true },
    'x-note': { type: 'string' },
  },
  'x-openchoreo-backstage-portal': { 'ui:field': 'Anything' },
};

describe('validateParameters', () => {
  it('returns [] for valid parameters', () => {
    expect(
      validateParameters(schema, {
        repository: {
          url: 'https://github.com/openchoreo/openchoreo',
          revision: { branch: 'main' },
        },
        mode: 'fast',
        replicas: 3,
        ratio: 0.5,
        items: [{ name: 'a' }, { name: 'b' }],
        labels: { a: 'b' },
        flag: null,
        unknown: 'allowed',
      }),
    ).toEqual([]);
  });

  it('reports each problem with a dotted path and a readable message', () => {
    expect(
      validateParameters(schema, {
        repository: { url: 'not a uri', revision: { branch: 'Main1' } },
        mode: 'slow',
        replicas: 0,
        ratio: 1,
        items: [{ name: 'long' }, {}, { name: 'x' }],
        labels: { a: 'b', c: 5 },
        flag: 'yes',
      }),
    ).toEqual(
      fieldErrors(
        ['repository.url', 'must be a valid uri'],
        ['repository.revision.branch', 'must match the pattern ^[a-z]+$'],
        ['mode', 'must be one of: fast, safe'],
        ['replicas', 'must be at least 1'],
        ['ratio', 'must be less than 1'],
        ['items', 'must have at most 2 items'],
        ['items[0].name', 'must be at most 3 characters long'],
        ['items[1].name', 'is required'],
        ['labels', 'must have at most 1 entry'],
        ['labels.c', 'must be a string'],
        ['flag', 'must be a boolean'],
      ),
    );
  });

  it('reports missing required fields at their own path', () => {
    expect(validateParameters(schema, {})).toEqual(
      fieldErrors(['repository', 'is required'], ['mode', 'is required']),
    );
    expect(validateParameters(schema, undefined)).toEqual(
      fieldErrors(['repository', 'is required'], ['mode', 'is required']),
    );
    expect(
      validateParameters(schema, { repository: {}, mode: 'safe' }),
    ).toEqual([{ path: 'repository.url', message: 'is required' }]);
  });

  it('reports wrong types, minimum lengths, duplicates, multiples and bracketed odd keys', () => {
    expect(
      validateParameters(schema, {
        repository: { url: 7, revision: { branch: '' } },
        mode: 'safe',
        replicas: 2.5,
        ratio: 0.3,
        items: [{ name: 'a' }, { name: 'a' }],
        labels: { 'a.b': 1 },
      }),
    ).toEqual(
      fieldErrors(
        ['repository.url', 'must be a string'],
        ['repository.revision.branch', 'must be at least 1 character long'],
        ['repository.revision.branch', 'must match the pattern ^[a-z]+$'],
        ['replicas', 'must be an integer'],
        ['ratio', 'must be a multiple of 0.25'],
        ['items', 'must not contain duplicates (items 0 and 1 are identical)'],
        ['labels["a.b"]', 'must be a string'],
      ),
    );
  });

  it('reports a root that is not an object at the root path', () => {
    expect(validateParameters(schema, 'x')).toEqual([
      { path: '', message: 'must be an object' },
    ]);
  });

  it('turns a schema ajv cannot compile into one root error', () => {
    expect(validateParameters({ type: 'string', pattern: '(' }, 'x')).toEqual([
      {
        path: '',
        message:
          'the parameter schema is invalid: error parsing regexp: missing closing ): `(`',
      },
    ]);
  });

  it('matches pattern with RE2, as Kubernetes does: linear time and Go syntax', () => {
    // JavaScript's backtracking RegExp never finished this one.
    const redos: JSONSchema = { type: 'string', pattern: '^(a+)+$' };
    expect(validateParameters(redos, `${'a'.repeat(50_000)}!`)).toEqual([
      { path: '', message: 'must match the pattern ^(a+)+$' },
    ]);
    expect(validateParameters(redos, 'aaaa')).toEqual([]);
    // Go's inline flags are a syntax error for JavaScript.
    expect(
      validateParameters({ type: 'string', pattern: '(?i)^main$' }, 'MAIN'),
    ).toEqual([]);
    // Lookahead is not RE2: the schema is invalid, as the API server would say.
    expect(
      validateParameters({ type: 'string', pattern: '^(?!x)' }, 'y'),
    ).toEqual([
      {
        path: '',
        message: expect.stringMatching(
          /^the parameter schema is invalid: error parsing regexp: invalid or unsupported Perl syntax/,
        ),
      },
    ]);
  });

  it('caches the compiled validator per schema object', () => {
    const s: JSONSchema = {
      type: 'object',
      properties: { a: { type: 'integer' } },
    };
    expect(validateParameters(s, { a: 'x' })).toEqual([
      { path: 'a', message: 'must be an integer' },
    ]);
    expect(validateParameters(s, { a: 1 })).toEqual([]);
    // ajv's own cache is released after compiling, so an equal schema compiles again without clashing
    expect(validateParameters({ ...s }, { a: 'y' })).toEqual([
      { path: 'a', message: 'must be an integer' },
    ]);
  });

  it('describes const, anyOf and oneOf failures', () => {
    const s: JSONSchema = {
      type: 'object',
      properties: {
        c: { const: 'x' },
        any: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
      },
    };
    expect(validateParameters(s, { c: 'y', any: true })).toEqual(
      fieldErrors(
        ['c', 'must be equal to x'],
        ['any', 'must be a string'],
        ['any', 'must be an integer'],
        ['any', 'must match at least one of the allowed forms'],
      ),
    );
  });
});

describe('formatFieldError', () => {
  it('prefixes the path when there is one', () => {
    expect(formatFieldError({ path: 'a.b', message: 'is required' })).toBe(
      'a.b is required',
    );
    expect(formatFieldError({ path: '', message: 'must be an object' })).toBe(
      'must be an object',
    );
  });
});

describe('validateParameters: validator cache', () => {
  it('compiles equal schemas once, even as new objects (buildParameterSchema makes one per call)', () => {
    const compile = jest.spyOn(Ajv.prototype, 'compile');
    const make = () => ({
      type: 'object',
      required: ['cacheProbe'],
      properties: { cacheProbe: { type: 'string', minLength: 3 } },
    });
    try {
      expect(validateParameters(make(), { cacheProbe: 'ab' })).toEqual([
        { path: 'cacheProbe', message: 'must be at least 3 characters long' },
      ]);
      expect(validateParameters(make(), { cacheProbe: 'abc' })).toEqual([]);
      expect(compile).toHaveBeenCalledTimes(1);
      const other = make();
      other.properties.cacheProbe.minLength = 1;
      expect(validateParameters(other, { cacheProbe: 'ab' })).toEqual([]);
      expect(compile).toHaveBeenCalledTimes(2);
    } finally {
      compile.mockRestore();
    }
  });
});
