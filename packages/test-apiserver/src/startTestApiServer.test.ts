import { execFile } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ApiException,
  ApisApi,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  Watch,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import {
  findOpenChoreoFixturesDir,
  startTestApiServer,
  TestApiServer,
} from '.';

// The first start may build the Go binary (minutes when cold); later starts take seconds.
const START_TIMEOUT_MS = 20 * 60_000;
jest.setTimeout(60_000);

const fixtures = findOpenChoreoFixturesDir(__dirname);
function loadFixture(name: string): any[] {
  const text = fs.readFileSync(path.join(fixtures, name), 'utf8');
  return parseAllDocuments(text)
    .map(doc => doc.toJS())
    .filter(Boolean);
}

const group = 'openchoreo.dev';
const version = 'v1alpha1';
const plural = 'workflowruns';
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

function workflowRun(name: string, spec?: object) {
  return {
    apiVersion: `${group}/${version}`,
    kind: 'WorkflowRun',
    metadata: { name, labels: { 'test.openchoreo.dev/suite': 'harness' } },
    spec: spec ?? {
      workflow: { name: 'github-stats-report', parameters: { a: 1 } },
    },
  };
}

async function expectApiError(promise: Promise<unknown>, code: number) {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(ApiException);
  expect((error as ApiException<unknown>).code).toBe(code);
  return error as ApiException<string>;
}

describe('startTestApiServer', () => {
  let server: TestApiServer;
  let kc: KubeConfig;
  let api: CustomObjectsApi;

  beforeAll(async () => {
    server = await startTestApiServer({
      crds: [
        ...loadFixture('crd-workflowruns.yaml'),
        ...loadFixture('crd-clusterworkflows.yaml'),
      ],
    });
    kc = new KubeConfig();
    kc.loadFromString(server.kubeconfig);
    api = kc.makeApiClient(CustomObjectsApi);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await server?.stop();
  });

  it('writes a kubeconfig with a loopback https URL, CA data and a token', () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(fs.readFileSync(server.kubeconfigPath, 'utf8')).toBe(
      server.kubeconfig,
    );
    expect(kc.getCurrentCluster()?.caData).toBeTruthy();
    expect(kc.getCurrentUser()?.token).toBeTruthy();
  });

  it('rejects requests without the token', async () => {
    const anonymous = new KubeConfig();
    anonymous.loadFromOptions({
      clusters: [kc.getCurrentCluster()!],
      users: [{ name: 'nobody' }],
      contexts: [
        { name: 'c', cluster: kc.getCurrentCluster()!.name, user: 'nobody' },
      ],
      currentContext: 'c',
    });
    const error = await expectApiError(
      anonymous.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
        group,
        version,
        namespace: 'default',
        plural,
      }),
      401,
    );
    expect(error.message).toMatch(/401/);
  });

  it('creates, gets, lists, patches and deletes a WorkflowRun; applies CRD defaults', async () => {
    const namespace = 'crud';
    const created = await api.createNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      body: workflowRun('run-1'),
    });
    expect(created.metadata.uid).toBeTruthy();
    expect(created.spec.workflow.kind).toBe('ClusterWorkflow'); // CRD default

    const got = await api.getNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      name: 'run-1',
    });
    expect(got.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(got.spec.workflow.parameters).toEqual({ a: 1 });

    await api.createNamespacedCustomObject({
      group,
      version,
      namespace: 'other-namespace',
      plural,
      body: workflowRun('run-elsewhere'),
    });
    const list = await api.listNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      labelSelector: 'test.openchoreo.dev/suite=harness',
    });
    expect(list.items.map((i: any) => i.metadata.name)).toEqual(['run-1']);

    const patched = await api.patchNamespacedCustomObject(
      {
        group,
        version,
        namespace,
        plural,
        name: 'run-1',
        body: { metadata: { labels: { extra: 'yes' } } },
      },
      mergePatch,
    );
    expect(patched.metadata.labels.extra).toBe('yes');
    expect(Number(patched.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );

    await api.deleteNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      name: 'run-1',
    });
    await expectApiError(
      api.getNamespacedCustomObject({
        group,
        version,
        namespace,
        plural,
        name: 'run-1',
      }),
      404,
    );
  });

  it('returns 409 Conflict for an update with a stale resourceVersion', async () => {
    const namespace = 'conflict';
    const created = await api.createNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      body: workflowRun('run-1'),
    });
    await api.patchNamespacedCustomObject(
      {
        group,
        version,
        namespace,
        plural,
        name: 'run-1',
        body: { metadata: { labels: { bump: '1' } } },
      },
      mergePatch,
    );
    const error = await expectApiError(
      api.replaceNamespacedCustomObject({
        group,
        version,
        namespace,
        plural,
        name: 'run-1',
        body: created, // still carries the old resourceVersion
      }),
      409,
    );
    expect(JSON.parse(error.body).reason).toBe('Conflict');
  });

  it('returns 422 Invalid for schema and CEL rule violations', async () => {
    const namespace = 'invalid';
    const bad = await expectApiError(
      api.createNamespacedCustomObject({
        group,
        version,
        namespace,
        plural,
        body: workflowRun('bad', {
          workflow: { kind: 'NotAKind', name: 'x' },
          ttlAfterCompletion: 'tomorrow',
        }),
      }),
      422,
    );
    const status = JSON.parse(bad.body);
    expect(status.reason).toBe('Invalid');
    expect(status.details.causes.map((c: any) => c.field)).toEqual(
      expect.arrayContaining(['spec.ttlAfterCompletion', 'spec.workflow.kind']),
    );

    await api.createNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      body: workflowRun('good'),
    });
    const immutable = await expectApiError(
      api.patchNamespacedCustomObject(
        {
          group,
          version,
          namespace,
          plural,
          name: 'good',
          body: { spec: { workflow: { name: 'renamed' } } },
        },
        mergePatch,
      ),
      422,
    );
    expect(immutable.body).toContain('name is immutable'); // x-kubernetes-validations (CEL)
  });

  it('serves the status subresource separately from the main resource', async () => {
    const namespace = 'status';
    await api.createNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      body: {
        ...workflowRun('run-1'),
        status: { startedAt: '2026-01-01T00:00:00Z' },
      },
    });
    const got = await api.getNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      name: 'run-1',
    });
    expect(got.status).toBeUndefined(); // status is ignored on create

    const condition = {
      type: 'WorkflowRunning',
      status: 'True',
      reason: 'Running',
      message: 'running',
      lastTransitionTime: '2026-01-01T00:00:00Z',
    };
    const patched = await api.patchNamespacedCustomObjectStatus(
      {
        group,
        version,
        namespace,
        plural,
        name: 'run-1',
        body: { status: { conditions: [condition] } },
      },
      mergePatch,
    );
    expect(patched.status.conditions).toEqual([condition]);
    expect(patched.metadata.generation).toBe(1); // status writes don't bump generation
  });

  it('serves cluster-scoped custom resources and generic KubernetesObjectApi access', async () => {
    const [clusterWorkflow] = loadFixture(
      'sample-dockerfile-builder-clusterworkflow.yaml',
    );
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const created = await objects.create(clusterWorkflow);
    expect(created.metadata?.namespace).toBeUndefined();
    const read = await objects.read({
      apiVersion: clusterWorkflow.apiVersion,
      kind: 'ClusterWorkflow',
      metadata: { name: clusterWorkflow.metadata.name },
    });
    expect(read.metadata?.uid).toBe(created.metadata?.uid);
  });

  it('watches from a resourceVersion and sends bookmarks', async () => {
    const namespace = 'watch';
    const created = await api.createNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      body: workflowRun('run-1'),
    });
    // Changes made after `created` but before the watch starts must still arrive.
    await api.patchNamespacedCustomObject(
      {
        group,
        version,
        namespace,
        plural,
        name: 'run-1',
        body: { metadata: { labels: { step: 'patched' } } },
      },
      mergePatch,
    );
    await api.deleteNamespacedCustomObject({
      group,
      version,
      namespace,
      plural,
      name: 'run-1',
    });

    // A bookmark carries a newer resourceVersion, so it only comes once the
    // store has moved on: a write elsewhere does that on this quiet server.
    let elsewhereRv = Infinity;
    const events: string[] = [];
    let bookmarkRv = 0;
    await new Promise<void>((resolve, reject) => {
      new Watch(kc)
        .watch(
          `/apis/${group}/${version}/namespaces/${namespace}/${plural}`,
          {
            resourceVersion: created.metadata.resourceVersion,
            allowWatchBookmarks: true,
            timeoutSeconds: 5,
          },
          (phase, obj) => {
            if (phase === 'BOOKMARK') {
              bookmarkRv = Math.max(
                bookmarkRv,
                Number(obj.metadata.resourceVersion),
              );
              return;
            }
            events.push(`${phase} ${obj.metadata.labels?.step ?? '-'}`);
            if (phase === 'DELETED') {
              api
                .createNamespacedCustomObject({
                  group,
                  version,
                  namespace: 'watch-elsewhere',
                  plural,
                  body: workflowRun('run-2'),
                })
                .then(
                  o => (elsewhereRv = Number(o.metadata.resourceVersion)),
                  reject,
                );
            }
          },
          err => (err ? reject(err) : resolve()),
        )
        .catch(reject);
    });
    expect(events).toEqual(['MODIFIED patched', 'DELETED patched']);
    expect(bookmarkRv).toBeGreaterThanOrEqual(elsewhereRv);
  });

  it('serves the core API: kubectl (protobuf) creates a namespace, pods and events are stored', async () => {
    await promisify(execFile)('kubectl', [
      '--kubeconfig',
      server.kubeconfigPath,
      'create',
      'namespace',
      'made-by-kubectl',
    ]);
    const core = kc.makeApiClient(CoreV1Api);
    const namespace = await core.readNamespace({ name: 'made-by-kubectl' });
    expect(namespace.status?.phase).toBe('Active');

    const pod = await core.createNamespacedPod({
      namespace: 'made-by-kubectl',
      body: {
        metadata: { name: 'step-1' },
        spec: { containers: [{ name: 'main', image: 'busybox' }] },
      },
    });
    expect(pod.status?.phase).toBe('Pending'); // no kubelet runs it
    await core.createNamespacedEvent({
      namespace: 'made-by-kubectl',
      body: {
        metadata: { name: 'step-1.scheduled' },
        involvedObject: {
          kind: 'Pod',
          name: 'step-1',
          namespace: 'made-by-kubectl',
        },
        reason: 'Scheduled',
        message: 'assigned',
        type: 'Normal',
      },
    });
    const events = await core.listNamespacedEvent({
      namespace: 'made-by-kubectl',
      fieldSelector: 'involvedObject.name=step-1',
    });
    expect(events.items.map(e => e.reason)).toEqual(['Scheduled']);
  });

  it('authorizes with RBAC: a service account without bindings is forbidden', async () => {
    const opts: https.RequestOptions = {
      method: 'GET',
      headers: { 'Impersonate-User': 'system:serviceaccount:default:nobody' },
    };
    await kc.applyToHTTPSOptions(opts);
    const status = await new Promise<any>((resolve, reject) => {
      https
        .request(`${server.url}/api/v1/namespaces/default/pods`, opts, res => {
          let body = '';
          res.on('data', chunk => (body += chunk));
          res.on('end', () => resolve(JSON.parse(body)));
        })
        .on('error', reject)
        .end();
    });
    expect(status).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(status.message).toContain(
      '"system:serviceaccount:default:nobody" cannot list resource "pods"',
    );
  });

  it('lists CRD groups in root discovery (/apis)', async () => {
    const groups = await kc.makeApiClient(ApisApi).getAPIVersions();
    const openchoreo = groups.groups.find(g => g.name === group);
    expect(openchoreo?.preferredVersion?.groupVersion).toBe(
      `${group}/${version}`,
    );
  });

  it('reports 410 Expired when watching from a too old resourceVersion', async () => {
    const events: Array<{ phase: string; obj: any }> = [];
    await new Promise<void>((resolve, reject) => {
      new Watch(kc)
        .watch(
          `/apis/${group}/${version}/namespaces/any/${plural}`,
          { resourceVersion: '1' },
          (phase, obj) => events.push({ phase, obj }),
          err => (err ? reject(err) : resolve()),
        )
        .catch(reject);
    });
    expect(events).toHaveLength(1);
    expect(events[0].phase).toBe('ERROR');
    expect(events[0].obj).toMatchObject({ code: 410, reason: 'Expired' });
  });
});

describe('startTestApiServer with etcd compaction', () => {
  it(
    'answers 410 Expired for a list at a compacted resourceVersion',
    async () => {
      const server = await startTestApiServer({
        crds: loadFixture('crd-workflowruns.yaml'),
        extraArgs: ['--etcd-compaction-interval=1s'],
      });
      try {
        const kc = new KubeConfig();
        kc.loadFromString(server.kubeconfig);
        const api = kc.makeApiClient(CustomObjectsApi);
        const namespace = 'compaction';
        const created = await api.createNamespacedCustomObject({
          group,
          version,
          namespace,
          plural,
          body: workflowRun('run-1'),
        });
        const oldRv = created.metadata.resourceVersion;
        const exactListAtOldRv = () =>
          api.listNamespacedCustomObject({
            group,
            version,
            namespace,
            plural,
            resourceVersion: oldRv,
            resourceVersionMatch: 'Exact',
          });
        await exactListAtOldRv(); // still available
        // Keep writing until the compactor (1 s ticks) has passed oldRv.
        let error: unknown;
        for (let i = 0; i < 60 && !error; i++) {
          await api.patchNamespacedCustomObject(
            {
              group,
              version,
              namespace,
              plural,
              name: 'run-1',
              body: { metadata: { labels: { i: String(i) } } },
            },
            mergePatch,
          );
          await new Promise(r => setTimeout(r, 500));
          error = await exactListAtOldRv().then(
            () => undefined,
            e => e,
          );
        }
        expect(error).toBeInstanceOf(ApiException);
        expect((error as ApiException<string>).code).toBe(410);
        expect(JSON.parse((error as ApiException<string>).body).reason).toBe(
          'Expired',
        );
      } finally {
        await server.stop();
      }
    },
    START_TIMEOUT_MS,
  );
});

describe('startTestApiServer with namespaceLifecycle, and stop()', () => {
  let server: TestApiServer;
  beforeAll(async () => {
    server = await startTestApiServer({
      crds: loadFixture('crd-workflowruns.yaml'),
      namespaceLifecycle: true,
    });
  }, START_TIMEOUT_MS);
  afterAll(() => server?.stop());

  it('rejects objects in a namespace that does not exist, as a real cluster does', async () => {
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeconfig);
    const api = kc.makeApiClient(CustomObjectsApi);
    const create = () =>
      api.createNamespacedCustomObject({
        group,
        version,
        namespace: 'not-created',
        plural,
        body: workflowRun('run-1'),
      });
    const error = await expectApiError(create(), 404);
    expect(JSON.parse(error.body).message).toBe(
      'namespaces "not-created" not found',
    );
    await kc
      .makeApiClient(CoreV1Api)
      .createNamespace({ body: { metadata: { name: 'not-created' } } });
    await expect(create()).resolves.toMatchObject({
      metadata: { name: 'run-1' },
    });
  });

  it('stop() ends the server process and removes its temp dir', async () => {
    const dir = path.dirname(server.kubeconfigPath);
    expect(fs.existsSync(dir)).toBe(true);
    await server.stop();
    await server.stop(); // idempotent
    expect(fs.existsSync(dir)).toBe(false);
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeconfig);
    await expect(
      kc.makeApiClient(CustomObjectsApi).listClusterCustomObject({
        group,
        version,
        plural,
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
