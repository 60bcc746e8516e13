import { demoManifestsDir } from '../localControlPlane';
import {
  apiError,
  ARGO,
  OC,
  startTestPlane,
  TestPlane,
  waitFor,
} from '../__testUtils__/plane';

// Above the waits' own bounds (10-20 s), so a wait that gives up says what it waited for.
jest.setTimeout(60_000);

const RUNS = { ...OC, plural: 'workflowruns' };

const run = (
  name: string,
  workflow: Record<string, unknown>,
  annotations: Record<string, string> = {},
) => ({
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'WorkflowRun',
  metadata: { name, annotations },
  spec: { workflow },
});

const condition = (r: any, type: string) =>
  r.status?.conditions?.find((c: any) => c.type === type);
const completed = (r: any) =>
  condition(r, 'WorkflowCompleted')?.status === 'True';

describe('simulated OpenChoreo controller and Argo executor', () => {
  let t: TestPlane;

  const getRun = async (name: string, namespace = 'default'): Promise<any> =>
    t.custom.getNamespacedCustomObject({ ...RUNS, namespace, name });
  const createRun = async (body: any, namespace = 'default'): Promise<any> =>
    t.custom.createNamespacedCustomObject({ ...RUNS, namespace, body });
  const waitForRun = (
    name: string,
    predicate: (r: any) => boolean,
    what: string,
    timeoutMs = 20000,
  ) =>
    waitFor(
      async () => {
        const r = await getRun(name).catch(() => undefined);
        return r && predicate(r) ? r : undefined;
      },
      timeoutMs,
      `${name}: ${what}`,
    );
  const podLog = async (namespace: string, workflow: string, step: string) => {
    const pods = await t.core.listNamespacedPod({
      namespace,
      labelSelector: `workflows.argoproj.io/workflow=${workflow}`,
    });
    const pod = pods.items.find(p =>
      p.metadata?.annotations?.['workflows.argoproj.io/node-name']?.endsWith(
        `.${step}`,
      ),
    );
    if (!pod) throw new Error(`no pod for step ${step}`);
    return t.core.readNamespacedPodLog({
      name: pod.metadata!.name!,
      namespace,
    });
  };

  beforeAll(async () => {
    t = await startTestPlane({
      manifests: [demoManifestsDir()],
      stepSeconds: 0.05,
      retrySeconds: 0.2,
      evaluationTimeoutMs: 1000,
    });
  });
  afterAll(async () => {
    await t.plane.stop();
  });

  it('completes the pre-existing demo runs so the history is not empty', async () => {
    const expected: Record<string, string> = {
      'generic-workflow-run-docker-build-01': 'WorkflowSucceeded',
      'cloud-database-provision-orders': 'WorkflowSucceeded',
      'nightly-data-pipeline-001': 'WorkflowSucceeded',
      'database-migration-0042': 'WorkflowFailed',
    };
    for (const [name, reason] of Object.entries(expected)) {
      const r = await waitForRun(name, completed, 'completed');
      expect(condition(r, 'WorkflowCompleted').reason).toBe(reason);
    }
  });

  it('runs the v0.x seed container build in openchoreo-ci-<ns> with kind-less runs', async () => {
    const created = await createRun(
      run('docker-build-v0', {
        name: 'generic-workflow-docker-build',
        parameters: {
          repository: {
            url: 'https://github.com/example/greeter',
            revision: { branch: 'release' },
          },
          docker: { context: 'app' },
        },
      }),
    );
    expect(created.spec.workflow.kind).toBeUndefined(); // v0.x has no kind, so no default either
    const r = await waitForRun('docker-build-v0', completed, 'completed');
    expect(r.metadata.finalizers).toEqual([
      'openchoreo.dev/workflowrun-cleanup',
    ]);
    expect(r.status.runReference).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      name: 'docker-build-v0',
      namespace: 'openchoreo-ci-default',
    });
    expect(r.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'WorkflowCompleted',
          status: 'True',
          reason: 'WorkflowSucceeded',
          message: 'Workflow has completed successfully',
        }),
        expect.objectContaining({
          type: 'WorkflowSucceeded',
          status: 'True',
          reason: 'WorkflowSucceeded',
          message: 'Workflow completed successfully',
        }),
        expect.objectContaining({
          type: 'WorkflowRunning',
          status: 'False',
          reason: 'WorkflowRunning',
          message: 'Argo Workflow running has completed',
        }),
      ]),
    );
    expect(r.status.tasks.map((x: any) => [x.name, x.phase])).toEqual([
      ['clone-step', 'Succeeded'],
      ['build-step', 'Succeeded'],
      ['push-step', 'Succeeded'],
    ]);
    for (const task of r.status.tasks) {
      // Both times, in order (RFC 3339, as Argo writes them).
      expect(Date.parse(task.completedAt)).toBeGreaterThanOrEqual(
        Date.parse(task.startedAt),
      );
    }
    expect(Date.parse(r.status.completedAt)).toBeGreaterThanOrEqual(
      Date.parse(r.status.startedAt),
    );

    const argo: any = await t.custom.getNamespacedCustomObject({
      ...ARGO,
      plural: 'workflows',
      namespace: 'openchoreo-ci-default',
      name: 'docker-build-v0',
    });
    expect(argo.metadata.labels).toEqual(
      expect.objectContaining({
        'openchoreo.dev/workflowrun': 'docker-build-v0',
        'openchoreo.dev/workflowrun-namespace': 'default',
        'openchoreo.dev/managed-by': 'workflowrun-controller',
      }),
    );
    const params = Object.fromEntries(
      argo.spec.arguments.parameters.map((p: any) => [p.name, p.value]),
    );
    expect(params).toEqual(
      expect.objectContaining({
        'git-repo': 'https://github.com/example/greeter',
        branch: 'release',
        'docker-context': 'app',
        'dockerfile-path': './Dockerfile',
      }),
    );
    expect(argo.status.phase).toBe('Succeeded');
    const nodes = Object.values(argo.status.nodes) as any[];
    expect(nodes.find(n => n.name === 'docker-build-v0')).toEqual(
      expect.objectContaining({ type: 'Steps', phase: 'Succeeded' }),
    );
    expect(nodes.find(n => n.name === 'docker-build-v0[0]')).toEqual(
      expect.objectContaining({ type: 'StepGroup' }),
    );
    const clone = nodes.find(n => n.name === 'docker-build-v0[0].clone-step');
    const revision = clone.outputs.parameters[0].value;
    expect(revision).toMatch(/^[0-9a-f]{8}$/);
    const build = nodes.find(n => n.displayName === 'build-step');
    expect(build.inputs.parameters).toEqual([
      { name: 'git-revision', value: revision },
    ]);

    expect(
      await podLog('openchoreo-ci-default', 'docker-build-v0', 'clone-step'),
    ).toContain('cloning https://github.com/example/greeter@release');
    const buildLog = await podLog(
      'openchoreo-ci-default',
      'docker-build-v0',
      'build-step',
    );
    expect(buildLog).toContain(
      `building generic-workflow-image:v1-${revision}`,
    );
    expect(buildLog).toContain(`input git-revision=${revision}`);
    expect(
      await podLog('openchoreo-ci-default', 'docker-build-v0', 'push-step'),
    ).toContain(`pushed generic-workflow-image:v1-${revision}`);
  });

  it('runs a v1.x ClusterWorkflow with $ref schema defaults in workflows-<ns>', async () => {
    await createRun(
      run('orders-db-v1', {
        kind: 'ClusterWorkflow',
        name: 'cloud-database-provision',
        parameters: {
          database: { name: 'orders-db' },
          network: { vpc: 'vpc-1', allowedCidrs: ['10.0.0.0/8'] },
          tags: { team: 'a' },
        },
      }),
    );
    const r = await waitForRun('orders-db-v1', completed, 'completed');
    expect(condition(r, 'WorkflowSucceeded').status).toBe('True');
    expect(r.spec.ttlAfterCompletion).toBe('7d'); // copied from the workflow
    expect(r.status.runReference.namespace).toBe('workflows-default');
    expect(r.status.tasks.map((x: any) => x.name)).toEqual([
      'validate-request',
      'terraform-plan',
      'terraform-apply',
      'report',
    ]);
    const argo: any = await t.custom.getNamespacedCustomObject({
      ...ARGO,
      plural: 'workflows',
      namespace: 'workflows-default',
      name: 'orders-db-v1',
    });
    const params = Object.fromEntries(
      argo.spec.arguments.parameters.map((p: any) => [p.name, p.value]),
    );
    expect(params).toEqual({
      'db-name': 'orders-db',
      engine: 'postgres',
      'engine-version': '16',
      size: 'small',
      'storage-gb': '20',
      vpc: 'vpc-1',
      'allowed-cidrs': '["10.0.0.0/8"]',
      'backup-retention-days': '7',
      tags: '{"team":"a"}',
    });
    expect(argo.spec.serviceAccountName).toBe('workflow-sa');
    const report = await podLog('workflows-default', 'orders-db-v1', 'report');
    expect(report).toContain(
      'input endpoint=https://orders-db-v1.example.internal/terraform-apply',
    );
  });

  it('runs the DAG workflow with parallel tasks and dependencies', async () => {
    const pods = t.plane.store.registry.get('', 'pods');
    const running = new Set<string>();
    let maxParallelExtracts = 0;
    const unsubscribe = t.plane.store.subscribe(e => {
      if (
        e.resource !== pods ||
        !e.object.metadata.name.startsWith('dag-v1-extract')
      )
        return;
      const phase = (e.object as any).status?.phase;
      if (phase === 'Running') running.add(e.object.metadata.name);
      else running.delete(e.object.metadata.name);
      maxParallelExtracts = Math.max(maxParallelExtracts, running.size);
    });
    await createRun(
      run(
        'dag-v1',
        {
          kind: 'Workflow',
          name: 'nightly-data-pipeline',
          parameters: { date: '2026-11-26' },
        },
        { 'local.openchoreo.dev/step-seconds': '0.3' },
      ),
    );
    const r = await waitForRun('dag-v1', completed, 'completed');
    unsubscribe();
    expect(condition(r, 'WorkflowSucceeded').status).toBe('True');
    expect(maxParallelExtracts).toBe(2);
    expect(r.status.tasks.map((x: any) => x.name).sort()).toEqual([
      'extract-customers',
      'extract-orders',
      'load-warehouse',
      'publish-report',
      'quality-check',
      'transform',
    ]);
    const argo: any = await t.custom.getNamespacedCustomObject({
      ...ARGO,
      plural: 'workflows',
      namespace: 'workflows-default',
      name: 'dag-v1',
    });
    const nodes = Object.values(argo.status.nodes) as any[];
    const byName = (n: string) => nodes.find(x => x.displayName === n);
    expect(byName('dag-v1')).toEqual(
      expect.objectContaining({ type: 'DAG', phase: 'Succeeded' }),
    );
    expect(byName('extract-orders').children).toContain(byName('transform').id);
    expect(byName('extract-customers').children).toContain(
      byName('transform').id,
    );
    expect(byName('transform').children.sort()).toEqual(
      [byName('load-warehouse').id, byName('quality-check').id].sort(),
    );
    expect(
      byName('transform').inputs.parameters.map((p: any) => p.name),
    ).toEqual(['orders', 'customers']);
    expect(byName('extract-orders').inputs.parameters[0].value).toBe(
      'postgres://orders-db/orders',
    );
  });

  it('fails the migration workflow at verify-schema with a clear message', async () => {
    await createRun(
      run('migration-v1', {
        kind: 'ClusterWorkflow',
        name: 'database-migration',
        parameters: { database: 'postgres://db/x' },
      }),
    );
    const r = await waitForRun('migration-v1', completed, 'completed');
    expect(r.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'WorkflowCompleted',
          status: 'True',
          reason: 'WorkflowFailed',
          message: 'Workflow has completed with failure',
        }),
        expect.objectContaining({
          type: 'WorkflowFailed',
          status: 'True',
          reason: 'WorkflowFailed',
          message: 'Workflow execution failed',
        }),
      ]),
    );
    expect(condition(r, 'WorkflowSucceeded')).toBeUndefined();
    expect(r.status.tasks.map((x: any) => [x.name, x.phase])).toEqual([
      ['backup', 'Succeeded'],
      ['apply-migrations', 'Succeeded'],
      ['verify-schema', 'Failed'],
    ]);
    expect(r.status.tasks[2].message).toBe(
      'Error (exit code 1): schema verification failed: table "orders" is missing column "customer_id" (migration 0042 was not applied)',
    );
    expect(
      await podLog('workflows-default', 'migration-v1', 'verify-schema'),
    ).toContain('error: schema verification failed');
  });

  it('injects a failure at a named step with local.openchoreo.dev/fail-step', async () => {
    await createRun(
      run(
        'inject-fail',
        {
          kind: 'ClusterWorkflow',
          name: 'cloud-database-provision',
          parameters: { database: { name: 'db-x' }, network: { vpc: 'v' } },
        },
        {
          'local.openchoreo.dev/fail-step': 'terraform-plan',
          'local.openchoreo.dev/fail-message':
            'quota exceeded for instance class db.m5',
        },
      ),
    );
    const r = await waitForRun('inject-fail', completed, 'completed');
    expect(condition(r, 'WorkflowFailed').status).toBe('True');
    expect(r.status.tasks.map((x: any) => [x.name, x.phase])).toEqual([
      ['validate-request', 'Succeeded'],
      ['terraform-plan', 'Failed'],
    ]);
    expect(r.status.tasks[1].message).toContain(
      'quota exceeded for instance class db.m5',
    );
  });

  it('leaves a run Pending with an event when parameters are invalid or rendering fails', async () => {
    await createRun(
      run('invalid-params', {
        kind: 'ClusterWorkflow',
        name: 'cloud-database-provision',
        parameters: { database: { name: 'db-y', size: 'huge' } },
      }),
    );
    await t.custom.createClusterCustomObject({
      ...OC,
      plural: 'clusterworkflows',
      body: {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'ClusterWorkflow',
        metadata: { name: 'broken-render' },
        spec: {
          runTemplate: {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Workflow',
            metadata: {
              name: '${metadata.workflowRunName}',
              namespace: '${metadata.namespace}',
            },
            spec: {
              arguments: {
                parameters: [{ name: 'x', value: '${parameters.missing.key}' }],
              },
              workflowTemplateRef: { name: 'none', clusterScope: true },
            },
          },
        },
      },
    });
    await createRun(
      run('render-error', { kind: 'ClusterWorkflow', name: 'broken-render' }),
    );
    const events = async (name: string) =>
      (
        await t.core.listNamespacedEvent({
          namespace: 'default',
          fieldSelector: `involvedObject.name=${name}`,
        })
      ).items;
    const invalidEvents = await waitFor(
      async () => {
        const list = await events('invalid-params');
        return list.length ? list : undefined;
      },
      10000,
      'validation event',
    );
    expect(invalidEvents[0].reason).toBe('ParameterValidationFailed');
    expect(invalidEvents[0].type).toBe('Warning');
    expect(invalidEvents[0].message).toContain('network');
    expect(invalidEvents[0].message).toContain('database.size');
    const renderEvents = await waitFor(
      async () => {
        const list = await events('render-error');
        return list.length ? list : undefined;
      },
      10000,
      'render event',
    );
    expect(renderEvents[0].reason).toBe('RenderFailed');
    expect(renderEvents[0].message).toMatch(/missing/);
    // Retries happen (one event, counted again), but the run stays Pending
    // with OpenChoreo's conditions and no run reference.
    const repeated = await waitFor(
      async () => {
        const list = await events('render-error');
        return list.length === 1 && list[0].count! > 1 ? list : undefined;
      },
      10000,
      'a retried render (the event counted again)',
    );
    expect(repeated).toHaveLength(1);
    for (const name of ['invalid-params', 'render-error']) {
      const r = await getRun(name);
      expect(r.status.conditions).toEqual([
        expect.objectContaining({
          type: 'WorkflowCompleted',
          status: 'False',
          reason: 'WorkflowPending',
          message: 'Workflow has not completed yet',
        }),
      ]);
      expect(r.status.runReference).toBeUndefined();
      expect(r.status.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    // Still one event after the checks: retries count, they do not add events.
    expect(await events('render-error')).toHaveLength(1);
  });

  it('is not frozen by a run whose CEL takes for ever: that run gets a Warning and stays Pending, others go on', async () => {
    const ten = '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]';
    let expensive = 'true';
    for (let i = 10; i > 0; i--) expensive = `${ten}.all(v${i}, ${expensive})`;
    await t.custom.createClusterCustomObject({
      ...OC,
      plural: 'clusterworkflows',
      body: {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'ClusterWorkflow',
        metadata: { name: 'endless-render' },
        spec: {
          runTemplate: {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Workflow',
            metadata: {
              name: '${metadata.workflowRunName}',
              namespace: '${metadata.namespace}',
            },
            spec: {
              arguments: {
                parameters: [{ name: 'x', value: `\${${expensive}}` }],
              },
              workflowTemplateRef: { name: 'none', clusterScope: true },
            },
          },
        },
      },
    });
    await createRun(
      run('endless', { kind: 'ClusterWorkflow', name: 'endless-render' }),
    );
    // Created after it: the controller still runs this one to the end.
    await createRun(
      run('after-endless', {
        kind: 'ClusterWorkflow',
        name: 'cloud-database-provision',
        parameters: { database: { name: 'db-after' }, network: { vpc: 'v' } },
      }),
    );
    await waitForRun('after-endless', completed, 'completed');
    const events = await waitFor(
      async () => {
        const list = (
          await t.core.listNamespacedEvent({
            namespace: 'default',
            fieldSelector: 'involvedObject.name=endless',
          })
        ).items;
        return list.length ? list : undefined;
      },
      20000,
      'deadline event',
    );
    expect(events[0]).toMatchObject({
      type: 'Warning',
      reason: 'RenderFailed',
      message: `failed to render workflow: rendering ClusterWorkflow endless-render took longer than 1000 ms (limit evaluationTimeoutMs); check the expression \`${expensive}\``,
    });
    const endless = await getRun('endless');
    expect(endless.status.runReference).toBeUndefined();
    expect(condition(endless, 'WorkflowCompleted')).toMatchObject({
      status: 'False',
      reason: 'WorkflowPending',
    });
  });

  it('fails runs whose workflow does not exist, including kind-less v1.x runs of a namespaced Workflow', async () => {
    await createRun(
      run('no-such-workflow', {
        kind: 'ClusterWorkflow',
        name: 'does-not-exist',
      }),
    );
    const kindless = await createRun(
      run('kindless-namespaced', { name: 'nightly-data-pipeline' }),
    );
    expect(kindless.spec.workflow.kind).toBe('ClusterWorkflow'); // the v1.x CRD default (SPEC §5 pitfall)
    for (const name of ['no-such-workflow', 'kindless-namespaced']) {
      const r = await waitForRun(name, completed, 'completed');
      expect(r.status.conditions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'WorkflowRunning',
            status: 'False',
            message: 'Workflow is not found in the cluster',
          }),
          expect.objectContaining({
            type: 'WorkflowFailed',
            status: 'True',
            reason: 'WorkflowFailed',
            message: 'Workflow has been deleted from the cluster',
          }),
        ]),
      );
      expect(r.status.completedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
  });

  it('stops a running run on delete: pods and the Argo Workflow go, then the finalizer', async () => {
    await createRun(
      run(
        'to-stop',
        {
          kind: 'ClusterWorkflow',
          name: 'database-migration',
          parameters: { database: 'pg://x' },
        },
        { 'local.openchoreo.dev/step-seconds': '30' },
      ),
    );
    const r = await waitForRun(
      'to-stop',
      x => condition(x, 'WorkflowRunning')?.status === 'True',
      'running',
    );
    expect(r.status.tasks[0]).toEqual(
      expect.objectContaining({ name: 'backup', phase: 'Running' }),
    );
    const follow = await t.http(
      `/api/v1/namespaces/workflows-default/pods/${
        (
          await t.core.listNamespacedPod({
            namespace: 'workflows-default',
            labelSelector: 'workflows.argoproj.io/workflow=to-stop',
          })
        ).items[0].metadata!.name
      }/log?follow=true`,
    );
    await t.custom.deleteNamespacedCustomObject({
      ...RUNS,
      namespace: 'default',
      name: 'to-stop',
    });
    await waitFor(
      async () =>
        (await apiError(getRun('to-stop'))).code === 404 ? true : undefined,
      10000,
      'run deleted',
    );
    expect(
      (
        await apiError(
          t.custom.getNamespacedCustomObject({
            ...ARGO,
            plural: 'workflows',
            namespace: 'workflows-default',
            name: 'to-stop',
          }),
        )
      ).code,
    ).toBe(404);
    const left = await t.core.listNamespacedPod({
      namespace: 'workflows-default',
      labelSelector: 'workflows.argoproj.io/workflow=to-stop',
    });
    expect(left.items).toHaveLength(0);
    // A follower of the stopped pod's log sees the stream end.
    expect(await follow.text()).toContain('starting step backup');
  });

  it('streams a running step log with follow until the step ends', async () => {
    await createRun(
      run(
        'follow-me',
        {
          kind: 'ClusterWorkflow',
          name: 'database-migration',
          parameters: { database: 'pg://y' },
        },
        { 'local.openchoreo.dev/step-seconds': '0.6' },
      ),
    );
    const pod = await waitFor(
      async () => {
        const list = await t.core.listNamespacedPod({
          namespace: 'workflows-default',
          labelSelector: 'workflows.argoproj.io/workflow=follow-me',
        });
        return list.items[0];
      },
      10000,
      'first pod',
    );
    const res = await t.http(
      `/api/v1/namespaces/workflows-default/pods/${
        pod.metadata!.name
      }/log?follow=true&timestamps=true`,
    );
    const text = await res.text();
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^\S+Z starting step backup/);
    expect(lines[lines.length - 1]).toMatch(/step backup finished$/);
  });
});
