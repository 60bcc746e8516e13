import { WorkflowRef } from '../api/types';

/**
 * The namespace a launch looks its workflow up in: a Workflow's own (the one
 * the reference names), else the run's; none for a ClusterWorkflow. The one
 * rule for launches, schedules and their permission checks.
 *
 * @public
 */
export function workflowLookupNamespace(
  workflow: Pick<WorkflowRef, 'kind' | 'namespace'>,
  runNamespace: string | undefined,
): string | undefined {
  return workflow.kind === 'Workflow'
    ? workflow.namespace ?? runNamespace
    : undefined;
}
