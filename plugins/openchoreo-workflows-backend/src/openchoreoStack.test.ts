import {
  argoExecutor,
  createObjects,
  loadYamlDocuments,
  OpenChoreoStack,
  startOpenChoreoStack,
} from '@openchoreo-workflows/openchoreo-stack';
import { requestJson } from '@openchoreo-workflows/test-apiserver';
import {
  eventually,
  kubeConfigOf,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import {
  demoCases,
  EXTERNAL_SECRET_CRD,
  variantOf,
  Outcome,
  sampleCases,
  StackCase,
} from './__testUtils__/stackCases';
import {
  comparable,
  escapeRegExp,
  percentile,
} from './__testUtils__/stackCompare';
import { openSse, SseClient } from './__testUtils__/sse';
import {
  API,
  startWorkflowsBackend,
  kubeconfigCluster,
} from './__testUtils__/backend';

// The first start may build the Go tools (many minutes when cold).
const BUILD_TIMEOUT_MS = 40 * 60_000;
// OpenChoreo's controller looks at a Running run's Argo Workflow every 20 s.
const RUN_TIMEOUT_MS = 120_000;
jest.setTimeout(RUN_TIMEOUT_MS + 30_000);

const NS = 'default';
const OC = '/apis/openchoreo.dev/v1alpha1';
const ARGO = '/apis/argoproj.io/v1alpha1';
const STEP_SECONDS = 0.2;
const LABEL_RUN = 'openchoreo.dev/workflowrun';
const TERMINAL = ['Succeeded', 'Failed'];

const succeeds: Outcome = { phase: 'Succeeded' };
/** A component workflow launched without the project and component labels a component's run carries. */
const componentLabelsMissing: Outcome = {
  renderError: /^no such key: openchoreo\.dev\/component$/,
};
/** A CI builder OpenChoreo's ClusterComponentType `service` allows: it runs as a component's build. */
const componentBuild: Outcome = {
  ...componentLabelsMissing,
  asComponentBuild: true,
};
/** The component whose builds the CI samples run as (owned by project `default`). */
const COMPONENT = {
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'Component',
  metadata: { name: 'greeter', namespace: NS },
  spec: {
    owner: { projectName: 'default' },
    componentType: { kind: 'ClusterComponentType', name: 'deployment/service' },
  },
};
const COMPONENT_LABELS = {
  'openchoreo.dev/project': 'default',
  'openchoreo.dev/component': 'greeter',
};
/** What each workflow's run ends as on the real stack; a workflow missing here fails the test. */
const OUTCOMES: Record<string, Outcome> = {
  'demo cloud-database-provision': succeeds,
  'demo nightly-data-pipeline': succeeds,
  'demo database-migration': { phase: 'Failed' },
  'sample workflows/github-stats-report/github-stats-report': succeeds,
  'sample workflows/scm-create-repo/scm-codecommit-create-repo': succeeds,
  'sample workflows/scm-create-repo/scm-github-create-repo': succeeds,
  'sample workflows/aws-rds-postgres/aws-rds-postgres-create': succeeds,
  'sample workflows/aws-rds-postgres/aws-rds-postgres-delete': succeeds,
  'sample workflows/azure-sql-database/azure-sql-database-create': succeeds,
  'sample workflows/azure-sql-database/azure-sql-database-delete': succeeds,
  'sample workflows/custom-steps/dockerfile-builder-linter':
    componentLabelsMissing,
  'sample getting-started/ci-workflows/ballerina-buildpack-builder':
    componentBuild,
  'sample getting-started/ci-workflows/dockerfile-builder': componentBuild,
  'sample getting-started/ci-workflows/gcp-buildpacks-builder': componentBuild,
  'sample getting-started/ci-workflows/paketo-buildpacks-builder':
    componentBuild,
};
/** How OpenChoreo's controller logs a render error (the run stays Pending without a condition). */
const RENDER_ERROR =
  /"error": "failed to render template: failed to render workflow resource: CEL evaluation error in expression '(.*)': (.*)"}$/;
/**
 * Where our preview words a render error differently from OpenChoreo (its
 * words → ours), to be removed as the wording follows OpenChoreo's: the
 * preview is meant to say what OpenChoreo will say.
 */
const KNOWN_WORDING: Record<string, string> = {
  'no such key: openchoreo.dev/component':
    'No such key: openchoreo.dev/component',
};

/** The CI builders come without a sample run: what a user must enter. */
const repository = {
  repository: {
    url: 'https://github.com/openchoreo/sample-workloads',
    appPath: '/service-go-greeter',
  },
};
const FALLBACK_PARAMETERS = {
  'dockerfile-builder-linter': repository,
  'ballerina-buildpack-builder': repository,
  'dockerfile-builder': repository,
  'gcp-buildpacks-builder': repository,
  'paketo-buildpacks-builder': repository,
};

/** A preview and a launch through our API, and the run's end. */
interface Launched {
  preview: any;
  launch: { status: number; body: any };
  /** Our view of the run once it ended (GET /runs/{ns}/{name}). */
  settled?: Promise<any>;
}

let stack: OpenChoreoStack;
let server: any;
let cases: StackCase[] = [];
const launched = new Map<string, Promise<Launched>>();
/** Runs created as a component's build (by case id): our view once they ended. */
const componentBuilds = new Map<
  string,
  { name: string; settled: Promise<any> }
>();
/** Every status write of the executor: run name, Argo phase, when. */
const writes: Array<{ run: string; phase: string; at: number }> = [];
/** Every event of `/stream`, stamped with when it arrived (Date.now()). */
let stream: SseClient<number>;
const stops: Array<() => unknown> = [];

const kube = (method: string, apiPath: string, body?: object) =>
  requestJson(kubeConfigOf(stack.kubeconfig), method, apiPath, body);
const kubeOptional = (apiPath: string) =>
  kube('GET', apiPath).catch(e =>
    /failed with 404/.test(String(e)) ? undefined : Promise.reject(e),
  );
const api = () => request(server);

const workflowPath = (c: Pick<StackCase, 'workflow'>) =>
  c.workflow.kind === 'ClusterWorkflow'
    ? `${API}/clusterworkflows/${c.workflow.name}`
    : `${API}/workflows/${NS}/${c.workflow.name}`;

/** Our view of a run once it ended. */
const settle = (name: string) =>
  eventually(
    async () => {
      const res = await api().get(`${API}/runs/${NS}/${name}`);
      return TERMINAL.includes(res.body?.phase) ? res.body : undefined;
    },
    RUN_TIMEOUT_MS,
    `run ${name} to end`,
  );

async function previewAndLaunch(c: StackCase): Promise<Launched> {
  const preview = await api()
    .post(`${workflowPath(c)}/preview`)
    .send({ namespace: NS, parameters: c.parameters });
  const launch = await api()
    .post(`${API}/runs`)
    .send({ namespace: NS, workflow: c.workflow, parameters: c.parameters });
  return {
    preview: preview.body,
    launch: { status: launch.status, body: launch.body },
    settled: launch.status === 201 ? settle(launch.body.name) : undefined,
  };
}

const DEMO_BASE = 'cloud-database-provision';
let demoBase: any;
let demoParameters: Record<string, unknown>;
/** A run of the demo with `ttlAfterCompletion: 5s`. */
let shortLived: Promise<Launched>;

beforeAll(async () => {
  stack = await startOpenChoreoStack({
    executor: argoExecutor({
      stepSeconds: STEP_SECONDS,
      onStatusWritten: wf => {
        const run = wf.metadata.labels?.[LABEL_RUN];
        if (run)
          writes.push({
            run,
            phase: (wf as any).status?.phase,
            at: Date.now(),
          });
      },
    }),
  });
  stops.push(() => stack.stop());
  const demo = demoCases(OUTCOMES);
  const samples = sampleCases(
    stack.openChoreoModuleDir,
    OUTCOMES,
    FALLBACK_PARAMETERS,
  );
  cases = [...demo.cases, ...samples.cases];
  demoBase = demo.objects.find(
    o => o.kind === 'ClusterWorkflow' && o.metadata.name === DEMO_BASE,
  );
  demoParameters = demo.cases.find(
    c => c.workflow.name === DEMO_BASE,
  )!.parameters;
  const variants = [
    variantOf(demoBase, 'slow-database', w => {
      w.spec.runTemplate.metadata.annotations = {
        'local.openchoreo.dev/step-seconds': '60',
      };
    }),
    variantOf(demoBase, 'short-lived-database', w => {
      w.spec.ttlAfterCompletion = '5s';
    }),
    // Issue 11's held-out case: integer arithmetic on a number parameter.
    variantOf(demoBase, 'counted-database', w => {
      w.spec.parameters.openAPIV3Schema.properties.count = {
        type: 'integer',
        default: 3,
      };
      w.spec.runTemplate.spec.arguments.parameters.push({
        name: 'instances',
        value: '${parameters.count * 100 + 1}',
      });
    }),
  ];
  await kube(
    'POST',
    '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    EXTERNAL_SECRET_CRD,
  );
  await createObjects(stack.kubeconfig, [
    ...demo.objects,
    ...samples.objects,
    ...variants,
  ]);
  // OpenChoreo's own ClusterComponentType `service` (it allows the CI builders) and a component of it.
  const [serviceType] = loadYamlDocuments(
    path.join(
      stack.openChoreoModuleDir,
      'samples/getting-started/component-types/service.yaml',
    ),
  );
  await kube('POST', `${OC}/clustercomponenttypes`, serviceType);
  await kube('POST', `${OC}/namespaces/${NS}/components`, COMPONENT);

  const backend = await startWorkflowsBackend(
    {
      clusters: [
        {
          ...kubeconfigCluster(stack.kubeconfigPath, 'openchoreo'),
          // The stack's ClusterObservabilityPlane `default` names the
          // stub gateway's test observer, which has every step's lines
          // as soon as the step wrote them: no ingestion delay.
          observer: {
            resolveFromObservabilityPlane: true,
            ingestionDelaySeconds: 0,
          },
        },
      ],
    },
    { ready: false },
  );
  stops.unshift(() => backend.stop());
  server = backend.server;
  await eventually(
    async () => {
      const res = await api().get(`${API}/workflows`);
      return res.body.items?.length >= cases.length + variants.length
        ? true
        : undefined;
    },
    30_000,
    'every workflow in the watch caches',
  );
  stream = openSse(server, `${API}/stream`, {
    headers: { Accept: 'text/event-stream' },
    stamp: () => Date.now(),
  });
  await stream.connected;
  // One after the other: a user's evaluations are queued with a per-user limit.
  for (const c of cases) {
    const done = previewAndLaunch(c);
    launched.set(c.id, done);
    await done;
  }
  for (const c of cases) {
    if (!('renderError' in c.outcome) || !c.outcome.asComponentBuild) continue;
    const name = `${c.workflow.name}-greeter`;
    await kube('POST', `${OC}/namespaces/${NS}/workflowruns`, {
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'WorkflowRun',
      metadata: { name, namespace: NS, labels: COMPONENT_LABELS },
      spec: { workflow: { ...c.workflow, parameters: c.parameters } },
    });
    componentBuilds.set(c.id, { name, settled: settle(name) });
  }
  shortLived = previewAndLaunch({
    workflow: { kind: 'ClusterWorkflow', name: 'short-lived-database' },
    parameters: demoParameters,
  } as StackCase);
  await shortLived;
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  for (const stop of stops) await stop();
});

describe.each(OUTCOMES_ORDER())('%s', id => {
  const caseOf = () => cases.find(c => c.id === id)!;
  const outcome = OUTCOMES[id];

  const discovered = async () => {
    const c = caseOf();
    const list = await api().get(`${API}/workflows`).expect(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ kind: c.workflow.kind, name: c.workflow.name }),
    );
    const { preview, launch } = await launched.get(id)!;
    expect(preview.errors).toEqual([]);
    return { preview, launch };
  };

  if ('renderError' in outcome) {
    it('is discovered; the preview shows the render error and our launch refuses it with it', async () => {
      const { preview, launch } = await discovered();
      expect(preview.renderError.message).toMatch(/no such key/i);
      expect(launch.status).toBe(422);
      expect(launch.body.fieldErrors[0].message).toContain(
        preview.renderError.message,
      );
    });
  } else {
    it('is discovered, previewed and launched through our API', async () => {
      const { preview, launch } = await discovered();
      expect(preview.renderError).toBeUndefined();
      expect(launch.status).toBe(201);
    });
  }

  if ('renderError' in outcome) {
    it('fails in OpenChoreo as our preview says: the run stays Pending and the controller logs why', async () => {
      const c = caseOf();
      const name = `${c.workflow.name}-by-kubectl`;
      // As kubectl would create it: the user's parameters, nothing else.
      await kube('POST', `${OC}/namespaces/${NS}/workflowruns`, {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'WorkflowRun',
        metadata: { name, namespace: NS },
        spec: { workflow: { ...c.workflow, parameters: c.parameters } },
      });
      const logged = await renderErrorLogged(name);
      const theirs = RENDER_ERROR.exec(logged)!;
      expect(theirs).not.toBeNull();
      const [, expression, reason] = theirs;
      expect(reason).toMatch(outcome.renderError);
      const { preview } = await launched.get(id)!;
      expect(preview.renderError.expression).toBe(expression);
      expect(preview.renderError.message).toContain(
        KNOWN_WORDING[reason] ?? reason,
      );
      const run = await kube(
        'GET',
        `${OC}/namespaces/${NS}/workflowruns/${name}`,
      );
      expect(run.status.runReference).toBeUndefined();
      expect(
        run.status.conditions.map((x: any) => [x.type, x.status, x.reason]),
      ).toEqual([['WorkflowCompleted', 'False', 'WorkflowPending']]);
      const ours = await api().get(`${API}/runs/${NS}/${name}`).expect(200);
      expect(ours.body.phase).toBe('Pending');
    });
    if (outcome.asComponentBuild) {
      it("runs as a component's build (OpenChoreo's labels): Succeeded, its ExternalSecret applied, our steps are status.tasks", async () => {
        const { name, settled } = componentBuilds.get(id)!;
        const ours = await settled;
        expect(ours.phase).toBe('Succeeded');
        const run = await kube(
          'GET',
          `${OC}/namespaces/${NS}/workflowruns/${name}`,
        );
        expect(run.status.resources).toEqual([
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            name: `${name}-registry-push-secret`,
            namespace: `workflows-${NS}`,
          },
        ]);
        await kube(
          'GET',
          `/apis/external-secrets.io/v1/namespaces/workflows-${NS}/externalsecrets/${name}-registry-push-secret`,
        );
        expectSameTasks(ours.tasks, run.status.tasks);
      });
    }
    return;
  }

  it("OpenChoreo's controller created the Argo Workflow our preview showed", async () => {
    const { preview, launch } = await launched.get(id)!;
    // The controller creates it asynchronously: a reconcile that does not
    // find the workflow plane yet retries after a minute (OpenChoreo's
    // workflowrun controller), so wait as long as a run may take.
    const list = await eventually(
      async () => {
        const found = await kube(
          'GET',
          `${ARGO}/namespaces/workflows-${NS}/workflows?labelSelector=${LABEL_RUN}=${launch.body.name}`,
        );
        return found.items.length ? found : undefined;
      },
      RUN_TIMEOUT_MS,
      `the Argo Workflow of ${launch.body.name}`,
    );
    expect(list.items).toHaveLength(1);
    expect(comparable(list.items[0], launch.body.name)).toEqual(
      comparable(preview.objects[0], 'preview'),
    );
  });

  it(`runs to ${outcome.phase}; our steps are the run's status.tasks and each step's log is in the observer`, async () => {
    const { launch, settled } = await launched.get(id)!;
    const ours = await settled!;
    expect(ours.phase).toBe(outcome.phase);
    const run = await kube(
      'GET',
      `${OC}/namespaces/${NS}/workflowruns/${launch.body.name}`,
    );
    const theirs = expectSameTasks(ours.tasks, run.status.tasks);
    for (const task of theirs) {
      const logs = await observerLogs(launch.body.name, task.name);
      expect(logs[0]).toMatch(
        new RegExp(`^starting step ${escapeRegExp(task.name)} `),
      );
      expect(logs[logs.length - 1]).toMatch(
        task.phase === 'Succeeded'
          ? /^(step .* finished|output .*)$/
          : /^error: /,
      );
    }
  });
});

describe('a run on the real stack, through our API', () => {
  // Before the backends stop: startTestBackend's own afterAll waits for open streams.
  afterAll(() => stream.close());

  const runPath = (name: string) =>
    `${OC}/namespaces/${NS}/workflowruns/${name}`;
  const podsOf = async (argo: string) =>
    (
      await kube(
        'GET',
        `/api/v1/namespaces/workflows-${NS}/pods?labelSelector=workflows.argoproj.io/workflow=${argo}`,
      )
    ).items;

  it("stops: OpenChoreo's finalizer deletes the Argo Workflow, the executor its pods, and our history says Stopped", async () => {
    const launch = await api()
      .post(`${API}/runs`)
      .send({
        namespace: NS,
        workflow: { kind: 'ClusterWorkflow', name: 'slow-database' },
        parameters: demoParameters,
      })
      .expect(201);
    const name = launch.body.name;
    const running = await eventually(
      async () => {
        const res = await api().get(`${API}/runs/${NS}/${name}`);
        return res.body.phase === 'Running' ? res.body : undefined;
      },
      RUN_TIMEOUT_MS,
      `run ${name} to be Running`,
    );
    const argo = running.runReference.name;
    await eventually(
      async () => ((await podsOf(argo)).length ? true : undefined),
      RUN_TIMEOUT_MS,
      'a step pod',
    );
    expect((await kube('GET', runPath(name))).metadata.finalizers).toEqual([
      'openchoreo.dev/workflowrun-cleanup',
    ]);
    const stopped = await api().delete(`${API}/runs/${NS}/${name}`).expect(200);
    expect(stopped.body).toMatchObject({ phase: 'Failed', reason: 'Stopped' });
    await eventually(
      async () => ((await kubeOptional(runPath(name))) ? undefined : true),
      RUN_TIMEOUT_MS,
      'OpenChoreo to remove its finalizer',
    );
    expect(
      await kubeOptional(
        `${ARGO}/namespaces/workflows-${NS}/workflows/${argo}`,
      ),
    ).toBeUndefined();
    await eventually(
      async () => ((await podsOf(argo)).length ? undefined : true),
      RUN_TIMEOUT_MS,
      'the pods to be deleted',
    );
    const history = await api().get(`${API}/runs/${NS}/${name}`).expect(200);
    expect(history.body).toMatchObject({
      archived: true,
      phase: 'Failed',
      reason: 'Stopped',
      parameters: launch.body.parameters,
    });
  });

  it('re-runs a finished run with the same parameters', async () => {
    const { launch, settled } = await launched.get(
      'demo cloud-database-provision',
    )!;
    await settled;
    const rerun = await api()
      .post(`${API}/runs/${NS}/${launch.body.name}/rerun`)
      .send({})
      .expect(201);
    expect(rerun.body.name).not.toBe(launch.body.name);
    const [original, again] = await Promise.all([
      kube('GET', runPath(launch.body.name)),
      kube('GET', runPath(rerun.body.name)),
    ]);
    expect(again.spec.workflow).toEqual(original.spec.workflow);
    expect((await settle(rerun.body.name)).phase).toBe('Succeeded');
  });

  it("shows each step's Kubernetes Events as the real API server lists them", async () => {
    const { launch, settled } = await launched.get(
      'demo cloud-database-provision',
    )!;
    const finished = await settled!;
    for (const task of finished.tasks) {
      const res = await api()
        .get(`${API}/runs/${NS}/${launch.body.name}/events?task=${task.name}`)
        .expect(200);
      expect(res.body.message).toBeUndefined();
      // What the executor wrote for the step's pod, in the order written.
      expect(res.body.items.map((e: any) => [e.type, e.reason])).toEqual([
        ['Normal', 'Scheduled'],
        ['Normal', 'Started'],
      ]);
      expect(res.body.items[0].pod).toBe(res.body.items[1].pod);
    }
  });

  it('keeps a run OpenChoreo deleted after its ttlAfterCompletion: parameters and steps in our history', async () => {
    const { launch, settled } = await shortLived;
    const name = launch.body.name;
    const finished = await settled!;
    expect(finished.phase).toBe('Succeeded');
    // What the run page reads while the run exists, as a user would.
    const live = await api().get(`${API}/runs/${NS}/${name}/logs`).expect(200);
    await eventually(
      async () => ((await kubeOptional(runPath(name))) ? undefined : true),
      RUN_TIMEOUT_MS,
      'OpenChoreo to delete the run after its TTL',
    );
    const history = await eventually(
      async () => {
        const res = await api().get(`${API}/runs/${NS}/${name}`);
        return res.body.archived ? res.body : undefined;
      },
      30_000,
      'the run in our history',
    );
    // OpenChoreo's controller copied the workflow's TTL into the run: the
    // run page tells when it leaves the cluster from it.
    expect(finished.ttlAfterCompletion).toBe('5s');
    expect(history).toMatchObject({
      phase: 'Succeeded',
      parameters: launch.body.parameters,
      ttlAfterCompletion: '5s',
    });
    expect(history.tasks.map((t: any) => [t.name, t.phase])).toEqual(
      finished.tasks.map((t: any) => [t.name, t.phase]),
    );
    const kept = await api().get(`${API}/runs/${NS}/${name}/logs`).expect(200);
    // No kubelet serves pods/log here: each step's lines are read from
    // OpenChoreo's observer (the stub gateway's), then kept once complete.
    const observed: string[] = [];
    for (const task of finished.tasks) {
      const lines = await observerLogs(name, task.name);
      expect(lines).not.toEqual([]);
      observed.push(...lines);
    }
    const texts = (body: any) => body.lines.map((l: any) => l.text);
    expect(texts(live.body)).toEqual(observed);
    expect(live.body.steps).toEqual(
      finished.tasks.map((t: any) => ({
        task: t.name,
        source: 'observer',
        // Its pod cannot be read, or (a 5 s TTL) the run is already gone.
        reason: expect.stringMatching(/^(logUnreadable|podGone|runDeleted)$/),
        note: expect.stringMatching(/^read from OpenChoreo's observer: /),
      })),
    );
    expect(texts(kept.body)).toEqual(observed);
    expect(kept.body.complete).toBe(true);
    expect(kept.body.steps).toEqual(
      finished.tasks.map((t: any) => ({ task: t.name, source: 'archive' })),
    );
  });

  it("measures status change (the executor's write) to our /stream, the controller's requeue included", () => {
    const deltas = { Running: [] as number[], finished: [] as number[] };
    for (const [run, phases] of Object.entries(groupWrites())) {
      const events = stream.events.filter(e => e.data?.run?.name === run);
      for (const [phase, at] of Object.entries(phases)) {
        const seen = events.find(e =>
          phase === 'Running'
            ? e.data.run.phase === 'Running'
            : e.data.run.phase === phase,
        );
        if (!seen) continue;
        (phase === 'Running' ? deltas.Running : deltas.finished).push(
          seen.stamp! - at,
        );
      }
    }
    const summary = Object.fromEntries(
      Object.entries(deltas).map(([k, v]) => [
        k,
        {
          n: v.length,
          p50: percentile(v, 50),
          p99: percentile(v, 99),
          max: Math.max(...v),
        },
      ]),
    );
    // Not an assertion on time: reported by the suite (issue 11).
    process.stdout.write(
      `status -> /stream latency on the real stack (ms): ${JSON.stringify(
        summary,
      )}\n`,
    );
    expect(deltas.finished.length).toBeGreaterThanOrEqual(10);
  });
});

/** The line in which OpenChoreo's controller logs that it cannot render a run. */
function renderErrorLogged(run: string): Promise<string> {
  return eventually(
    () =>
      fs
        .readFileSync(path.join(stack.logDir, 'manager.log'), 'utf8')
        .split('\n')
        .find(l => l.includes('failed to render workflow') && l.includes(run)),
    RUN_TIMEOUT_MS,
    `the controller's render error for ${run}`,
  );
}

/**
 * Our steps view equals OpenChoreo's status.tasks. OpenChoreo orders the
 * tasks of one step group or DAG level as Go iterates a map (at random), ours
 * by start time: compared as sets. Returns OpenChoreo's tasks.
 */
function expectSameTasks(ours: any[], tasks: any[]) {
  const theirs = tasks.map((t: any) => ({
    name: t.name,
    phase: t.phase,
    startedAt: t.startedAt,
    completedAt: t.completedAt,
    ...(t.message ? { message: t.message } : {}),
  }));
  const mine = ours.map(({ durationMs: _d, ...t }: any) => t);
  const byName = (a: any, b: any) => a.name.localeCompare(b.name);
  expect([...mine].sort(byName)).toEqual([...theirs].sort(byName));
  return theirs;
}

describe('numbers: OpenChoreo types a number by where it comes from (docs/openchoreo-number-rules.md)', () => {
  const counted = {
    kind: 'ClusterWorkflow',
    name: 'counted-database',
  } as const;
  const argument = (wf: any, name: string) =>
    wf.spec.arguments.parameters.find((p: any) => p.name === name)?.value;

  it('a number left at its default reaches OpenChoreo as its own int: the run renders and runs', async () => {
    const preview = await api()
      .post(`${API}/clusterworkflows/${counted.name}/preview`)
      .send({ namespace: NS, parameters: demoParameters })
      .expect(200);
    expect(preview.body.renderError).toBeUndefined();
    expect(argument(preview.body.objects[0], 'instances')).toBe('301');
    const launch = await api()
      .post(`${API}/runs`)
      .send({ namespace: NS, workflow: counted, parameters: demoParameters })
      .expect(201);
    const stored = await kube(
      'GET',
      `${OC}/namespaces/${NS}/workflowruns/${launch.body.name}`,
    );
    // Only what the user set is sent: OpenChoreo defaults `count` itself, as an int.
    expect(stored.spec.workflow.parameters.count).toBeUndefined();
    const ours = await settle(launch.body.name);
    expect(ours.phase).toBe('Succeeded');
    const list = await kube(
      'GET',
      `${ARGO}/namespaces/workflows-${NS}/workflows?labelSelector=${LABEL_RUN}=${launch.body.name}`,
    );
    expect(argument(list.items[0], 'instances')).toBe('301');
  });

  it('a number the user typed is a double there: the preview and the launch say OpenChoreo will not render it', async () => {
    const parameters = { ...demoParameters, count: 5 };
    const name = 'counted-by-kubectl';
    await kube('POST', `${OC}/namespaces/${NS}/workflowruns`, {
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'WorkflowRun',
      metadata: { name, namespace: NS },
      spec: { workflow: { ...counted, parameters } },
    });
    const [, expression, reason] = RENDER_ERROR.exec(
      await renderErrorLogged(name),
    )!;
    expect([expression, reason]).toEqual([
      'parameters.count * 100 + 1',
      'no such overload',
    ]);
    // OpenChoreo only logs it; our API explains the Pending run.
    const explained = await eventually(
      async () => {
        const r = await api().get(`${API}/runs/${NS}/${name}`).expect(200);
        return r.body.diagnosis ? r.body : undefined;
      },
      RUN_TIMEOUT_MS,
      `the diagnosis of ${name}`,
    );
    expect(explained.phase).toBe('Pending');
    expect(explained.diagnosis).toMatchObject({
      reason: 'RenderFailed',
      expression,
      message: `OpenChoreo cannot render this run: \`${expression}\`: ${reason}`,
    });
    const preview = await api()
      .post(`${API}/clusterworkflows/${counted.name}/preview`)
      .send({ namespace: NS, parameters })
      .expect(200);
    expect(preview.body.renderError).toMatchObject({ expression });
    expect(preview.body.renderError.message).toContain(reason);
    const launch = await api()
      .post(`${API}/runs`)
      .send({ namespace: NS, workflow: counted, parameters })
      .expect(422);
    expect(launch.body.fieldErrors[0].message).toContain(reason);
    expect(launch.body.renderError).toEqual(preview.body.renderError);
  });
});

/** The first time the executor wrote each phase, per run. */
function groupWrites(): Record<string, Record<string, number>> {
  const byRun: Record<string, Record<string, number>> = {};
  for (const w of writes) {
    byRun[w.run] ??= {};
    byRun[w.run][w.phase] ??= w.at;
  }
  return byRun;
}

/** A step's lines from the stub gateway's observer, OpenChoreo's API, oldest first. */
async function observerLogs(run: string, task: string): Promise<string[]> {
  const res = await fetch(`${stack.gatewayUrl}/api/v1/logs/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      startTime: new Date(Date.now() - 3600_000).toISOString(),
      endTime: new Date(Date.now() + 60_000).toISOString(),
      limit: 1000,
      sortOrder: 'asc',
      searchScope: { namespace: NS, workflowRunName: run, taskName: task },
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()).logs.map((l: any) => l.log);
}

function OUTCOMES_ORDER(): string[] {
  return Object.keys(OUTCOMES);
}
