/*
 * Property tests: random shorthand / openAPIV3Schema definitions and random parameter
 * documents only ever produce our typed results ({schema, errors}, FieldError[]), never a throw.
 * Seeded (FC_SEED overrides); fast-check prints the seed and path of a failing case.
 */
import fc from 'fast-check';
import { WorkflowResource } from '../model';
import { applyDefaults } from './defaults';
import { buildParameterSchema, prepareParameters } from './parameterSchema';
import { shorthandToJsonSchema } from './shorthand';
import { SCHEMA_KEYWORDS } from './openapi';
import { validateParameters } from './validate';
import {
  inheritedObjects,
  isFieldErrorList,
  mutatedParameters,
  openApiSchema,
  parameterDocument,
  propertyParams,
  sampleWorkflows,
  shorthandFields,
  shorthandString,
  shorthandTypes,
} from './__testUtils__/propertyArbitraries';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The converted schema is JSON, usable as is by ajv and the defaulting. */
function expectUsableSchema(schema: unknown) {
  expect(isPlainObject(schema)).toBe(true);
  expect(inheritedObjects(schema)).toEqual([]);
  expect(() => JSON.stringify(schema)).not.toThrow();
  const errors = validateParameters(schema as any, {});
  expect(isFieldErrorList(errors)).toBe(true);
  expect(isPlainObject(applyDefaults(schema as any, {}))).toBe(true);
}

/** `$ref`/`$defs` left where a schema is expected (data such as `default`/`enum` may hold anything). */
function refsInSchemaPositions(node: unknown, path = '#'): string[] {
  if (!isPlainObject(node)) return [];
  const found = '$ref' in node || '$defs' in node ? [path] : [];
  for (const key of SCHEMA_KEYWORDS) {
    const value = node[key];
    if (Array.isArray(value))
      value.forEach((s, i) =>
        found.push(...refsInSchemaPositions(s, `${path}/${key}/${i}`)),
      );
    else found.push(...refsInSchemaPositions(value, `${path}/${key}`));
  }
  for (const key of ['properties', 'patternProperties']) {
    const map = node[key];
    if (isPlainObject(map))
      for (const [k, s] of Object.entries(map))
        found.push(...refsInSchemaPositions(s, `${path}/${key}/${k}`));
  }
  return found;
}

const v0Workflow = (parameters: unknown, types: unknown): WorkflowResource =>
  ({
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'p', namespace: 'default' },
    spec: { schema: { parameters, types } },
  } as any);

const v1Workflow = (openAPIV3Schema: unknown): WorkflowResource =>
  ({
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'ClusterWorkflow',
    metadata: { name: 'p' },
    spec: { parameters: { openAPIV3Schema } },
  } as any);

describe('shorthandToJsonSchema (property)', () => {
  it('a single random shorthand string gives {schema, errors}, never a throw', () => {
    fc.assert(
      fc.property(
        shorthandString,
        shorthandTypes,
        fc.boolean(),
        (text, types, skip) => {
          const result = shorthandToJsonSchema({ field: text }, types, {
            skipDefaultValidation: skip,
          });
          expect(Object.keys(result).sort()).toEqual(['errors', 'schema']);
          expect(isFieldErrorList(result.errors)).toBe(true);
          expectUsableSchema(result.schema);
          // A field is either converted or reported at its own path, never both or neither.
          const converted = 'field' in (result.schema.properties ?? {});
          const reported = result.errors.some(e => e.path === 'field');
          expect({ converted, reported }).toEqual({
            converted: !reported,
            reported: !converted,
          });
        },
      ),
      propertyParams(500),
    );
  });

  it('random parameter maps (nested, $default, wrong kinds) give {schema, errors}', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 5, arbitrary: shorthandFields },
          fc.jsonValue({ maxDepth: 2 }),
        ),
        shorthandTypes,
        (parameters, types) => {
          const result = shorthandToJsonSchema(parameters, types);
          expect(isFieldErrorList(result.errors)).toBe(true);
          expectUsableSchema(result.schema);
        },
      ),
      propertyParams(300),
    );
  });
});

describe('buildParameterSchema (property)', () => {
  it('v0 workflows with random shorthand give a ParameterSchema', () => {
    fc.assert(
      fc.property(shorthandFields, shorthandTypes, (parameters, types) => {
        const result = buildParameterSchema(v0Workflow(parameters, types));
        expect(result.generation).toBe('v0');
        expect(isFieldErrorList(result.errors)).toBe(true);
        expect(isPlainObject(result.uiSchema)).toBe(true);
        expectUsableSchema(result.jsonSchema);
      }),
      propertyParams(300),
    );
  });

  it('v1 workflows with random openAPIV3Schema ($defs/$ref, cycles, wrong values) give a ParameterSchema', () => {
    fc.assert(
      fc.property(openApiSchema, schema => {
        const result = buildParameterSchema(v1Workflow(schema));
        expect(result.generation).toBe('v1');
        expect(isFieldErrorList(result.errors)).toBe(true);
        expect(isPlainObject(result.uiSchema)).toBe(true);
        expect(refsInSchemaPositions(result.jsonSchema)).toEqual([]);
        expectUsableSchema(result.jsonSchema);
      }),
      propertyParams(400),
    );
  });
});

describe('keys named __proto__ (found by the properties above)', () => {
  const proto = (json: string) => JSON.parse(json);

  it('are kept as fields by both generations and by the defaulting', () => {
    const v0 = shorthandToJsonSchema(
      proto('{"__proto__": "string | default=x"}'),
    );
    expect(Object.keys(v0.schema.properties!)).toEqual(['__proto__']);
    const v1 = buildParameterSchema(
      v1Workflow(
        proto(
          '{"type":"object","properties":{"__proto__":{"type":"object","default":{"polluted":1}}}}',
        ),
      ),
    );
    expect(Object.keys(v1.jsonSchema.properties!)).toEqual(['__proto__']);
    const defaulted = applyDefaults(v1.jsonSchema, {});
    expect(Object.keys(defaulted)).toEqual(['__proto__']);
    expect((defaulted as any).polluted).toBeUndefined();
    expect(inheritedObjects(defaulted)).toEqual([]);
  });
});

describe('applyDefaults / validateParameters (property)', () => {
  const samples = sampleWorkflows();

  it.each(samples.map(s => [s.name, s] as const))(
    '%s: random documents are defaulted and validated without throwing',
    (_name, sample) => {
      const { jsonSchema, errors } = buildParameterSchema(sample.workflow);
      expect(errors).toEqual([]);
      fc.assert(
        fc.property(
          fc.oneof(parameterDocument, mutatedParameters(sample.parameters)),
          parameters => {
            const before = JSON.stringify(parameters);
            const defaulted = applyDefaults(jsonSchema, parameters);
            expect(isPlainObject(defaulted)).toBe(true);
            expect(inheritedObjects(defaulted)).toEqual([]);
            expect(JSON.stringify(parameters)).toBe(before); // pure
            expect(
              isFieldErrorList(validateParameters(jsonSchema, parameters)),
            ).toBe(true);
            expect(
              isFieldErrorList(validateParameters(jsonSchema, defaulted)),
            ).toBe(true);
            const prepared = prepareParameters(sample.workflow, parameters);
            expect(isFieldErrorList(prepared.errors)).toBe(true);
          },
        ),
        propertyParams(200),
      );
    },
  );

  it('random documents against random converted schemas never throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          shorthandFields.map(p => shorthandToJsonSchema(p, undefined).schema),
          openApiSchema.map(
            s => buildParameterSchema(v1Workflow(s)).jsonSchema,
          ),
        ),
        parameterDocument,
        (schema, parameters) => {
          expect(isPlainObject(applyDefaults(schema, parameters))).toBe(true);
          expect(isFieldErrorList(validateParameters(schema, parameters))).toBe(
            true,
          );
        },
      ),
      propertyParams(300),
    );
  });
});
