import fc from 'fast-check';
import { WorkflowResource } from '../model';
import { applyDefaults } from './defaults';
import { formDefaults } from './formDefaults';
import { launchParameters, pruneDefaults } from './launchParameters';
import { buildParameterSchema } from './parameterSchema';
import { JSONSchema } from './types';
import {
  mutatedParameters,
  openApiSchema,
  parameterDocument,
  propertyParams,
  shorthandFields,
  shorthandTypes,
} from './__testUtils__/propertyArbitraries';

const schema: JSONSchema = {
  type: 'object',
  properties: {
    count: { type: 'integer', default: 3 },
    name: { type: 'string' },
    flag: { type: 'boolean', default: false },
    nullable: { type: 'string', nullable: true, default: 'd' },
    options: {
      type: 'object',
      default: {},
      properties: {
        level: { type: 'string', default: 'info' },
        retries: { type: 'integer', default: 2 },
      },
    },
    repository: {
      type: 'object',
      properties: {
        url: { type: 'string' },
        branch: { type: 'string', default: 'main' },
      },
    },
    ports: {
      type: 'array',
      items: {
        type: 'object',
        properties: { port: { type: 'integer', default: 80 } },
      },
    },
    tags: { type: 'array', items: { type: 'string' }, default: ['a'] },
  },
};

describe('pruneDefaults', () => {
  it('drops what defaulting would put back: untouched defaults, then objects equal to their own default', () => {
    expect(
      pruneDefaults(schema, {
        count: 3,
        flag: false,
        options: { level: 'info', retries: 2 },
        repository: { url: 'https://x', branch: 'main' },
        ports: [{ port: 80 }, { port: 8080 }],
        tags: ['a'],
      }),
    ).toEqual({
      repository: { url: 'https://x' },
      ports: [{}, { port: 8080 }],
    });
  });

  it('keeps what the user changed, and an object without a default of its own', () => {
    expect(
      pruneDefaults(schema, {
        count: 5,
        options: { level: 'debug', retries: 2 },
        repository: { branch: 'main' },
        tags: [],
      }),
    ).toEqual({
      count: 5,
      options: { level: 'debug' },
      repository: {},
      tags: [],
    });
  });

  it('compares what defaulting makes of both sides, not the raw default', () => {
    const withObjectDefault: JSONSchema = {
      type: 'object',
      properties: {
        log: {
          type: 'object',
          default: { level: 'info' },
          properties: { level: { type: 'string', default: 'info' } },
        },
      },
    };
    expect(
      pruneDefaults(withObjectDefault, { log: { level: 'info' } }),
    ).toEqual({});
    expect(pruneDefaults(withObjectDefault, { log: {} })).toEqual({});
  });

  it('drops a null that defaulting replaces, keeps a null the schema allows', () => {
    expect(pruneDefaults(schema, { count: null, nullable: null })).toEqual({
      nullable: null,
    });
  });

  it('keeps unknown keys and a value that merely looks like a default (other type)', () => {
    expect(pruneDefaults(schema, { other: 3, count: '3' })).toEqual({
      other: 3,
      count: '3',
    });
  });
});

describe('launchParameters', () => {
  const workflow = {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'held-out', namespace: 'default' },
    spec: {
      parameters: {
        openAPIV3Schema: {
          type: 'object',
          properties: { count: { type: 'integer', default: 3 } },
        },
      },
    },
  } as unknown as WorkflowResource;

  it('sends nothing for a form left at its defaults, and what the user typed otherwise', () => {
    const form = formDefaults(buildParameterSchema(workflow).jsonSchema);
    expect(form).toEqual({ count: 3 });
    expect(launchParameters(workflow, form)).toEqual({});
    expect(launchParameters(workflow, { count: 5 })).toEqual({ count: 5 });
  });
});

/** Paths of every object key in a JSON tree (array indexes as numbers; an undefined value is no key in JSON). */
function keyPaths(
  value: unknown,
  path: Array<string | number> = [],
): Array<Array<string | number>> {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => keyPaths(v, [...path, i]));
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .flatMap(([k, v]) => [[...path, k], ...keyPaths(v, [...path, k])]);
}

/** A copy of `value` without the key at `path`. */
function without(value: unknown, path: Array<string | number>): unknown {
  const copy = JSON.parse(JSON.stringify(value));
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step];
  delete node[path[path.length - 1]];
  return copy;
}

describe('pruneDefaults (property)', () => {
  const v0 = fc.tuple(shorthandFields, shorthandTypes).map(
    ([parameters, types]) =>
      ({
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'Workflow',
        metadata: { name: 'p', namespace: 'default' },
        spec: { schema: { parameters, types } },
      } as unknown as WorkflowResource),
  );
  const v1 = openApiSchema.map(
    openAPIV3Schema =>
      ({
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'ClusterWorkflow',
        metadata: { name: 'p' },
        spec: { parameters: { openAPIV3Schema } },
      } as unknown as WorkflowResource),
  );
  /** A schema with documents that often hold its defaults (the form's start, edited). */
  const cases = fc.oneof(v0, v1).chain(workflow => {
    const { jsonSchema } = buildParameterSchema(workflow);
    const form = formDefaults(jsonSchema);
    return fc.tuple(
      fc.constant(jsonSchema),
      fc.oneof(
        fc.constant(form),
        mutatedParameters(form),
        mutatedParameters(applyDefaults(jsonSchema, {})),
        parameterDocument,
      ),
    );
  });

  it('applyDefaults(pruned) deep-equals applyDefaults(user), and every value left is needed', () => {
    fc.assert(
      fc.property(cases, ([jsonSchema, document]) => {
        const pruned = pruneDefaults(jsonSchema, document);
        const expected = applyDefaults(jsonSchema, document);
        expect(applyDefaults(jsonSchema, pruned)).toEqual(expected);
        for (const path of keyPaths(pruned)) {
          expect(applyDefaults(jsonSchema, without(pruned, path))).not.toEqual(
            expected,
          );
        }
      }),
      propertyParams(400),
    );
  });
});
