import { mockServices } from '@backstage/backend-test-utils';
import {
  FieldFormatEntityPolicy,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  normalizeOwnerRef,
  readDefaultWorkflowOwner,
  workflowAnnotationValue,
  workflowEntityRef,
  workflowOwnerOf,
} from './workflowEntity';

describe('workflowEntityRef', () => {
  it('names a Workflow <namespace>_<name> and a ClusterWorkflow <name>, in namespace default for the first cluster', () => {
    expect(
      workflowEntityRef({ kind: 'Workflow', namespace: 'team-a', name: 'b' }),
    ).toEqual({ kind: 'Resource', namespace: 'default', name: 'team-a_b' });
    expect(workflowEntityRef({ kind: 'ClusterWorkflow', name: 'b' })).toEqual({
      kind: 'Resource',
      namespace: 'default',
      name: 'b',
    });
  });

  it("puts other clusters' workflows in a namespace named after the cluster", () => {
    expect(
      workflowEntityRef({
        kind: 'ClusterWorkflow',
        name: 'b',
        cluster: 'EU West',
      }).namespace,
    ).toBe('eu-west');
    expect(
      workflowEntityRef({ kind: 'ClusterWorkflow', name: 'b', cluster: '__' })
        .namespace,
    ).toBe('default');
  });

  it('shortens names over 63 characters with a hash, keeping them distinct and valid', async () => {
    const long = (suffix: string) =>
      workflowEntityRef({
        kind: 'Workflow',
        namespace: 'a-namespace-with-a-long-name',
        name: `a-workflow-with-an-even-longer-name-${suffix}`,
      });
    const [one, two] = [long('one'), long('two')];
    expect(one.name.length).toBeLessThanOrEqual(63);
    expect(one.name).not.toBe(two.name);
    expect(one.name).toMatch(/-[0-9a-f]{8}$/);
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: one.name, namespace: one.namespace },
      spec: {},
    };
    await expect(
      new FieldFormatEntityPolicy().enforce(entity),
    ).resolves.toBeDefined();
  });
});

describe('owners', () => {
  it('normalizes owner refs to lower-case full refs, and rejects what is not a ref', () => {
    expect(normalizeOwnerRef('Team-A')).toBe('group:default/team-a');
    expect(normalizeOwnerRef('user:ops/jane')).toBe('user:ops/jane');
    expect(normalizeOwnerRef('  ')).toBeUndefined();
    expect(normalizeOwnerRef('user:')).toBeUndefined();
    expect(normalizeOwnerRef('team-a/')).toBeUndefined();
  });

  it('takes openchoreo.dev/owner, then backstage.io/owner, then the default', () => {
    const wf = (annotations: Record<string, string>) => ({
      metadata: { name: 'w', annotations },
    });
    const fallback = 'group:default/platform-team';
    expect(
      workflowOwnerOf(
        wf({ 'openchoreo.dev/owner': 'a', 'backstage.io/owner': 'b' }),
        fallback,
      ),
    ).toBe('group:default/a');
    expect(workflowOwnerOf(wf({ 'backstage.io/owner': 'b' }), fallback)).toBe(
      'group:default/b',
    );
    expect(workflowOwnerOf(wf({}), fallback)).toBe(fallback);
  });

  it('reads the default owner from the catalog provider config', () => {
    const config = (defaultOwner?: string) =>
      mockServices.rootConfig({
        data: defaultOwner
          ? {
              catalog: { providers: { openchoreoWorkflows: { defaultOwner } } },
            }
          : {},
      });
    expect(readDefaultWorkflowOwner(config())).toBe(
      'group:default/platform-team',
    );
    expect(readDefaultWorkflowOwner(config('Data-Team'))).toBe(
      stringifyEntityRef({
        kind: 'group',
        namespace: 'default',
        name: 'data-team',
      }),
    );
  });
});

describe('workflowAnnotationValue', () => {
  it('is Workflow/<ns>/<name> or ClusterWorkflow/<name>', () => {
    expect(workflowAnnotationValue('Workflow', 'default', 'x')).toBe(
      'Workflow/default/x',
    );
    expect(workflowAnnotationValue('ClusterWorkflow', undefined, 'x')).toBe(
      'ClusterWorkflow/x',
    );
  });
});
