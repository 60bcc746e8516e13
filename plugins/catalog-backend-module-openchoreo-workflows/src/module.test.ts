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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogModuleOpenChoreoWorkflows } from './module';
import { argoRunTemplate } from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';

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
    runTemplate: argoRunTemplate({
      entrypoint: 'main',
      templates: [
        { name: 'main', container: { image: 'alpine', command: ['true'] } },
      ],
    }),
  },
};

describe('catalog module against the local control plane', () => {
  let lcp: LocalControlPlane;
  let tmp: string;
  let provider: EntityProvider;
  const mutations: EntityProviderMutation[] = [];
  const onMutation = new Set<() => void>();
  const connection: EntityProviderConnection = {
    applyMutation: async m => {
      mutations.push(m);
      for (const check of [...onMutation]) check();
    },
    refresh: async () => {},
  };
  /**
   * Resolves with what `find` finds in the mutations applied so far, checked
   * again on each new one; fails after 10 s naming `what` (the 10-minute full
   * schedule cannot be what delivers it).
   */
  const mutation = <T>(what: string, find: () => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      // eslint-disable-next-line prefer-const -- assigned below, cleared by the check
      let timer: ReturnType<typeof setTimeout> | undefined;
      const check = () => {
        const found = find();
        if (found === undefined) return;
        onMutation.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      timer = setTimeout(() => {
        onMutation.delete(check);
        reject(
          new Error(
            `no ${what} within 10 s; mutations applied: ${
              mutations.map(m => m.type).join(', ') || 'none'
            }`,
          ),
        );
      }, 10_000);
      onMutation.add(check);
      check();
    });
  const fullMutation = () =>
    mutation('full mutation', () => mutations.find(m => m.type === 'full'));
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
    const full = await fullMutation();
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
    await fullMutation();
    const base = `${lcp.url}/apis/openchoreo.dev/v1alpha1/namespaces/default/workflows`;
    const created = await fetch(base, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(WORKFLOW),
    });
    expect(created.status).toBe(201);

    const added = await mutation('delta adding default_catalog-probe', () =>
      deltas()
        .flatMap(d => d.added)
        .find(d => d.entity.metadata.name === 'default_catalog-probe'),
    );
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
    const removed = await mutation('delta removing default_catalog-probe', () =>
      deltas()
        .flatMap(d => d.removed)
        .find(
          r =>
            'entityRef' in r &&
            r.entityRef === 'resource:default/default_catalog-probe',
        ),
    );
    expect(removed).toEqual({
      entityRef: 'resource:default/default_catalog-probe',
      locationKey: 'openchoreo-workflows:local',
    });
  });
});
