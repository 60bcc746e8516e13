import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  demoManifestsDir,
  LocalControlPlane,
  startLocalControlPlane,
} from '@openchoreo-workflows/local-control-plane';
import {
  EntityPolicies,
  FieldFormatEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { eventually } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogModuleOpenChoreoWorkflows } from './module';

jest.setTimeout(60_000);

const WORKFLOW = {
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'Workflow',
  metadata: {
    name: 'catalog-probe',
    namespace: 'default',
    annotations: {
      'openchoreo.dev/display-name': 'Catalog probe',
      'openchoreo.dev/description': 'Created by the catalog module test',
      'openchoreo.dev/owner': 'team-probe',
    },
  },
  spec: {
    parameters: { openAPIV3Schema: { type: 'object', properties: {} } },
    runTemplate: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        name: '${metadata.workflowRunName}',
        namespace: '${metadata.namespace}',
      },
      spec: {
        entrypoint: 'main',
        templates: [
          { name: 'main', container: { image: 'alpine', command: ['true'] } },
        ],
      },
    },
  },
};

describe('catalog module against the local control plane', () => {
  let lcp: LocalControlPlane;
  let tmp: string;
  let provider: EntityProvider;
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async m => {
      mutations.push(m);
    },
    refresh: async () => {},
  };
  const deltas = () =>
    mutations.filter(m => m.type === 'delta') as Extract<
      EntityProviderMutation,
      { type: 'delta' }
    >[];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-catalog-'));
    const kubeconfig = path.join(tmp, 'later', 'kubeconfig');
    await startTestBackend({
      extensionPoints: [
        [
          catalogProcessingExtensionPoint,
          { addEntityProvider: (p: any) => (provider = p) },
        ],
      ],
      features: [
        catalogModuleOpenChoreoWorkflows,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://portal.example' },
            // No clusters: the module waits for the local control plane's kubeconfig.
            catalog: {
              providers: {
                openchoreoWorkflows: { localKubeconfig: kubeconfig },
              },
            },
          },
        }),
      ],
    });
    await provider.connect(connection);
    // The kubeconfig appears only after the catalog started, as in `yarn dev`.
    lcp = await startLocalControlPlane({
      manifests: [demoManifestsDir()],
      kubeconfigOut: kubeconfig,
    });
  });

  afterAll(async () => {
    (provider as any)?.stop();
    await lcp?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('mirrors the demo workflows with a full mutation once the kubeconfig appears', async () => {
    expect(provider.getProviderName()).toBe('OpenChoreoWorkflowEntityProvider');
    const full = await eventually(
      () => mutations.find(m => m.type === 'full'),
      10_000,
    );
    const byRef = Object.fromEntries(
      (full as any).entities.map((d: any) => [
        `${d.entity.metadata.namespace}/${d.entity.metadata.name}`,
        d,
      ]),
    );
    expect(byRef['default/cloud-database-provision'].entity).toMatchObject({
      kind: 'Resource',
      metadata: {
        annotations: {
          'openchoreo.dev/workflow': 'ClusterWorkflow/cloud-database-provision',
        },
        tags: expect.arrayContaining(['generation:v1', 'scope:cluster']),
        links: [
          {
            url: 'http://portal.example/openchoreo-workflows/workflows/_cluster/cloud-database-provision',
          },
        ],
      },
      spec: {
        type: 'openchoreo-workflow',
        owner: 'group:default/platform-team',
      },
    });
    const docker = byRef['default/default_generic-workflow-docker-build'];
    expect(docker.entity.metadata.annotations['openchoreo.dev/workflow']).toBe(
      'Workflow/default/generic-workflow-docker-build',
    );
    expect(docker.entity.metadata.tags).toEqual(
      expect.arrayContaining([
        'generation:v0',
        'type:generic',
        'scope:namespace',
      ]),
    );
    expect(docker.locationKey).toBe('openchoreo-workflows:local');
    // What the catalog would check before accepting them.
    const policies = EntityPolicies.allOf([
      new SchemaValidEntityPolicy(),
      new FieldFormatEntityPolicy(),
    ]);
    for (const { entity } of (full as any).entities) {
      await expect(policies.enforce(entity)).resolves.toBeDefined();
      await expect(resourceEntityV1alpha1Validator.check(entity)).resolves.toBe(
        true,
      );
    }
  });

  it('adds a Workflow created in the API server and removes it when deleted, with delta mutations', async () => {
    await eventually(() => mutations.find(m => m.type === 'full'), 10_000);
    const base = `${lcp.url}/apis/openchoreo.dev/v1alpha1/namespaces/default/workflows`;
    const created = await fetch(base, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(WORKFLOW),
    });
    expect(created.status).toBe(201);
    const createdAt = Date.now();

    const added = await eventually(
      () =>
        deltas()
          .flatMap(d => d.added)
          .find(d => d.entity.metadata.name === 'default_catalog-probe'),
      10_000,
    );
    expect(Date.now() - createdAt).toBeLessThan(5_000);
    expect(added.entity).toMatchObject({
      metadata: {
        namespace: 'default',
        title: 'Catalog probe',
        description: 'Created by the catalog module test',
        annotations: {
          'openchoreo.dev/workflow': 'Workflow/default/catalog-probe',
        },
        links: [
          {
            url: 'http://portal.example/openchoreo-workflows/workflows/default/catalog-probe',
          },
        ],
      },
      spec: { owner: 'group:default/team-probe', type: 'openchoreo-workflow' },
    });

    const deleted = await fetch(`${base}/catalog-probe`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    const deletedAt = Date.now();
    const removed = await eventually(
      () =>
        deltas()
          .flatMap(d => d.removed)
          .find(
            r =>
              'entityRef' in r &&
              r.entityRef === 'resource:default/default_catalog-probe',
          ),
      10_000,
    );
    expect(Date.now() - deletedAt).toBeLessThan(5_000);
    expect(removed).toEqual({
      entityRef: 'resource:default/default_catalog-probe',
      locationKey: 'openchoreo-workflows:local',
    });
  });
});
