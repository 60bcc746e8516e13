import type { WorkflowSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { workflowRow } from './workflowRows';

const summary = (over: Partial<WorkflowSummary>): WorkflowSummary => ({
  cluster: 'local',
  kind: 'Workflow',
  namespace: 'default',
  name: 'build',
  title: 'Build',
  generation: 'v1',
  type: 'generic',
  schemaErrorCount: 0,
  labels: {},
  annotations: {},
  warnings: [],
  ...over,
});

describe('workflowRow', () => {
  it('keeps one row object per summary', () => {
    const w = summary({});
    expect(workflowRow(w)).toBe(workflowRow(w));
    expect(workflowRow(w)).toMatchObject(w);
  });

  it('gives a workflow the same key in every summary of it', () => {
    const a = workflowRow(summary({}));
    const b = workflowRow(summary({ title: 'Renamed' }));
    expect(a).not.toBe(b);
    expect(b.id).toBe(a.id);
    expect(b.uuid).toBe(a.id);
  });

  it('tells workflows apart by cluster, kind, namespace and name', () => {
    const ids = [
      summary({}),
      summary({ cluster: 'eu' }),
      summary({ kind: 'ClusterWorkflow', namespace: undefined }),
      summary({ namespace: 'team-a' }),
      summary({ name: 'deploy' }),
    ].map(w => workflowRow(w).id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
