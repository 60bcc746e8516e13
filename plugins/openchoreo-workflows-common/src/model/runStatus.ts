import { KubeCondition, RunStatus, WorkflowRunResource } from './types';

/** @public */
export const CONDITION_COMPLETED = 'WorkflowCompleted';
/** @public */
export const CONDITION_RUNNING = 'WorkflowRunning';
/** @public */
export const CONDITION_SUCCEEDED = 'WorkflowSucceeded';
/** @public */
export const CONDITION_FAILED = 'WorkflowFailed';

function findCondition(conditions: KubeCondition[] | undefined, type: string) {
  return (conditions ?? []).find(c => c?.type === type);
}

function fromCondition(
  phase: RunStatus['phase'],
  condition?: KubeCondition,
): RunStatus {
  const status: RunStatus = { phase };
  if (condition?.reason) status.reason = condition.reason;
  if (condition?.message) status.message = condition.message;
  return status;
}

/**
 * The run-level state of a WorkflowRun, from its conditions (there is no `status.phase`).
 *
 * Same order as openchoreo-api's `computeWorkflowRunStatus`: WorkflowFailed=True → Failed,
 * WorkflowSucceeded=True → Succeeded, WorkflowRunning=True → Running, otherwise Pending.
 * Pending carries the WorkflowCompleted reason (WorkflowPending, WorkflowPlaneNotFound,
 * BuildPlaneNotFound, WorkflowPlaneResolutionFailed, WorkflowResolutionFailed, ...).
 * A WorkflowCompleted=True without a matching outcome condition is read from its reason,
 * so a terminal run never shows as Pending.
 *
 * @public
 */
export function deriveRunStatus(run: WorkflowRunResource): RunStatus {
  const conditions = run?.status?.conditions;
  const failed = findCondition(conditions, CONDITION_FAILED);
  if (failed?.status === 'True') return fromCondition('Failed', failed);
  const succeeded = findCondition(conditions, CONDITION_SUCCEEDED);
  if (succeeded?.status === 'True')
    return fromCondition('Succeeded', succeeded);
  const running = findCondition(conditions, CONDITION_RUNNING);
  if (running?.status === 'True') return fromCondition('Running', running);

  const completed = findCondition(conditions, CONDITION_COMPLETED);
  if (completed?.status === 'True') {
    return fromCondition(
      completed.reason === 'WorkflowSucceeded' ? 'Succeeded' : 'Failed',
      completed,
    );
  }
  return fromCondition('Pending', completed);
}

/**
 * True when the run reached Succeeded or Failed.
 *
 * @public
 */
export function isTerminalPhase(phase: RunStatus['phase']): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}
