import { mockServices } from '@backstage/backend-test-utils';
import {
  openChoreoCrds as moduleCrds,
  openChoreoModuleDir,
} from '@openchoreo-workflows/openchoreo-stack';
import { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  startTestApiServer,
  TestApiServer,
} from '@openchoreo-workflows/test-apiserver';
import {
  eventually,
  kubeConfigOf,
  loadFixture,
  openChoreoCrds,
  TestKube,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import { ClusterState } from '../cluster/ClusterState';
import { REAL_API_SERVER_START_MS } from '../__testUtils__/realApiServer';
import { startTestObserver } from '../__testUtils__/testObserver';
import { ObserverError } from './ObserverClient';
import { Observers } from './Observers';
import { ObserverUrlResolver } from './observerUrl';

jest.setTimeout(REAL_API_SERVER_START_MS);

const NS = 'team-a';
const PLANES = [
  'WorkflowPlane',
  'ClusterWorkflowPlane',
  'ObservabilityPlane',
  'ClusterObservabilityPlane',
];
const agent = { clientCA: { value: 'not-used-here' } };

/** A run of a workflow, as the backend knows it (only what the resolver reads). */
const runOf = (kind: 'Workflow' | 'ClusterWorkflow', name: string) =>
  ({
    cluster: 'prod',
    namespace: NS,
    name: `${name}-run`,
    workflow: { kind, name },
    tasks: [],
  } as unknown as RunDetail);

/**
 * The observer URL found as occ finds it, on the real kube-apiserver with
 * OpenChoreo v1.2.3's own CRDs (their defaults and validation included).
 */
describe('ObserverUrlResolver (real kube-apiserver, OpenChoreo CRDs)', () => {
  let apiserver: TestApiServer;
  let kube: TestKube;
  let cluster: ClusterState;

  beforeAll(async () => {
    const planeCrds = moduleCrds(await openChoreoModuleDir()).filter((c: any) =>
      PLANES.includes(c.spec.names.kind),
    );
    if (planeCrds.length !== PLANES.length)
      throw new Error(`OpenChoreo's module has ${planeCrds.length} plane CRDs`);
    apiserver = await startTestApiServer({
      crds: [...openChoreoCrds(), ...planeCrds],
    });
    kube = new TestKube(kubeConfigOf(apiserver.kubeconfig));
    await kube.createNamespace(NS);
    const [clusterWorkflow] = loadFixture(
      'sample-github-stats-report-clusterworkflow.yaml',
    );
    const workflow = (name: string, planeRef?: object) => ({
      ...clusterWorkflow,
      kind: 'Workflow',
      metadata: { name, namespace: NS },
      spec: {
        ...clusterWorkflow.spec,
        ...(planeRef ? { workflowPlaneRef: planeRef } : {}),
      },
    });
    const plane = (
      kind: string,
      name: string,
      spec: object,
      namespace?: string,
    ) => ({
      kind,
      metadata: { name, namespace },
      spec: { clusterAgent: agent, ...spec },
    });
    const objects: Array<[string, any]> = [
      ['clusterworkflows', { ...clusterWorkflow, metadata: { name: 'cw' } }],
      // The CRD defaults workflowPlaneRef to the ClusterWorkflowPlane 'default'.
      ['workflows', workflow('defaulted')],
      [
        'workflows',
        workflow('own-plane', { kind: 'WorkflowPlane', name: 'wp' }),
      ],
      [
        'workflows',
        workflow('bare-plane', { kind: 'WorkflowPlane', name: 'bare' }),
      ],
      [
        'workflows',
        workflow('broken', { kind: 'WorkflowPlane', name: 'dangling' }),
      ],
      [
        'clusterworkflowplanes',
        plane('ClusterWorkflowPlane', 'default', {
          planeID: 'p',
          observabilityPlaneRef: {
            kind: 'ClusterObservabilityPlane',
            name: 'shared',
          },
        }),
      ],
      [
        'workflowplanes',
        plane(
          'WorkflowPlane',
          'wp',
          {
            observabilityPlaneRef: { kind: 'ObservabilityPlane', name: 'team' },
          },
          NS,
        ),
      ],
      ['workflowplanes', plane('WorkflowPlane', 'bare', {}, NS)],
      [
        'workflowplanes',
        plane(
          'WorkflowPlane',
          'dangling',
          {
            observabilityPlaneRef: {
              kind: 'ObservabilityPlane',
              name: 'missing',
            },
          },
          NS,
        ),
      ],
      [
        'clusterobservabilityplanes',
        plane('ClusterObservabilityPlane', 'shared', {
          planeID: 'p',
          observerURL: 'https://observer.shared.example/',
        }),
      ],
      [
        'observabilityplanes',
        plane(
          'ObservabilityPlane',
          'team',
          { observerURL: 'http://observer.team-a.svc:8080' },
          NS,
        ),
      ],
    ];
    for (const [plural, obj] of objects) {
      await kube.create(plural, {
        apiVersion: 'openchoreo.dev/v1alpha1',
        ...obj,
      });
    }
    cluster = new ClusterState(
      {
        name: 'prod',
        connection: {
          authProvider: 'kubeconfig',
          kubeconfig: apiserver.kubeconfig,
        },
      },
      mockServices.logger.mock(),
    );
    await cluster.start();
    await eventually(() => cluster.isReady(), 30_000, 'caches');
  }, 20 * 60_000);

  afterAll(async () => {
    cluster?.stop();
    await apiserver?.stop();
  });

  const resolve = (kind: 'Workflow' | 'ClusterWorkflow', name: string) =>
    new ObserverUrlResolver(cluster).resolve(runOf(kind, name));

  it('follows workflowPlaneRef to the ObservabilityPlane it references', async () => {
    await expect(resolve('Workflow', 'own-plane')).resolves.toBe(
      'http://observer.team-a.svc:8080',
    );
    // Defaulted by the CRD to the ClusterWorkflowPlane 'default', which names a ClusterObservabilityPlane.
    await expect(resolve('Workflow', 'defaulted')).resolves.toBe(
      'https://observer.shared.example',
    );
    await expect(resolve('ClusterWorkflow', 'cw')).resolves.toBe(
      'https://observer.shared.example',
    );
  });

  it("falls back to the namespace's ObservabilityPlane 'default', then the ClusterObservabilityPlane 'default', as occ does", async () => {
    await expect(resolve('Workflow', 'bare-plane')).rejects.toThrow(
      "OpenChoreo's observer of cluster 'prod' cannot be found: no ObservabilityPlane with an observerURL serves Workflow 'bare-plane'",
    );
    await kube.create('clusterobservabilityplanes', {
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'ClusterObservabilityPlane',
      metadata: { name: 'default' },
      spec: {
        clusterAgent: agent,
        planeID: 'p',
        observerURL: 'https://observer.default.example',
      },
    });
    // A new resolver: answers are reused for a minute.
    await expect(resolve('Workflow', 'bare-plane')).resolves.toBe(
      'https://observer.default.example',
    );
  });

  it('reports a referenced plane that does not exist, scrubbed', async () => {
    const error = await resolve('Workflow', 'broken').catch(e => e);
    expect(error).toBeInstanceOf(ObserverError);
    expect(error.message).toMatch(
      /^OpenChoreo's observer of cluster 'prod' cannot be found: the OpenChoreo cluster 'prod' refused to read namespaces\/team-a\/observabilityplanes\/missing: .*not found.* \(error id [0-9a-f]{8}\)$/,
    );
    expect(error.message).not.toContain(new URL(apiserver.url).host);
  });

  it('reads the logs from the observer it resolved', async () => {
    const observer = await startTestObserver();
    try {
      await kube.update('observabilityplanes', NS, 'team', o => {
        o.spec.observerURL = observer.url;
      });
      observer.add([
        {
          namespace: NS,
          workflowRunName: 'own-plane-run',
          taskName: 'fetch',
          timestamp: new Date().toISOString(),
          log: 'fetched 12 repositories',
        },
      ]);
      const observers = new Observers(
        [
          {
            name: 'prod',
            connection: {
              authProvider: 'kubeconfig',
              kubeconfig: apiserver.kubeconfig,
            },
            observer: {
              resolveFromObservabilityPlane: true,
              timeoutMs: 5000,
              maxResponseBytes: 1 << 20,
              maxLinesPerStep: 100,
              ingestionDelayMs: 0,
            },
          },
        ],
        mockServices.logger.mock(),
      );
      const { lines } = await observers.stepLogs(
        cluster,
        runOf('Workflow', 'own-plane'),
        'fetch',
      );
      expect(lines).toEqual([
        {
          task: 'fetch',
          timestamp: expect.any(String),
          text: 'fetched 12 repositories',
        },
      ]);
    } finally {
      await observer.close();
    }
  });
});
