import { WorkflowResource } from '../model';
import { workflowWarnings } from './workflowWarnings';
import { heldOutWorkflow } from './__testUtils__/heldOut';

describe('workflowWarnings', () => {
  it('warns when the template fails only once a user types a number', () => {
    expect(workflowWarnings(heldOutWorkflow())).toEqual([
      {
        reason: 'UserNumbersFailToRender',
        message: expect.stringContaining(
          'OpenChoreo cannot render this run: `parameters.count * 100 + 1`: no such overload',
        ),
        expression: 'parameters.count * 100 + 1',
        location: 'runTemplate.spec.arguments.parameters[0].value',
      },
    ]);
  });

  it('does not warn when the template converts the number, or fails anyway', () => {
    expect(
      workflowWarnings(heldOutWorkflow('int(parameters.count) * 100 + 1')),
    ).toEqual([]);
    expect(workflowWarnings(heldOutWorkflow('parameters.nope * 2'))).toEqual(
      [],
    );
  });

  it('fills required values without a default, so that they do not hide the problem', () => {
    const workflow = heldOutWorkflow(
      "parameters.repo + '-' + string(parameters.count * 2)",
    ) as any;
    const schema = workflow.spec.parameters.openAPIV3Schema;
    schema.required = ['repo'];
    schema.properties.repo = { type: 'string' };
    expect(workflowWarnings(workflow as WorkflowResource)).toHaveLength(1);
  });
});
