import {
  PermissionQuery,
  WorkflowPermissionResource,
  workflowRules,
} from './rules';

const workflow = (
  over: Partial<WorkflowPermissionResource> = {},
): WorkflowPermissionResource => ({
  cluster: 'local',
  kind: 'ClusterWorkflow',
  namespace: '',
  name: 'database-migration',
  labels: {},
  ...over,
});

describe('LAUNCHES_INTO_NAMESPACE', () => {
  const rule = workflowRules.launchesIntoNamespace;
  const params = { namespaces: ['team-b'] };

  it.each([
    ['into a listed namespace', { runNamespace: 'team-b' }, true],
    ['into another namespace', { runNamespace: 'team-a' }, false],
    ['into an empty namespace', { runNamespace: '' }, false],
    // Any decision but a launch's: no run namespace, never met.
    ['outside a launch decision', {}, false],
    [
      'outside a launch decision, of a Workflow of a listed namespace',
      { kind: 'Workflow' as const, namespace: 'team-b' },
      false,
    ],
    // The workflow's own namespace does not count, only the run's.
    [
      'of a Workflow of a listed namespace into another',
      {
        kind: 'Workflow' as const,
        namespace: 'team-b',
        runNamespace: 'team-a',
      },
      false,
    ],
  ])('a launch %s', (_what, over, met) => {
    const resource = workflow(over);
    expect(rule.apply(resource, params)).toBe(met);
    // The query the router filters cached workflows with says the same.
    expect((rule.toQuery(params) as PermissionQuery)(resource)).toBe(met);
  });

  it('is never met with no namespaces', () => {
    const resource = workflow({ runNamespace: 'team-b' });
    expect(rule.apply(resource, { namespaces: [] })).toBe(false);
  });
});
