/*
 * The number types OpenChoreo's pipeline gives parameters, checked against
 * OpenChoreo v1.2.3's code (internal/pipeline/workflow BuildCELContext,
 * internal/schema ApplyDefaults, internal/schema/extractor): numbers written
 * in a WorkflowRun are float64 (encoding/json), whole-number defaults of an
 * openAPIV3Schema are int64 at any depth (Kubernetes' JSON decoding of the
 * schema), shorthand defaults follow their declared type.
 */
import { WorkflowResource } from '../model';
import { buildParameterSchema } from '../schema';
import { celParameters } from './celParameters';
import { cannotRenderMessage } from './errors';
import { renderWorkflowRun } from './renderWorkflow';
import {
  argoArguments,
  renderError,
  v1Workflow,
} from './__testUtils__/workflows';

const v1 = (
  properties: Record<string, unknown>,
  args: string[] = [],
): WorkflowResource =>
  v1Workflow(
    properties,
    argoArguments(args.map((value, i) => ({ name: `a${i}`, value }))),
  );

const v0 = (parameters: Record<string, unknown>): WorkflowResource =>
  ({
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'w', namespace: 'default' },
    spec: { schema: { parameters } },
  } as unknown as WorkflowResource);

const typed = (workflow: WorkflowResource, run: unknown) =>
  celParameters(buildParameterSchema(workflow), run);

const argValues = (workflow: WorkflowResource, run: unknown) =>
  (
    renderWorkflowRun(workflow, run, { runName: 'r1', namespace: 'default' })
      .run as any
  ).spec.arguments.parameters.map((p: any) => p.value);

describe('celParameters', () => {
  const schema = {
    count: { type: 'integer', default: 3 },
    num: { type: 'number', default: 2 },
    ratio: { type: 'number', default: 2.5 },
    list: { type: 'array', items: { type: 'integer' }, default: [1, 2] },
    map: {
      type: 'object',
      additionalProperties: { type: 'integer' },
      default: { a: 1 },
    },
    nested: {
      type: 'object',
      default: {},
      properties: { n: { type: 'integer', default: 7 } },
    },
    ports: {
      type: 'array',
      items: {
        type: 'object',
        properties: { port: { type: 'integer', default: 80 } },
      },
    },
  };

  it('v1: whole-number defaults are ints at any depth, fractions doubles', () => {
    expect(typed(v1(schema), {})).toEqual({
      count: 3n,
      num: 2n,
      ratio: 2.5,
      list: [1n, 2n],
      map: { a: 1n },
      nested: { n: 7n },
    });
  });

  it("every number of the run's own parameters is a double, even a whole one", () => {
    expect(
      typed(v1(schema), {
        count: 3,
        list: [1, 2],
        nested: { n: 7 },
        ports: [{}, { port: 1 }],
      }),
    ).toMatchObject({
      count: 3,
      list: [1, 2],
      nested: { n: 7 },
      ports: [{ port: 80n }, { port: 1 }],
    });
  });

  // The launch writes the run as JSON, where -0 is 0 (differential test, case s1-b9-4563).
  it('a -0 the user gives is the 0 the WorkflowRun carries', () => {
    const got = typed(v1(schema), { count: -0, list: [-0] }) as any;
    expect(Object.is(got.count, 0)).toBe(true);
    expect(Object.is(got.list[0], 0)).toBe(true);
  });

  it('v0 shorthand: integer defaults are ints; number, array and object defaults doubles', () => {
    const workflow = v0({
      count: 'integer | default=3',
      num: 'number | default=2',
      list: '[]integer | default=[1,2]',
      obj: { a: 'integer', $default: '{"a": 1}' },
    });
    expect(typed(workflow, {})).toEqual({
      count: 3n,
      num: 2,
      list: [1, 2],
      obj: { a: 1 },
    });
  });
});

describe('renderWorkflowRun with numbers', () => {
  const heldOut = v1({ count: { type: 'integer', default: 3 } }, [
    '${parameters.count * 100 + 1}',
  ]);

  it('renders a whole-number default as an int: count * 100 + 1 is 301', () => {
    expect(argValues(heldOut, {})).toEqual(['301']);
  });

  it('fails like OpenChoreo when the run itself carries the number (a double): no such overload', () => {
    for (const count of [3, 5]) {
      const error = renderError(() => argValues(heldOut, { count }));
      expect(error.expression).toBe('parameters.count * 100 + 1');
      expect(error.reason).toBe('no such overload');
      expect(error.location).toBe(
        'runTemplate.spec.arguments.parameters[0].value',
      );
      expect(cannotRenderMessage(error)).toBe(
        'OpenChoreo cannot render this run: `parameters.count * 100 + 1`: no such overload',
      );
    }
  });

  it('compares and converts doubles and ints as cel-go does', () => {
    const workflow = v1({ count: { type: 'integer', default: 3 } }, [
      '${parameters.count > 2}',
      '${parameters.count == 3}',
      '${int(parameters.count) * 2}',
      '${parameters.count * 2.0}',
    ]);
    expect(argValues(workflow, { count: 3 })).toEqual([
      'true',
      'true',
      '6',
      '6',
    ]);
  });
});
