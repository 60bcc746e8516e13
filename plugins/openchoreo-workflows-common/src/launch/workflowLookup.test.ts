import { workflowLookupNamespace } from './workflowLookup';

describe('workflowLookupNamespace', () => {
  it.each([
    [{ kind: 'Workflow', namespace: 'team-a' }, 'team-b', 'team-a'],
    [{ kind: 'Workflow' }, 'team-b', 'team-b'],
    [{ kind: 'Workflow' }, undefined, undefined],
    [{ kind: 'ClusterWorkflow', namespace: 'team-a' }, 'team-b', undefined],
    [{ kind: 'ClusterWorkflow' }, 'team-b', undefined],
  ] as const)('%j launched into %p is looked up in %p', (ref, run, want) => {
    expect(workflowLookupNamespace(ref, run)).toBe(want);
  });
});
