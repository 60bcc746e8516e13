/*
 * Property test: random parameters on the seed and fixture workflows either render or
 * throw a RenderError (never another error type). Parameters go through launchParameters
 * first, as a launch does, and also straight in (a WorkflowRun written by hand).
 * Seeded (FC_SEED overrides); fast-check prints the seed and path of a failing case.
 */
import fc from 'fast-check';
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { launchParameters } from '../schema';
import {
  attempt,
  inheritedObjects,
  mutatedParameters,
  parameterDocument,
  propertyParams,
  sampleWorkflows,
} from '../schema/__testUtils__/propertyArbitraries';
import { RenderError } from './errors';
import {
  renderWorkflowRun,
  RenderContext,
  RenderResult,
} from './renderWorkflow';

const context: fc.Arbitrary<RenderContext> = fc.record(
  {
    runName: fc.oneof(
      fc.constantFrom('run-1', 'a', 'x'.repeat(70), 'Run_With.Dots'),
      fc.string({ maxLength: 8 }),
    ),
    namespace: fc.constantFrom('default', 'team-a', ''),
    labels: fc.oneof(
      fc.constant({
        'openchoreo.dev/project': 'shop',
        'openchoreo.dev/component': 'cart',
      }),
      fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), {
        maxKeys: 3,
      }),
    ),
    uid: fc.constantFrom('1234-abcd', undefined),
  },
  { requiredKeys: ['runName', 'namespace'] },
);

const secretReference = parse(
  fs.readFileSync(
    path.join(__dirname, '__fixtures__', 'secretreference-git.yaml'),
    'utf8',
  ),
);

/** Every externalRef id resolved to an object with a random spec (or missing). */
function withExternalRefs(
  workflow: any,
  specs: unknown[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  (workflow.spec?.externalRefs ?? []).forEach((ref: any, i: number) => {
    const spec = specs[i % Math.max(specs.length, 1)];
    if (spec !== undefined) out[ref.id] = { spec };
  });
  return out;
}

/** What is wrong with a render result (empty when it is plain JSON with a run and resources). */
function resultProblems(result: RenderResult): string[] {
  const problems: string[] = [];
  if (typeof result.run !== 'object') problems.push('run');
  if (!Array.isArray(result.resources)) problems.push('resources');
  try {
    JSON.stringify(result);
  } catch (e) {
    problems.push(`JSON: ${e}`);
  }
  return problems.concat(inheritedObjects(result));
}

describe('renderWorkflowRun (property)', () => {
  const samples = sampleWorkflows();

  it.each(samples.map(s => [s.name, s] as const))(
    '%s: random parameters render or throw RenderError',
    (_name, sample) => {
      let rendered = 0;
      fc.assert(
        fc.property(
          fc.oneof(
            { weight: 3, arbitrary: mutatedParameters(sample.parameters) },
            { weight: 1, arbitrary: parameterDocument },
          ),
          context,
          fc.array(
            fc.oneof(
              fc.constant(secretReference.spec),
              fc.jsonValue({ maxDepth: 2 }),
              fc.constant(undefined),
            ),
            { maxLength: 3 },
          ),
          fc.boolean(),
          (parameters, ctx, refSpecs, prepare) => {
            const input = prepare
              ? launchParameters(sample.workflow, parameters)
              : parameters;
            const fullCtx = {
              ...ctx,
              externalRefs: withExternalRefs(sample.workflow, refSpecs),
            };
            const { value: result, error } = attempt(() =>
              renderWorkflowRun(sample.workflow, input, fullCtx),
            );
            if (error !== undefined && !(error instanceof RenderError)) {
              throw error;
            }
            expect(error?.message ?? 'rendered').not.toBe('');
            expect(result === undefined ? [] : resultProblems(result)).toEqual(
              [],
            );
            if (result) rendered++;
          },
        ),
        propertyParams(200),
      );
      // The generators must reach a successful render, not only early errors.
      expect(rendered).toBeGreaterThan(0);
    },
  );
});
