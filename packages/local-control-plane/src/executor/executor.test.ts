import { KubeConfig } from '@kubernetes/client-node';
import { startTestApiServer } from '@openchoreo-workflows/test-apiserver';
import { waitFor } from '../__testUtils__/plane';
import { RawKube } from '../contract/kubeClient';
import { startLocalControlPlane } from '../localControlPlane';
import { loadCrds } from '../server/kinds/customResources';
import { ArgoExecutor } from './argoExecutor';
import { httpExecutorKube } from './httpKube';
import { podLogSink, StepLogSink, StepLogSource } from './logSinks';

// The first start may build the kube-apiserver (minutes when cold).
const START_TIMEOUT_MS = 20 * 60_000;
jest.setTimeout(60_000);

const ARGO = '/apis/argoproj.io/v1alpha1';
const STEP = { 'local.openchoreo.dev/step-seconds': '0.05' };

interface Target {
  raw: RawKube;
  executor: ArgoExecutor;
  /** The main-container lines of a pod, as the target keeps them. */
  mainLines(namespace: string, pod: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** A sink that keeps every line, for a target without pod logs. */
function recordingSink() {
  const lines = new Map<string, string[]>();
  const key = (s: StepLogSource) => `${s.namespace}/${s.pod}/${s.container}`;
  const sink: StepLogSink = {
    write: (s, text) => lines.set(key(s), [...(lines.get(key(s)) ?? []), text]),
    end: () => {},
    podGone: () => {},
    flush: async () => {},
  };
  return { sink, lines };
}

async function localOverHttp(): Promise<Target> {
  const plane = await startLocalControlPlane({ argoExecutor: false });
  const kc = new KubeConfig();
  kc.loadFromString(plane.kubeconfig);
  const executor = new ArgoExecutor({
    kube: httpExecutorKube(kc),
    logs: podLogSink(plane.logs),
    stepSeconds: 2,
  });
  await executor.start();
  const raw = new RawKube(kc);
  return {
    raw,
    executor,
    mainLines: async (ns, pod) => {
      const res = await raw.request(
        'GET',
        `/api/v1/namespaces/${ns}/pods/${pod}/log?container=main`,
      );
      return String(res.body).trim().split('\n');
    },
    stop: async () => {
      executor.stop();
      await plane.stop();
    },
  };
}

async function realApiServer(): Promise<Target> {
  const server = await startTestApiServer({
    crds: loadCrds().filter(c => c.metadata.name.endsWith('.argoproj.io')),
    namespaceLifecycle: true,
  });
  const kc = new KubeConfig();
  kc.loadFromString(server.kubeconfig);
  const { sink, lines } = recordingSink();
  const executor = new ArgoExecutor({
    kube: httpExecutorKube(kc),
    logs: sink,
    stepSeconds: 2,
  });
  await executor.start();
  return {
    raw: new RawKube(kc),
    executor,
    mainLines: async (ns, pod) => lines.get(`${ns}/${pod}/main`) ?? [],
    stop: async () => {
      executor.stop();
      await server.stop();
    },
  };
}

const template = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'ClusterWorkflowTemplate',
  metadata: { name: 'exec-build' },
  spec: {
    entrypoint: 'main',
    arguments: { parameters: [{ name: 'repo', value: 'https://git/x' }] },
    templates: [
      {
        name: 'main',
        steps: [
          [{ name: 'clone', template: 'clone' }],
          [{ name: 'build', template: 'build', withItems: ['amd64', 'arm64'] }],
          [
            {
              name: 'report',
              template: 'report',
              arguments: {
                parameters: [
                  {
                    name: 'commit',
                    value: '{{steps.clone.outputs.parameters.commit}}',
                  },
                ],
              },
            },
          ],
        ],
      },
      {
        name: 'clone',
        container: {
          image: 'alpine/git',
          args: ['{{workflow.parameters.repo}}'],
        },
        outputs: { parameters: [{ name: 'commit', value: 'abc1234' }] },
      },
      { name: 'build', container: { image: 'kaniko' } },
      {
        name: 'report',
        inputs: { parameters: [{ name: 'commit' }] },
        container: { image: 'busybox' },
      },
    ],
  },
};

const workflow = (
  namespace: string,
  name: string,
  spec: object,
  extra = {},
) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name, namespace, annotations: { ...STEP, ...extra } },
  spec,
});

describe.each([
  ['the local control plane over HTTP', localOverHttp],
  ['the real kube-apiserver', realApiServer],
] as const)('Argo executor on %s', (_name, start) => {
  let t: Target;
  const ns = 'exec';

  beforeAll(async () => {
    t = await start();
    await t.raw.request('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
    await t.raw.request('POST', `${ARGO}/clusterworkflowtemplates`, template);
  }, START_TIMEOUT_MS);

  afterAll(() => t?.stop());

  const getWf = async (name: string) =>
    (await t.raw.request('GET', `${ARGO}/namespaces/${ns}/workflows/${name}`))
      .body;
  const finished = (name: string) =>
    waitFor(
      async () => {
        const wf = await getWf(name);
        return ['Succeeded', 'Failed', 'Error'].includes(wf?.status?.phase)
          ? wf
          : undefined;
      },
      30_000,
      `workflow ${name} to finish`,
    );
  const podsOf = async (name: string) =>
    (
      await t.raw.request(
        'GET',
        `/api/v1/namespaces/${ns}/pods?labelSelector=workflows.argoproj.io/workflow=${name}`,
      )
    ).body.items as any[];

  it('runs the steps of a ClusterWorkflowTemplate: parallel withItems, outputs passed on, a pod per step', async () => {
    await t.raw.request(
      'POST',
      `${ARGO}/namespaces/${ns}/workflows`,
      workflow(ns, 'steps-1', {
        workflowTemplateRef: { name: 'exec-build', clusterScope: true },
        arguments: { parameters: [{ name: 'repo', value: 'https://git/y' }] },
      }),
    );
    const wf = await finished('steps-1');
    expect(wf.status).toMatchObject({ phase: 'Succeeded', progress: '4/4' });
    expect(wf.metadata.labels).toMatchObject({
      'workflows.argoproj.io/phase': 'Succeeded',
      'workflows.argoproj.io/completed': 'true',
    });
    const nodes = Object.values<any>(wf.status.nodes);
    const pods = nodes.filter(n => n.type === 'Pod');
    expect(pods.map(n => n.displayName).sort()).toEqual([
      'build(0:amd64)',
      'build(1:arm64)',
      'clone',
      'report',
    ]);
    for (const n of pods) {
      expect(n).toMatchObject({
        phase: 'Succeeded',
        templateScope: 'cluster/exec-build',
        outputs: expect.objectContaining({ exitCode: '0' }),
      });
      expect(Date.parse(n.finishedAt)).toBeGreaterThanOrEqual(
        Date.parse(n.startedAt),
      );
    }
    const report = pods.find(n => n.displayName === 'report');
    expect(report.inputs.parameters).toEqual([
      { name: 'commit', value: 'abc1234' },
    ]);
    expect(nodes.filter(n => n.type === 'StepGroup')).toHaveLength(3);

    const podObjects = await podsOf('steps-1');
    expect(podObjects).toHaveLength(4);
    for (const pod of podObjects) {
      const node =
        wf.status.nodes[
          pod.metadata.annotations['workflows.argoproj.io/node-id']
        ];
      expect(pod.metadata.annotations['workflows.argoproj.io/node-name']).toBe(
        node.name,
      );
      expect(pod.metadata.labels['workflows.argoproj.io/completed']).toBe(
        'true',
      );
      expect(pod.status.phase).toBe('Succeeded');
      expect(pod.metadata.ownerReferences[0]).toMatchObject({
        kind: 'Workflow',
        name: 'steps-1',
        uid: wf.metadata.uid,
      });
      const events = await t.raw.request(
        'GET',
        `/api/v1/namespaces/${ns}/events?fieldSelector=involvedObject.name=${pod.metadata.name}`,
      );
      // Named as client-go's recorder names them, so listed in the order written.
      expect(events.body.items.map((e: any) => e.reason)).toEqual([
        'Scheduled',
        'Started',
      ]);
      for (const e of events.body.items) {
        expect(e.metadata.name).toMatch(
          new RegExp(`^${pod.metadata.name}\\.[0-9a-f]{16}$`),
        );
      }
    }
    const clonePod = podObjects.find(p =>
      p.metadata.annotations['workflows.argoproj.io/node-name'].endsWith(
        '.clone',
      ),
    );
    expect(await t.mainLines(ns, clonePod.metadata.name)).toEqual(
      expect.arrayContaining([
        'cloning https://git/y@main',
        'output commit=abc1234',
      ]),
    );
  });

  it('fails a DAG at the step an annotation names, and starts nothing after it', async () => {
    await t.raw.request(
      'POST',
      `${ARGO}/namespaces/${ns}/workflows`,
      workflow(
        ns,
        'dag-1',
        {
          entrypoint: 'main',
          templates: [
            {
              name: 'main',
              dag: {
                tasks: [
                  { name: 'extract', template: 'leaf' },
                  { name: 'load', template: 'leaf', depends: 'extract' },
                  { name: 'notify', template: 'leaf', dependencies: ['load'] },
                ],
              },
            },
            { name: 'leaf', container: { image: 'busybox' } },
          ],
        },
        {
          'local.openchoreo.dev/fail-step': 'load',
          'local.openchoreo.dev/fail-message': 'disk full',
        },
      ),
    );
    const wf = await finished('dag-1');
    const pods = Object.values<any>(wf.status.nodes).filter(
      n => n.type === 'Pod',
    );
    expect(wf.status.phase).toBe('Failed');
    expect(pods.map(n => [n.displayName, n.phase, n.message]).sort()).toEqual([
      ['extract', 'Succeeded', undefined],
      ['load', 'Failed', 'Error (exit code 1): disk full'],
    ]);
    expect(wf.status.message).toMatch(/^child 'dag-1-\d+' failed$/);
  });

  it('stops a deleted workflow and deletes its pods', async () => {
    await t.raw.request(
      'POST',
      `${ARGO}/namespaces/${ns}/workflows`,
      workflow(
        ns,
        'slow-1',
        {
          workflowTemplateRef: { name: 'exec-build', clusterScope: true },
        },
        { 'local.openchoreo.dev/step-seconds': '60' },
      ),
    );
    await waitFor(
      async () =>
        (await podsOf('slow-1')).find(p => p.status?.phase === 'Running'),
      30_000,
      'the first pod to run',
    );
    await t.raw.request('DELETE', `${ARGO}/namespaces/${ns}/workflows/slow-1`);
    await waitFor(
      async () => (await podsOf('slow-1')).length === 0,
      30_000,
      'the pods to be deleted',
    );
    expect(
      (await t.raw.request('GET', `${ARGO}/namespaces/${ns}/workflows/slow-1`))
        .status,
    ).toBe(404);
  });

  it('ends in Error naming a missing WorkflowTemplate', async () => {
    await t.raw.request(
      'POST',
      `${ARGO}/namespaces/${ns}/workflows`,
      workflow(ns, 'missing-1', {
        workflowTemplateRef: { name: 'nowhere' },
      }),
    );
    const wf = await finished('missing-1');
    expect(wf.status).toMatchObject({
      phase: 'Error',
      message: 'workflowtemplates.argoproj.io "nowhere" not found',
    });
  });
});
