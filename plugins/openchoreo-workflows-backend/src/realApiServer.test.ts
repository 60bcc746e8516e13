import { mockCredentials } from '@backstage/backend-test-utils';
import { TestApiServer } from '@openchoreo-workflows/test-apiserver';
import request from 'supertest';
import {
  OPENCHOREO_GROUP as GROUP,
  OPENCHOREO_VERSION as VERSION,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import {
  eventually,
  kubeConfigOf,
  loadFixture,
  TestKube,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import { API, WorkflowsBackend } from './__testUtils__/backend';
import {
  REAL_API_SERVER_START_MS,
  RealApiServerBackend,
  startOnRealApiServer,
} from './__testUtils__/realApiServer';
import { namespacedStatsReport } from './__testUtils__/statsReport';

jest.setTimeout(60_000);

const NS = 'team-a';

/** A namespaced v1 Workflow with a required parameter, like the ClusterWorkflow fixture. */
function namespacedWorkflow() {
  const wf = namespacedStatsReport(NS);
  wf.spec.parameters.openAPIV3Schema.properties.source.required = ['org'];
  delete wf.spec.parameters.openAPIV3Schema.properties.source.properties.org
    .default;
  return wf;
}

/**
 * The whole backend against the real Kubernetes apiserver (apiextensions-apiserver
 * + etcd, TLS with its own CA, a bearer token): what the local control plane
 * might get wrong about defaulting, validation or TLS shows up here.
 */
describe('openchoreo-workflows backend against the real Kubernetes apiserver', () => {
  let real: RealApiServerBackend;
  let apiserver: TestApiServer;
  let kube: TestKube;
  let backend: WorkflowsBackend;
  let clusterWorkflowName: string;

  const runsIn = async (namespace?: string) =>
    (await kube.client.get(kube.path('workflowruns', namespace), 'list'))
      .items as any[];
  /** Every WorkflowRun in the cluster, as `namespace/name`. */
  const allRuns = async () =>
    (await runsIn()).map(r => `${r.metadata.namespace}/${r.metadata.name}`);

  beforeAll(async () => {
    real = await startOnRealApiServer(async k => {
      const [cw] = loadFixture(
        'sample-github-stats-report-clusterworkflow.yaml',
      );
      clusterWorkflowName = cw.metadata.name;
      await k.create('clusterworkflows', cw);
      await k.create('workflows', namespacedWorkflow());
    });
    ({ apiserver, kube, backend } = real);
  }, REAL_API_SERVER_START_MS);

  afterAll(() => real?.stop());

  it('reaches the server over TLS with the CA and token of the kubeconfig only', () => {
    const kc = kubeConfigOf(apiserver.kubeconfig);
    expect(kc.getCurrentCluster()).toMatchObject({
      server: expect.stringMatching(/^https:/),
      skipTLSVerify: false,
    });
    expect(kc.getCurrentCluster()?.caData).toBeTruthy();
    expect(kc.getCurrentUser()?.token).toBeTruthy();
  });

  it('lists the Workflow and the ClusterWorkflow from the watch caches', async () => {
    const res = await request(backend.server)
      .get(`${API}/workflows`)
      .expect(200);
    const byName = Object.fromEntries(
      res.body.items.map((w: any) => [`${w.kind}/${w.name}`, w]),
    );
    expect(byName['Workflow/stats-report']).toMatchObject({
      namespace: NS,
      generation: 'v1',
      schemaErrorCount: 0,
    });
    expect(byName[`ClusterWorkflow/${clusterWorkflowName}`]).toMatchObject({
      generation: 'v1',
    });
    // The Workflow CRD's default (workflowPlaneRef) was applied by the real apiserver and is served as stored.
    const stored = await kube.get('workflows', NS, 'stats-report');
    expect(stored.spec.workflowPlaneRef).toEqual({
      kind: 'ClusterWorkflowPlane',
      name: 'default',
    });
    const detail = await request(backend.server)
      .get(`${API}/workflows/${NS}/stats-report`)
      .expect(200);
    expect(detail.body.jsonSchema.properties.source.required).toEqual(['org']);
    await request(backend.server)
      .get(`${API}/clusterworkflows/${clusterWorkflowName}`)
      .expect(200);
  });

  it('launches a run of a namespaced Workflow with the kind explicit, and who launched it', async () => {
    const res = await request(backend.server)
      .post(`${API}/runs`)
      .set('Authorization', mockCredentials.user.header('user:default/jane'))
      .send({
        namespace: NS,
        workflow: { kind: 'Workflow', name: 'stats-report' },
        parameters: { source: { org: 'openchoreo' } },
      })
      .expect(201);
    const { name } = res.body;
    const stored = await kube.get('workflowruns', NS, name);
    // The CRD defaults a missing kind to ClusterWorkflow: only an explicit kind points at the Workflow.
    // Only what the user set is sent: OpenChoreo applies the defaults itself (issue 11).
    expect(stored.spec.workflow).toEqual({
      kind: 'Workflow',
      name: 'stats-report',
      parameters: { source: { org: 'openchoreo' } },
    });
    expect(stored.metadata.labels).toMatchObject({
      'openchoreo-workflows.backstage.io/launched-by': 'user.default.jane',
      'openchoreo-workflows.backstage.io/launched-from': 'backstage',
    });
    expect(
      stored.metadata.annotations[
        'openchoreo-workflows.backstage.io/launched-by'
      ],
    ).toBe('user:default/jane');

    const got = await request(backend.server)
      .get(`${API}/runs/${NS}/${name}`)
      .expect(200);
    expect(got.body).toMatchObject({
      name,
      namespace: NS,
      workflow: { kind: 'Workflow', name: 'stats-report' },
      launchedBy: 'user:default/jane',
    });
    // Listed from the cache, also with time bounds at millisecond precision around the second it was created.
    const created = new Date(stored.metadata.creationTimestamp).toISOString();
    const list = await request(backend.server)
      .get(
        `${API}/runs?workflow=stats-report&since=${created}&until=${created}`,
      )
      .expect(200);
    expect(list.body.items.map((r: any) => r.name)).toEqual([name]);
  });

  it('launches a ClusterWorkflow run, and reads runs the CRD defaulted to ClusterWorkflow', async () => {
    const res = await request(backend.server)
      .post(`${API}/runs`)
      .send({
        namespace: 'team-b',
        workflow: { kind: 'ClusterWorkflow', name: clusterWorkflowName },
        parameters: {},
      })
      .expect(201);
    const stored = await kube.get('workflowruns', 'team-b', res.body.name);
    expect(stored.spec.workflow).toMatchObject({
      kind: 'ClusterWorkflow',
      name: clusterWorkflowName,
    });

    // A run created elsewhere (kubectl, another tool) without a kind: the apiserver's default applies.
    await kube.create('workflowruns', {
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'WorkflowRun',
      metadata: { name: 'by-kubectl', namespace: 'team-b' },
      spec: { workflow: { name: clusterWorkflowName } },
    });
    const run = await eventually(
      async () => {
        const r = await request(backend.server).get(
          `${API}/runs/team-b/by-kubectl`,
        );
        return r.status === 200 ? r.body : undefined;
      },
      10_000,
      'the kubectl run in the cache',
    );
    expect(run.workflow).toMatchObject({
      kind: 'ClusterWorkflow',
      name: clusterWorkflowName,
    });
    const history = await request(backend.server)
      .get(
        `${API}/runs?workflow=${clusterWorkflowName}&workflowKind=ClusterWorkflow&namespace=team-b`,
      )
      .expect(200);
    expect(history.body.items.map((r: any) => r.name).sort()).toEqual(
      ['by-kubectl', res.body.name].sort(),
    );
  });

  it('refuses invalid launches, creating nothing', async () => {
    const before = await allRuns();
    const missing = await request(backend.server)
      .post(`${API}/runs`)
      .send({
        namespace: NS,
        workflow: { kind: 'Workflow', name: 'stats-report' },
        parameters: { source: {} },
      })
      .expect(400);
    expect(missing.body.fieldErrors).toContainEqual({
      path: 'source.org',
      message: expect.any(String),
    });
    const badEnum = await request(backend.server)
      .post(`${API}/runs`)
      .send({
        namespace: NS,
        workflow: { kind: 'Workflow', name: 'stats-report' },
        parameters: { source: { org: 'x' }, output: { format: 'pdf' } },
      })
      .expect(400);
    expect(badEnum.body.fieldErrors).toContainEqual({
      path: 'output.format',
      message: expect.any(String),
    });
    // A namespace the apiserver rejects (not a DNS-1123 label) is a 400 too, not a 500.
    const badNs = await request(backend.server)
      .post(`${API}/runs`)
      .send({
        namespace: 'Not_A_Namespace',
        workflow: { kind: 'ClusterWorkflow', name: clusterWorkflowName },
        parameters: {},
      });
    expect(badNs.status).toBe(400);
    expect(badNs.body.error.name).toBe('InputError');
    expect(await allRuns()).toEqual(before);
  });

  it('maps the real apiserver validation errors of its own writes to 400s', async () => {
    // The CRD's enum on spec.workflow.kind, enforced by the apiserver (422), through KubeClient.
    const err = await kube
      .create('workflowruns', {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'WorkflowRun',
        metadata: { name: 'bad-kind', namespace: NS },
        spec: { workflow: { kind: 'Pipeline', name: 'x' } },
      })
      .then(
        () => undefined,
        e => e,
      );
    expect(err?.name).toBe('InputError');
    expect(err?.message).toContain('spec.workflow.kind');
  });
});
