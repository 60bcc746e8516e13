import { formDefaults } from '../schema';
import { buildParameterSchema } from '../schema/parameterSchema';
import { evaluateRun } from './evaluateRun';
import { heldOutWorkflow } from '../launch/__testUtils__/heldOut';

const context = { runName: 'r1', namespace: 'default' };
const argValue = (run: Record<string, any> | undefined) =>
  run?.spec.arguments.parameters[0].value;

/*
 * Issue 11 item 4: what a launch sends and renders. OpenChoreo reads every
 * number of a WorkflowRun as a double and gives a whole-number default of an
 * openAPIV3Schema its int type (docs/openchoreo-number-rules.md).
 */
describe('evaluateRun: what a launch sends, rendered as OpenChoreo renders it', () => {
  const workflow = heldOutWorkflow();
  const form = formDefaults(buildParameterSchema(workflow).jsonSchema);

  it('with the form left at its defaults: sends nothing and renders 301, as OpenChoreo will', () => {
    const result = evaluateRun({ workflow, parameters: form, context });
    expect(result.errors).toEqual([]);
    expect(result.parameters).toEqual({ count: 3, label: 'x' });
    expect(result.runParameters).toEqual({});
    expect(result.renderError).toBeUndefined();
    expect(argValue(result.rendered?.run)).toBe('301');
  });

  it('with a number typed: the render error OpenChoreo will hit, naming the expression', () => {
    const result = evaluateRun({
      workflow,
      parameters: { ...form, count: 5 },
      context,
    });
    expect(result.runParameters).toEqual({ count: 5 });
    expect(result.parameters).toEqual({ count: 5, label: 'x' });
    expect(result.rendered).toBeUndefined();
    expect(result.renderError).toEqual({
      message:
        'OpenChoreo cannot render this run: `parameters.count * 100 + 1`: no such overload',
      expression: 'parameters.count * 100 + 1',
      location: 'runTemplate.spec.arguments.parameters[0].value',
    });
  });

  it("a run's own parameters are rendered as written: count 3 written in the run is a double", () => {
    const written = evaluateRun({
      workflow,
      parameters: { count: 3 },
      parametersFrom: 'run',
      context,
    });
    expect(written.runParameters).toEqual({ count: 3 });
    expect(written.renderError?.message).toContain('no such overload');
    const sent = evaluateRun({ workflow, parameters: { count: 3 }, context });
    expect(sent.runParameters).toEqual({});
    expect(argValue(sent.rendered?.run)).toBe('301');
  });

  it('does not render invalid parameters', () => {
    const result = evaluateRun({
      workflow,
      parameters: { count: 'many' },
      context,
    });
    expect(result.errors).toEqual([
      { path: 'count', message: expect.any(String) },
    ]);
    expect(result.rendered).toBeUndefined();
    expect(result.renderError).toBeUndefined();
  });

  it('checks the workflow for its authors when asked, and crosses to a worker unchanged', () => {
    const result = evaluateRun({
      workflow,
      parameters: {},
      context,
      validateOnly: true,
      workflowWarnings: true,
    });
    expect(result.workflowWarnings).toEqual([
      expect.objectContaining({ reason: 'UserNumbersFailToRender' }),
    ]);
    expect(structuredClone(result)).toEqual(result);
  });
});
