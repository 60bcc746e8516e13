import { deriveRunStatus, isTerminalPhase } from './runStatus';
import { KubeCondition, WorkflowRunResource } from './types';

const T = '2026-08-21T10:00:00Z';
const cond = (
  type: string,
  status: 'True' | 'False',
  reason: string,
  message = '',
): KubeCondition => ({
  type,
  status,
  reason,
  message,
  lastTransitionTime: T,
});
const run = (conditions?: KubeCondition[]): WorkflowRunResource => ({
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'WorkflowRun',
  metadata: { name: 'r', namespace: 'default' },
  spec: { workflow: { kind: 'ClusterWorkflow', name: 'w' } },
  status: conditions ? { conditions } : undefined,
});

describe('deriveRunStatus', () => {
  it('is Pending without status', () => {
    expect(deriveRunStatus(run())).toEqual({ phase: 'Pending' });
  });

  it('is Pending with the WorkflowCompleted reason on first reconcile', () => {
    expect(
      deriveRunStatus(
        run([
          cond(
            'WorkflowCompleted',
            'False',
            'WorkflowPending',
            'Workflow has not completed yet',
          ),
        ]),
      ),
    ).toEqual({
      phase: 'Pending',
      reason: 'WorkflowPending',
      message: 'Workflow has not completed yet',
    });
  });

  it.each([
    'WorkflowPlaneNotFound',
    'WorkflowPlaneResolutionFailed',
    'WorkflowResolutionFailed',
    'BuildPlaneNotFound',
    'BuildPlaneResolutionFailed',
  ])('keeps the Pending reason %s', reason => {
    expect(
      deriveRunStatus(run([cond('WorkflowCompleted', 'False', reason, 'm')])),
    ).toEqual({
      phase: 'Pending',
      reason,
      message: 'm',
    });
  });

  it('is Running while Argo runs', () => {
    expect(
      deriveRunStatus(
        run([
          cond('WorkflowCompleted', 'False', 'WorkflowPending'),
          cond('WorkflowRunning', 'True', 'WorkflowRunning', 'r'),
        ]),
      ),
    ).toEqual({ phase: 'Running', reason: 'WorkflowRunning', message: 'r' });
  });

  it('is Succeeded after success', () => {
    expect(
      deriveRunStatus(
        run([
          cond('WorkflowCompleted', 'True', 'WorkflowSucceeded'),
          cond('WorkflowRunning', 'False', 'WorkflowRunning'),
          cond('WorkflowSucceeded', 'True', 'WorkflowSucceeded', 'done'),
        ]),
      ),
    ).toEqual({
      phase: 'Succeeded',
      reason: 'WorkflowSucceeded',
      message: 'done',
    });
  });

  it('is Failed with the failure reason, checked before everything else', () => {
    expect(
      deriveRunStatus(
        run([
          cond('WorkflowRunning', 'True', 'WorkflowRunning'),
          cond('WorkflowSucceeded', 'True', 'WorkflowSucceeded'),
          cond(
            'WorkflowFailed',
            'True',
            'WorkflowFailed',
            'Workflow is not found in the cluster',
          ),
        ]),
      ),
    ).toEqual({
      phase: 'Failed',
      reason: 'WorkflowFailed',
      message: 'Workflow is not found in the cluster',
    });
    expect(
      deriveRunStatus(
        run([
          cond('WorkflowCompleted', 'True', 'ComponentValidationFailed'),
          cond(
            'WorkflowFailed',
            'True',
            'ComponentValidationFailed',
            'both labels needed',
          ),
        ]),
      ),
    ).toEqual({
      phase: 'Failed',
      reason: 'ComponentValidationFailed',
      message: 'both labels needed',
    });
  });

  it('reads a completed run from WorkflowCompleted when the outcome condition is missing', () => {
    expect(
      deriveRunStatus(
        run([cond('WorkflowCompleted', 'True', 'WorkflowFailed', 'x')]),
      ),
    ).toEqual({
      phase: 'Failed',
      reason: 'WorkflowFailed',
      message: 'x',
    });
    expect(
      deriveRunStatus(
        run([cond('WorkflowCompleted', 'True', 'WorkflowSucceeded')]),
      ),
    ).toEqual({
      phase: 'Succeeded',
      reason: 'WorkflowSucceeded',
    });
  });

  it('ignores False outcome conditions', () => {
    expect(
      deriveRunStatus(
        run([
          cond('WorkflowFailed', 'False', 'x'),
          cond('WorkflowSucceeded', 'False', 'y'),
        ]),
      ),
    ).toEqual({
      phase: 'Pending',
    });
  });
});

describe('isTerminalPhase', () => {
  it('is true only for Succeeded and Failed', () => {
    expect(
      ['Pending', 'Running', 'Succeeded', 'Failed'].map(p =>
        isTerminalPhase(p as any),
      ),
    ).toEqual([false, false, true, true]);
  });
});
