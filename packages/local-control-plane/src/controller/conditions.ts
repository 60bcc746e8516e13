import { isoNow } from '../time';

/** WorkflowRun conditions exactly as OpenChoreo's controller writes them (SPEC §1.3). */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export const COMPLETED = 'WorkflowCompleted';
export const RUNNING = 'WorkflowRunning';
export const SUCCEEDED = 'WorkflowSucceeded';
export const FAILED = 'WorkflowFailed';

/** meta.SetStatusCondition: lastTransitionTime only moves when the status changes. */
export function setCondition(
  conditions: Condition[],
  c: Condition,
): Condition[] {
  const existing = conditions.find(x => x.type === c.type);
  const next: Condition = {
    ...c,
    lastTransitionTime:
      existing && existing.status === c.status
        ? existing.lastTransitionTime
        : isoNow(),
  };
  return existing
    ? conditions.map(x => (x.type === c.type ? next : x))
    : [...conditions, next];
}

type Setter = (conditions: Condition[], generation: number) => Condition[];

const apply =
  (list: Array<Omit<Condition, 'observedGeneration'>>): Setter =>
  (conditions, generation) =>
    list.reduce(
      (acc, c) => setCondition(acc, { ...c, observedGeneration: generation }),
      conditions,
    );

export const pending = apply([
  {
    type: COMPLETED,
    status: 'False',
    reason: 'WorkflowPending',
    message: 'Workflow has not completed yet',
  },
]);

export const running = apply([
  {
    type: RUNNING,
    status: 'True',
    reason: 'WorkflowRunning',
    message: 'Argo Workflow is running',
  },
]);

export const succeeded = apply([
  {
    type: RUNNING,
    status: 'False',
    reason: 'WorkflowRunning',
    message: 'Argo Workflow running has completed',
  },
  {
    type: SUCCEEDED,
    status: 'True',
    reason: 'WorkflowSucceeded',
    message: 'Workflow completed successfully',
  },
  {
    type: COMPLETED,
    status: 'True',
    reason: 'WorkflowSucceeded',
    message: 'Workflow has completed successfully',
  },
]);

export const failed = apply([
  {
    type: RUNNING,
    status: 'False',
    reason: 'WorkflowRunning',
    message: 'Argo Workflow running has completed',
  },
  {
    type: FAILED,
    status: 'True',
    reason: 'WorkflowFailed',
    message: 'Workflow execution failed',
  },
  {
    type: COMPLETED,
    status: 'True',
    reason: 'WorkflowFailed',
    message: 'Workflow has completed with failure',
  },
]);

export const notFound = apply([
  {
    type: RUNNING,
    status: 'False',
    reason: 'WorkflowRunning',
    message: 'Workflow is not found in the cluster',
  },
  {
    type: FAILED,
    status: 'True',
    reason: 'WorkflowFailed',
    message: 'Workflow has been deleted from the cluster',
  },
  {
    type: COMPLETED,
    status: 'True',
    reason: 'WorkflowFailed',
    message: 'Workflow has been deleted from the cluster',
  },
]);

export const componentValidationFailed = (message: string) =>
  apply([
    { type: RUNNING, status: 'False', reason: 'WorkflowRunning', message },
    {
      type: FAILED,
      status: 'True',
      reason: 'ComponentValidationFailed',
      message,
    },
    {
      type: COMPLETED,
      status: 'True',
      reason: 'ComponentValidationFailed',
      message,
    },
  ]);

export const isTrue = (conditions: Condition[] | undefined, type: string) =>
  (conditions ?? []).some(c => c.type === type && c.status === 'True');
