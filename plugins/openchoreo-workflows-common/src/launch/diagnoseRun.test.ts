import { diagnoseRun } from './diagnoseRun';
import { heldOutWorkflow, runOf } from './__testUtils__/heldOut';

describe('diagnoseRun', () => {
  const workflow = heldOutWorkflow();

  it('explains a Pending run whose own parameters OpenChoreo cannot render', () => {
    expect(diagnoseRun(workflow, runOf({ count: 3 }))).toEqual({
      reason: 'RenderFailed',
      message:
        'OpenChoreo cannot render this run: `parameters.count * 100 + 1`: no such overload',
      expression: 'parameters.count * 100 + 1',
      location: 'runTemplate.spec.arguments.parameters[0].value',
    });
  });

  it('says nothing about a run that renders, or that is past rendering', () => {
    expect(diagnoseRun(workflow, runOf({}))).toBeUndefined();
    const started = runOf(
      { count: 3 },
      {
        runReference: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          name: 'held-out-1',
          namespace: 'workflows-default',
        },
      },
    );
    expect(diagnoseRun(workflow, started)).toBeUndefined();
    const failed = runOf(
      { count: 3 },
      {
        conditions: [
          {
            type: 'WorkflowFailed',
            status: 'True',
            reason: 'WorkflowNotFound',
          },
        ],
      },
    );
    expect(diagnoseRun(workflow, failed)).toBeUndefined();
  });
});
