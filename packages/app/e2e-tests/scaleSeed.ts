import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Objects for the frontend-at-scale test (issue 13), created with kubectl on
 * the dev portal's local control plane and deleted afterwards, all labelled
 * `ocw-e2e=scale`: 1,000 Workflows, a run of a 300-step DAG and a run whose
 * only step prints 100,000 lines.
 */
const KUBECONFIG = resolve(__dirname, '../../../.local/kubeconfig');
const LABEL = { 'ocw-e2e': 'scale' };
const NS = 'default';

export const SCALE = {
  workflows: 1000,
  /** 10 waves of 30 steps; each step waits for every step of the wave before. */
  waves: 10,
  perWave: 30,
  logLines: 100_000,
  /** Every 1,000th log line carries it. */
  needle: 'NEEDLE',
  logStep: 'emit',
};

const kubectl = (args: string[], input?: string) =>
  execFileSync('kubectl', ['--kubeconfig', KUBECONFIG, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 300_000,
  });

/** One `kubectl create` of many objects: a stream of JSON documents. */
const create = (items: object[]) =>
  kubectl(['create', '-f', '-'], items.map(o => JSON.stringify(o)).join('\n'));

/** A v1.x Workflow whose run template is the given Argo templates (entrypoint `main`). */
const workflow = (name: string, templates: object[], title = name) => ({
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'Workflow',
  metadata: {
    name,
    namespace: NS,
    labels: LABEL,
    annotations: {
      'openchoreo.dev/display-name': title,
      'openchoreo.dev/description': `Seeded by the frontend-at-scale browser test (${name})`,
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
        serviceAccountName: 'workflow-sa',
        entrypoint: 'main',
        templates,
      },
    },
  },
});

const run = (name: string, workflowName: string, stepSeconds: number) => ({
  apiVersion: 'openchoreo.dev/v1alpha1',
  kind: 'WorkflowRun',
  metadata: {
    name,
    namespace: NS,
    labels: LABEL,
    annotations: { 'local.openchoreo.dev/step-seconds': String(stepSeconds) },
  },
  spec: { workflow: { kind: 'Workflow', name: workflowName, parameters: {} } },
});

const work = {
  name: 'work',
  container: { image: 'busybox', command: ['true'] },
};

/** The 300-step DAG: waves of steps `w<wave>-s<step>`. */
function wideDag() {
  const name = (w: number, s: number) => `w${w}-s${s}`;
  const tasks = [];
  for (let w = 0; w < SCALE.waves; w++) {
    for (let s = 0; s < SCALE.perWave; s++) {
      tasks.push({
        name: name(w, s),
        template: 'work',
        ...(w > 0
          ? {
              dependencies: Array.from({ length: SCALE.perWave }, (_, p) =>
                name(w - 1, p),
              ),
            }
          : {}),
      });
    }
  }
  return workflow('ocw-scale-wide-dag', [
    { name: 'main', dag: { tasks } },
    work,
  ]);
}

/**
 * One step whose command holds 100,000 lines: the local control plane's
 * simulated step prints its command (`running sh -c …`), one log line per
 * line of it.
 */
function longLog() {
  const text = Array.from({ length: SCALE.logLines }, (_, i) =>
    (i + 1) % 1000 === 0
      ? `entry ${i + 1} ${SCALE.needle}`
      : `entry ${i + 1} ok`,
  ).join('\n');
  return workflow('ocw-scale-long-log', [
    {
      name: 'main',
      steps: [[{ name: SCALE.logStep, template: SCALE.logStep }]],
    },
    {
      name: SCALE.logStep,
      container: { image: 'busybox', command: ['sh', '-c', text] },
    },
  ]);
}

function manyWorkflows() {
  return Array.from({ length: SCALE.workflows }, (_, i) => {
    const id = String(i).padStart(4, '0');
    return workflow(`ocw-scale-wf-${id}`, [work], `Scale workflow ${id}`);
  });
}

/** Deletes whatever an earlier (interrupted) run left. */
export function removeScaleObjects() {
  for (const kind of [
    'workflowruns.openchoreo.dev',
    'workflows.openchoreo.dev',
  ]) {
    kubectl(['delete', kind, '-n', NS, '-l', 'ocw-e2e=scale', '--wait=false']);
  }
}

/**
 * Creates everything (run names end with `suffix`, so an earlier run's
 * leftovers never clash), then waits, bounded, for both runs to finish.
 * Returns the run names and the seconds each part took.
 */
export function seedScaleObjects(suffix: string, timeoutMs = 200_000) {
  const dagRun = `ocw-scale-dag-${suffix}`;
  const logRun = `ocw-scale-log-${suffix}`;
  const t0 = Date.now();
  create(manyWorkflows());
  const t1 = Date.now();
  create([wideDag(), longLog()]);
  // 2 s steps: timestamps have whole seconds, and waves are told apart by them.
  create([
    run(dagRun, 'ocw-scale-wide-dag', 2),
    run(logRun, 'ocw-scale-long-log', 1),
  ]);
  kubectl([
    'wait',
    '-n',
    NS,
    '--for=condition=WorkflowCompleted',
    `--timeout=${Math.round(timeoutMs / 1000)}s`,
    `workflowrun/${dagRun}`,
    `workflowrun/${logRun}`,
  ]);
  return {
    dagRun,
    logRun,
    workflowsSeconds: (t1 - t0) / 1000,
    runsSeconds: (Date.now() - t1) / 1000,
  };
}
