import { loadFixture } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import type { WorkflowRunResource } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { toRunDetail, toRunSummary } from './convert';

/** OpenChoreo's sample run (shared fixtures), in namespace default. */
const sample = (): WorkflowRunResource => {
  const [run] = loadFixture('sample-github-stats-report-workflowrun.yaml');
  return { ...run, metadata: { ...run.metadata, namespace: 'default' } };
};

describe('toRunSummary', () => {
  it("carries the run's ttlAfterCompletion, which says when OpenChoreo deletes it", () => {
    const run = sample();
    run.spec.ttlAfterCompletion = '1d12h';
    run.status = {
      startedAt: '2026-11-27T08:00:00Z',
      completedAt: '2026-11-27T08:03:00Z',
    } as WorkflowRunResource['status'];
    expect(toRunSummary('default', run).ttlAfterCompletion).toBe('1d12h');
    expect(toRunDetail('default', run).ttlAfterCompletion).toBe('1d12h');
  });

  it('has none before OpenChoreo copies the workflow’s TTL into the run', () => {
    const run = sample();
    expect(run.spec.ttlAfterCompletion).toBeUndefined();
    expect(toRunSummary('default', run)).not.toHaveProperty(
      'ttlAfterCompletion',
      expect.anything(),
    );
    run.spec.ttlAfterCompletion = '';
    expect(toRunSummary('default', run).ttlAfterCompletion).toBeUndefined();
  });
});
