import { workflowToEntity } from './workflowToEntity';

const options = {
  cluster: 'prod-eu',
  isDefaultCluster: false,
  defaultOwner: 'group:default/platform-team',
  lifecycle: 'production',
  appBaseUrl: 'https://portal.example',
};

describe('workflowToEntity', () => {
  it('puts workflows of other clusters in a namespace of their own and links with ?cluster=', () => {
    const entity = workflowToEntity(
      'ClusterWorkflow',
      {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'ClusterWorkflow',
        metadata: {
          name: 'db',
          annotations: { 'backstage.io/owner': 'user:alice' },
        },
        spec: { parameters: { openAPIV3Schema: { type: 'object' } } } as any,
      },
      options,
    );
    expect(entity.metadata).toMatchObject({
      namespace: 'prod-eu',
      name: 'db',
      annotations: {
        'openchoreo.dev/workflow': 'ClusterWorkflow/db',
        'openchoreo.dev/cluster': 'prod-eu',
        'backstage.io/managed-by-location':
          'openchoreo-workflows:prod-eu/ClusterWorkflow/db',
      },
      links: [
        {
          url: 'https://portal.example/openchoreo-workflows/workflows/_cluster/db?cluster=prod-eu',
        },
      ],
    });
    expect(entity.spec?.owner).toBe('user:default/alice');
  });

  it('shortens names beyond 63 characters with a stable hash', () => {
    const name = 'a'.repeat(60);
    const make = (ns: string) =>
      workflowToEntity(
        'Workflow',
        {
          apiVersion: 'openchoreo.dev/v1alpha1',
          kind: 'Workflow',
          metadata: { name, namespace: ns },
          spec: {} as any,
        },
        { ...options, isDefaultCluster: true },
      ).metadata.name;
    expect(make('team-a')).toHaveLength(63);
    expect(make('team-a')).toBe(make('team-a'));
    expect(make('team-a')).not.toBe(make('team-b'));
  });
});
