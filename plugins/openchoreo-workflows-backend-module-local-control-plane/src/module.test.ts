import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  ClusterConfig,
  KubeClient,
  buildKubeConfig,
  openchoreoWorkflowsClustersExtensionPoint,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { v1Workflow } from '@openchoreo-workflows/plugin-openchoreo-workflows-common/testUtils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openchoreoWorkflowsModuleLocalControlPlane } from './module';
import { readLocalControlPlaneSettings } from './options';

jest.setTimeout(60_000);

/** Starts the module alone, with the extension point recording what it adds. */
async function startModule(config: Record<string, unknown>) {
  const added: ClusterConfig[] = [];
  const backend = await startTestBackend({
    extensionPoints: [
      [
        openchoreoWorkflowsClustersExtensionPoint,
        { addCluster: (c: ClusterConfig) => added.push(c) },
      ],
    ],
    features: [
      openchoreoWorkflowsModuleLocalControlPlane,
      mockServices.rootConfig.factory({
        data: { openchoreoWorkflows: config } as any,
      }),
    ],
  });
  return { backend, added };
}

const workflowsOf = async (cluster: ClusterConfig) =>
  (
    await new KubeClient(buildKubeConfig(cluster.connection)).get(
      '/apis/openchoreo.dev/v1alpha1/namespaces/default/workflows',
      'list workflows',
    )
  ).items.map((w: any) => w.metadata.name);

describe('the local control plane module', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocw-lcp-module-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('starts it with the demo workflows when no cluster is configured, adds it as `local`, writes the kubeconfig and stops it with the backend', async () => {
    const kubeconfigOut = path.join(tmp, 'out', 'kubeconfig');
    const { backend, added } = await startModule({
      localControlPlane: { kubeconfigOut },
    });
    expect(added.map(c => c.name)).toEqual(['local']);
    const [local] = added;
    expect(await workflowsOf(local)).toContain('generic-workflow-docker-build');
    // kubectl reaches the same control plane through the written kubeconfig.
    expect(fs.readFileSync(kubeconfigOut, 'utf8')).toBe(
      local.connection.kubeconfig,
    );

    await backend.stop();
    await expect(workflowsOf(local)).rejects.toThrow(/cannot be reached/);
  });

  it('loads the configured manifests besides the demo workflows', async () => {
    const extra = path.join(tmp, 'extra.yaml');
    fs.writeFileSync(
      extra,
      [
        'apiVersion: openchoreo.dev/v1alpha1',
        'kind: Workflow',
        'metadata: { name: extra-workflow, namespace: default }',
        'spec:',
        '  parameters: { openAPIV3Schema: { type: object, properties: {} } }',
        '  runTemplate:',
        '    apiVersion: argoproj.io/v1alpha1',
        '    kind: Workflow',
        "    metadata: { name: '${metadata.workflowRunName}', namespace: '${metadata.namespace}' }",
        '    spec: { entrypoint: main, templates: [{ name: main, container: { image: alpine } }] }',
      ].join('\n'),
    );
    const { backend, added } = await startModule({
      localControlPlane: { manifests: [extra] },
    });
    try {
      const names = await workflowsOf(added[0]);
      expect(names).toEqual(
        expect.arrayContaining([
          'extra-workflow',
          'generic-workflow-docker-build',
        ]),
      );
    } finally {
      await backend.stop();
    }
  });

  it('does not start it when clusters are configured, unless enabled forces it', async () => {
    const clusters = [
      {
        name: 'prod',
        url: 'https://openchoreo.example.com',
        serviceAccountToken: 't',
      },
    ];
    const kubeconfigOut = path.join(tmp, 'kubeconfig');
    const skipped = await startModule({
      clusters,
      localControlPlane: { kubeconfigOut },
    });
    await skipped.backend.stop();
    expect(skipped.added).toEqual([]);
    expect(fs.existsSync(kubeconfigOut)).toBe(false);

    const forced = await startModule({
      clusters,
      localControlPlane: { enabled: true },
    });
    try {
      expect(forced.added.map(c => c.name)).toEqual(['local']);
    } finally {
      await forced.backend.stop();
    }
  });

  it('starts one control plane per name of `clusters`, separate, the first writing the kubeconfig', async () => {
    const kubeconfigOut = path.join(tmp, 'kubeconfig');
    const { backend, added } = await startModule({
      localControlPlane: { clusters: ['local', 'local-b'], kubeconfigOut },
    });
    try {
      expect(added.map(c => c.name)).toEqual(['local', 'local-b']);
      const [a, b] = added;
      expect(a.connection.kubeconfig).not.toEqual(b.connection.kubeconfig);
      expect(fs.readFileSync(kubeconfigOut, 'utf8')).toBe(
        a.connection.kubeconfig,
      );
      // Two API servers, each with the demo workflows: what is created on
      // one is not on the other.
      const kb = new KubeClient(buildKubeConfig(b.connection));
      await kb.create(
        '/apis/openchoreo.dev/v1alpha1/namespaces/default/workflows',
        v1Workflow(
          {},
          {
            entrypoint: 'main',
            templates: [{ name: 'main', container: { image: 'alpine' } }],
          },
          { name: 'only-on-b' },
        ),
        'create a workflow',
      );
      expect(await workflowsOf(b)).toContain('only-on-b');
      expect(await workflowsOf(a)).not.toContain('only-on-b');
      expect(await workflowsOf(a)).toContain('generic-workflow-docker-build');
    } finally {
      await backend.stop();
    }
  });

  it('refuses an empty or repeated list of clusters', () => {
    const settings = (clusters: string[]) =>
      readLocalControlPlaneSettings(
        new ConfigReader({
          openchoreoWorkflows: { localControlPlane: { clusters } },
        }),
      );
    expect(() => settings([])).toThrow(/at least one name, each once/);
    expect(() => settings(['a', 'a'])).toThrow(/at least one name, each once/);
  });

  it('does not start it when disabled', async () => {
    const { backend, added } = await startModule({
      localControlPlane: { enabled: false },
    });
    await backend.stop();
    expect(added).toEqual([]);
  });
});
