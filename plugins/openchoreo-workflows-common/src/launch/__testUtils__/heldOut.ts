import { WorkflowResource, WorkflowRunResource } from '../../model';
import {
  argoArguments,
  v1Workflow,
} from '../../render/__testUtils__/workflows';

/**
 * The held-out case of issue 11: an openAPIV3Schema integer with a default
 * and a template that multiplies it. OpenChoreo renders it when the run leaves
 * `count` out (the default is an int) and fails with "no such overload" when
 * the run carries `count` (a double).
 */
export function heldOutWorkflow(
  expression = 'parameters.count * 100 + 1',
): WorkflowResource {
  return v1Workflow(
    {
      count: { type: 'integer', default: 3 },
      label: { type: 'string', default: 'x' },
    },
    {
      ...argoArguments([{ name: 'n', value: `\${${expression}}` }]),
      workflowTemplateRef: { name: 'held-out', clusterScope: true },
    },
    { name: 'held-out' },
  );
}

export function runOf(
  parameters: Record<string, unknown>,
  status: WorkflowRunResource['status'] = {},
): WorkflowRunResource {
  return {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'WorkflowRun',
    metadata: { name: 'held-out-1', namespace: 'default', uid: 'u1' },
    spec: { workflow: { kind: 'Workflow', name: 'held-out', parameters } },
    status,
  };
}
