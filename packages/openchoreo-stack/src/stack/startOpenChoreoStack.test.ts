import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { requestJson } from '@openchoreo-workflows/test-apiserver';
import { OpenChoreoOracle } from '../oracle/OpenChoreoOracle';
import { loadYamlDocuments } from './openchoreoModule';
import { OpenChoreoStack, startOpenChoreoStack } from './startOpenChoreoStack';

// The first start may build the Go tools (many minutes when cold).
const BUILD_TIMEOUT_MS = 40 * 60_000;
// OpenChoreo's controller requeues with backoff; a run settles within seconds.
const CONTROLLER_TIMEOUT_MS = 90_000;
jest.setTimeout(3 * CONTROLLER_TIMEOUT_MS);

const OC = '/apis/openchoreo.dev/v1alpha1';
const ARGO = '/apis/argoproj.io/v1alpha1';

let stack: OpenChoreoStack;
let kc: KubeConfig;
let oracle: OpenChoreoOracle;

beforeAll(async () => {
  stack = await startOpenChoreoStack();
  kc = new KubeConfig();
  kc.loadFromString(stack.kubeconfig);
  oracle = await OpenChoreoOracle.start();
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await oracle?.close();
  await stack?.stop();
});

const api = (method: string, apiPath: string, body?: object) =>
  requestJson(kc, method, apiPath, body);

/** Polls `read` until `done` holds; fails naming what it waited for, the last value and the manager's log. */
async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + CONTROLLER_TIMEOUT_MS;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise(r => setTimeout(r, 250));
  }
  const log = fs.readFileSync(path.join(stack.logDir, 'manager.log'), 'utf8');
  throw new Error(
    `timed out after ${CONTROLLER_TIMEOUT_MS} ms waiting for ${what}; last value: ${JSON.stringify(
      last,
    )?.slice(
      0,
      2000,
    )}; last error: ${lastError}\n--- manager log (tail) ---\n${log.slice(
      -4000,
    )}`,
  );
}

const conditionTrue = (obj: any, type: string) =>
  obj?.status?.conditions?.some(
    (c: any) => c.type === type && c.status === 'True',
  );

/** The Argo Workflow OpenChoreo's controller created for a WorkflowRun in `default`. */
const argoWorkflowOf = (runName: string) =>
  waitFor(
    `the Argo Workflow of WorkflowRun ${runName}`,
    () =>
      api(
        'GET',
        `${ARGO}/namespaces/workflows-default/workflows?labelSelector=openchoreo.dev/workflowrun=${runName}`,
      ),
    list => list.items.length === 1,
  ).then(list => list.items[0]);

/** Marks an Argo Workflow Succeeded with one Pod node per step, as Argo would. */
async function succeedArgoWorkflow(wf: any, steps: string[]) {
  const at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const nodes = Object.fromEntries(
    steps.map((step, i) => [
      `${wf.metadata.name}-${i}`,
      {
        id: `${wf.metadata.name}-${i}`,
        name: `${wf.metadata.name}[${i}].${step}`,
        displayName: step,
        type: 'Pod',
        phase: 'Succeeded',
        startedAt: at,
        finishedAt: at,
      },
    ]),
  );
  // Argo's CRD has no status subresource: status is written with the object.
  await requestJson(
    kc,
    'PATCH',
    `${ARGO}/namespaces/${wf.metadata.namespace}/workflows/${wf.metadata.name}`,
    { status: { phase: 'Succeeded', startedAt: at, finishedAt: at, nodes } },
    'application/merge-patch+json',
  );
}

describe('startOpenChoreoStack', () => {
  it('serves kubectl with the written kubeconfig (core types, protobuf)', async () => {
    const { stdout } = await promisify(execFile)('kubectl', [
      '--kubeconfig',
      stack.kubeconfigPath,
      'create',
      'namespace',
      'made-by-kubectl',
    ]);
    expect(stdout.trim()).toBe('namespace/made-by-kubectl created');
    const crds = await api(
      'GET',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    );
    const names = crds.items.map((c: any) => c.metadata.name);
    expect(
      names.filter((n: string) => n.endsWith('.openchoreo.dev')),
    ).toHaveLength(37);
    expect(names).toEqual(
      expect.arrayContaining([
        'workflows.argoproj.io',
        'workflowtemplates.argoproj.io',
        'clusterworkflowtemplates.argoproj.io',
      ]),
    );
  });

  it("runs OpenChoreo's sample github-stats-report through OpenChoreo's own controller", async () => {
    const sample = path.join(
      stack.openChoreoModuleDir,
      'samples',
      'workflows',
      'github-stats-report',
    );
    const [template] = loadYamlDocuments(
      path.join(sample, 'cluster-workflow-template-github-stats-report.yaml'),
    );
    const [clusterWorkflow] = loadYamlDocuments(
      path.join(sample, 'workflow-github-stats-report.yaml'),
    );
    const [run] = loadYamlDocuments(
      path.join(sample, 'workflow-run-github-stats-report.yaml'),
    );
    await api('POST', `${ARGO}/clusterworkflowtemplates`, template);
    await api('POST', `${OC}/clusterworkflows`, clusterWorkflow);
    await api('POST', `${OC}/namespaces/default/workflowruns`, run);
    const runPath = `${OC}/namespaces/default/workflowruns/${run.metadata.name}`;

    const argo = await argoWorkflowOf(run.metadata.name);
    expect(argo.metadata.labels).toMatchObject({
      'openchoreo.dev/workflowrun': run.metadata.name,
      'openchoreo.dev/workflowrun-namespace': 'default',
      'openchoreo.dev/managed-by': 'workflowrun-controller',
    });
    // What the controller created is what OpenChoreo's pipeline renders (the oracle).
    const expected = await oracle.render({
      id: 'github-stats-report',
      workflow: clusterWorkflow,
      runParameters: run.spec.workflow.parameters,
      context: { runName: run.metadata.name, namespace: 'default' },
    });
    expect(expected.error).toBeNull();
    expect(argo.spec).toEqual(expected.rendered!.resource.spec);
    const pending = await api('GET', runPath);
    expect(pending.status.runReference).toMatchObject({
      kind: 'Workflow',
      name: argo.metadata.name,
      namespace: 'workflows-default',
    });

    await succeedArgoWorkflow(argo, ['fetch', 'transform', 'report']);
    const done = await waitFor(
      `WorkflowSucceeded on WorkflowRun ${run.metadata.name}`,
      () => api('GET', runPath),
      r =>
        conditionTrue(r, 'WorkflowSucceeded') && r.status.tasks?.length === 3,
    );
    expect(done.status.tasks.map((t: any) => [t.name, t.phase])).toEqual([
      ['fetch', 'Succeeded'],
      ['transform', 'Succeeded'],
      ['report', 'Succeeded'],
    ]);
    expect(conditionTrue(done, 'WorkflowCompleted')).toBe(true);
  });

  it("turns argument values into strings exactly as the oracle's rewrite of the controller's last step says", async () => {
    const clusterWorkflow = {
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'ClusterWorkflow',
      metadata: { name: 'argument-strings' },
      spec: {
        parameters: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              big: { type: 'number' },
              count: { type: 'integer', default: 3 },
              list: {
                type: 'array',
                items: { type: 'integer' },
                default: [1, 2],
              },
              flag: { type: 'boolean', default: true },
              nothing: { type: 'string', nullable: true },
            },
          },
        },
        runTemplate: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Workflow',
          metadata: {
            name: '${metadata.workflowRunName}',
            namespace: '${metadata.namespace}',
          },
          spec: {
            serviceAccountName: 'workflow-sa',
            workflowTemplateRef: { name: 'none', clusterScope: true },
            parallelism: '${parameters.big}',
            arguments: {
              parameters: [
                { name: 'double', value: '${parameters.big}' },
                { name: 'double-inside', value: 'n=${parameters.big}' },
                { name: 'int', value: '${parameters.count * 2}' },
                { name: 'list', value: '${parameters.list}' },
                { name: 'map', value: '${{"a": parameters.count}}' },
                { name: 'bool', value: '${parameters.flag}' },
                { name: 'uint', value: '${uint(7)}' },
                { name: 'null', value: '${parameters.nothing}' },
              ],
            },
          },
        },
      },
    };
    const run = {
      apiVersion: 'openchoreo.dev/v1alpha1',
      kind: 'WorkflowRun',
      metadata: { name: 'argument-strings-1', namespace: 'default' },
      spec: {
        workflow: {
          kind: 'ClusterWorkflow',
          name: 'argument-strings',
          parameters: { big: 1234567, nothing: null },
        },
      },
    };
    await api('POST', `${OC}/clusterworkflows`, clusterWorkflow);
    await api('POST', `${OC}/namespaces/default/workflowruns`, run);
    const argo = await argoWorkflowOf(run.metadata.name);
    const expected = await oracle.render({
      id: 'argument-strings',
      workflow: clusterWorkflow,
      runParameters: run.spec.workflow.parameters,
      context: { runName: run.metadata.name, namespace: 'default' },
    });
    expect(expected.error).toBeNull();
    expect(argo.spec).toEqual(expected.rendered!.resource.spec);
    expect(
      argo.spec.arguments.parameters.map((p: any) => [p.name, p.value]),
    ).toEqual([
      ['double', '1.234567e+06'],
      ['double-inside', 'n=1.234567e+06'],
      ['int', '6'],
      ['list', '[1,2]'],
      ['map', '{"a":3}'],
      ['bool', 'true'],
      ['uint', '7'],
      ['null', 'NULL_VALUE'],
    ]);
  });
});
