import { spawn, ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Kubectl, kubectlFor } from './__testUtils__/kubectl';
import {
  demoManifestsDir,
  LocalControlPlane,
  startLocalControlPlane,
} from './localControlPlane';

const STEPS_NS = 'workflows-default';

// Each test runs kubectl several times; the machine is shared.
jest.setTimeout(60_000);

/** A v1.x run of the demo's database-migration ClusterWorkflow (it fails at verify-schema). */
const runManifest = (name: string, stepSeconds?: string) =>
  [
    'apiVersion: openchoreo.dev/v1alpha1',
    'kind: WorkflowRun',
    'metadata:',
    `  name: ${name}`,
    '  namespace: default',
    ...(stepSeconds
      ? [
          '  annotations:',
          `    local.openchoreo.dev/step-seconds: "${stepSeconds}"`,
        ]
      : []),
    'spec: {workflow: {kind: ClusterWorkflow, name: database-migration, parameters: {database: "pg://k"}}}',
  ].join('\n');

/** Lines of kubectl's table output whose first column is `name`. */
const rowsOf = (table: string, name: string) =>
  table.split('\n').filter(l => l.split(/\s+/)[0] === name);

describe('kubectl compatibility', () => {
  let plane: LocalControlPlane;
  let dir: string;
  let kubeconfig: string;
  let kubectl: Kubectl;

  const writeRun = (name: string, stepSeconds?: string) => {
    const file = path.join(dir, `${name}.yaml`);
    fs.writeFileSync(file, runManifest(name, stepSeconds));
    return file;
  };
  const stepPods = async (run: string) =>
    JSON.parse(
      await kubectl(
        'get',
        'pods',
        '-n',
        STEPS_NS,
        '-l',
        `workflows.argoproj.io/workflow=${run}`,
        '-o',
        'json',
      ),
    ).items as any[];
  /** Creates a run and waits (with kubectl wait) until it has finished. */
  const finishedRun = async (name: string) => {
    await kubectl('create', '-f', writeRun(name));
    await kubectl(
      'wait',
      '--for=condition=WorkflowCompleted',
      `workflowrun/${name}`,
      '-n',
      'default',
      '--timeout=30s',
    );
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lcp-kubectl-'));
    kubeconfig = path.join(dir, 'kubeconfig');
    plane = await startLocalControlPlane({
      port: 0,
      manifests: [demoManifestsDir()],
      stepSeconds: 0.05,
      kubeconfigOut: kubeconfig,
    });
    kubectl = kubectlFor(kubeconfig, path.join(dir, 'cache'));
  });
  afterAll(async () => {
    await plane.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists OpenChoreo workflows, cluster workflows and runs', async () => {
    const workflows = JSON.parse(
      await kubectl('get', 'workflows.openchoreo.dev', '-A', '-o', 'json'),
    );
    expect(workflows.kind).toBe('List');
    expect(
      workflows.items
        .map((w: any) => `${w.metadata.namespace}/${w.metadata.name}`)
        .sort(),
    ).toEqual([
      'default/generic-workflow-docker-build',
      'default/nightly-data-pipeline',
    ]);
    const cwfs = JSON.parse(await kubectl('get', 'cwf', '-o', 'json'));
    expect(cwfs.items.map((w: any) => w.metadata.name).sort()).toEqual([
      'cloud-database-provision',
      'database-migration',
    ]);
    const table = await kubectl('get', 'workflowruns', '-n', 'default');
    expect(table).toMatch(/^NAME\s+AGE/);
    expect(table).toContain('database-migration-0042');
  });

  it('reads a step log and applies a run', async () => {
    const runFile = writeRun('from-kubectl');
    expect(await kubectl('apply', '-f', runFile)).toContain(
      'workflowrun.openchoreo.dev/from-kubectl created',
    );
    // A second apply with a change sends a merge patch.
    fs.writeFileSync(
      runFile,
      fs
        .readFileSync(runFile, 'utf8')
        .replace(
          '  namespace: default',
          '  namespace: default\n  labels: {via: kubectl}',
        ),
    );
    expect(await kubectl('apply', '-f', runFile)).toContain(
      'workflowrun.openchoreo.dev/from-kubectl configured',
    );
    const applied = JSON.parse(
      await kubectl('get', 'workflowrun', 'from-kubectl', '-o', 'json'),
    );
    expect(applied.metadata.labels).toEqual({ via: 'kubectl' });
    await kubectl(
      'wait',
      '--for=condition=WorkflowCompleted',
      'workflowrun/from-kubectl',
      '--timeout=30s',
    );
    const [pod] = await stepPods('from-kubectl');
    const log = await kubectl('logs', '-n', STEPS_NS, pod.metadata.name);
    expect(log).toMatch(/^starting step /);
    const podTable = await kubectl('get', 'pods', '-n', STEPS_NS);
    expect(podTable).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    const eventTable = await kubectl('get', 'events', '-n', STEPS_NS);
    expect(eventTable).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    expect(eventTable).toContain('Scheduled');
  });

  it('kubectl create namespace (a protobuf body) creates an Active namespace', async () => {
    expect(await kubectl('create', 'namespace', 'team-kubectl')).toBe(
      'namespace/team-kubectl created\n',
    );
    const ns = JSON.parse(
      await kubectl('get', 'namespace', 'team-kubectl', '-o', 'json'),
    );
    expect(ns.status.phase).toBe('Active');
    expect(ns.spec.finalizers).toEqual(['kubernetes']);
    expect(ns.metadata.labels).toEqual({
      'kubernetes.io/metadata.name': 'team-kubectl',
    });
    expect(
      await kubectl.failing('create', 'namespace', 'team-kubectl'),
    ).toContain('namespaces "team-kubectl" already exists');
    expect(await kubectl.failing('create', 'namespace', 'Team_X')).toContain(
      'metadata.name: Invalid value: "Team_X"',
    );
    expect(
      await kubectl(
        'create',
        'namespace',
        'dry-ns',
        '--dry-run=server',
        '-o',
        'name',
      ),
    ).toBe('namespace/dry-ns\n');
    expect(await kubectl.failing('get', 'namespace', 'dry-ns')).toContain(
      'namespaces "dry-ns" not found',
    );
  });

  it('kubectl create -f creates a run that the controller starts', async () => {
    expect(await kubectl('create', '-f', writeRun('created-by-kubectl'))).toBe(
      'workflowrun.openchoreo.dev/created-by-kubectl created\n',
    );
    expect(
      await kubectl.failing(
        'create',
        '-f',
        path.join(dir, 'created-by-kubectl.yaml'),
      ),
    ).toContain(
      'workflowruns.openchoreo.dev "created-by-kubectl" already exists',
    );
    await kubectl(
      'wait',
      '--for=jsonpath={.status.runReference.name}=created-by-kubectl',
      'workflowrun/created-by-kubectl',
      '--timeout=30s',
    );
  });

  it('kubectl get prints workflowruns, pods, events and namespaces as tables', async () => {
    await finishedRun('get-run');
    expect(
      rowsOf(await kubectl('get', 'workflowruns'), 'get-run'),
    ).toHaveLength(1);
    const pods = await kubectl(
      'get',
      'pods',
      '-n',
      STEPS_NS,
      '-l',
      'workflows.argoproj.io/workflow=get-run',
    );
    expect(pods).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\n/);
    expect(pods).toMatch(/get-run-verify-schema-\d+\s+0\/2\s+Failed\s+0\s+/);
    const [pod] = await stepPods('get-run');
    const events = await kubectl(
      'get',
      'events',
      '-n',
      STEPS_NS,
      '--field-selector',
      `involvedObject.name=${pod.metadata.name}`,
    );
    expect(events).toContain(`pod/${pod.metadata.name}`);
    expect(events).toMatch(/Normal\s+Scheduled/);
    const namespaces = await kubectl('get', 'namespaces');
    expect(namespaces).toMatch(/^NAME\s+STATUS\s+AGE\n/);
    expect(rowsOf(namespaces, STEPS_NS)[0]).toMatch(/\sActive\s/);
    expect(
      await kubectl.failing('get', 'workflowrun', 'no-such-run'),
    ).toContain('workflowruns.openchoreo.dev "no-such-run" not found');
  });

  it('kubectl get -w follows a run, its pods, their events and namespaces with one header', async () => {
    const runs = kubectl.streaming(['get', 'workflowruns', '-w'], out =>
      out.includes('watched-run'),
    );
    const pods = kubectl.streaming(
      ['get', 'pods', '-n', STEPS_NS, '-w', '--output-watch-events'],
      out => /ADDED\s+watched-run-/.test(out),
    );
    const events = kubectl.streaming(
      ['get', 'events', '-n', STEPS_NS, '-w', '--watch-only'],
      out => out.includes('pod/watched-run-'),
    );
    const namespaces = kubectl.streaming(['get', 'namespaces', '-w'], out =>
      out.includes('watched-ns'),
    );
    // kubectl lists before it watches (from the list's resourceVersion): nothing is missed.
    await kubectl('create', '-f', writeRun('watched-run'));
    await kubectl('create', 'namespace', 'watched-ns');
    const runsOut = await runs;
    expect(runsOut.match(/^NAME\s+AGE$/gm)).toHaveLength(1);
    expect(rowsOf(runsOut, 'watched-run').length).toBeGreaterThanOrEqual(1);
    expect((await pods).match(/^EVENT\s+NAME\s+READY/gm)).toHaveLength(1);
    expect(await events).toMatch(/Normal\s+Scheduled\s+pod\/watched-run-/);
    expect(rowsOf(await namespaces, 'watched-ns')[0]).toMatch(/\sActive\s/);
  });

  it('kubectl wait --for=condition waits for a run to complete', async () => {
    await kubectl('create', '-f', writeRun('waited-run', '0.3'));
    expect(
      await kubectl(
        'wait',
        '--for=condition=WorkflowCompleted',
        'workflowrun/waited-run',
        '--timeout=30s',
      ),
    ).toBe('workflowrun.openchoreo.dev/waited-run condition met\n');
    const run = JSON.parse(
      await kubectl('get', 'workflowrun', 'waited-run', '-o', 'json'),
    );
    expect(
      run.status.conditions.find((c: any) => c.type === 'WorkflowFailed')
        ?.status,
    ).toBe('True');
    expect(
      await kubectl(
        'wait',
        '--for=jsonpath={.status.phase}=Active',
        'namespace/default',
      ),
    ).toBe('namespace/default condition met\n');
  });

  it('kubectl logs reads, selects and follows step logs', async () => {
    await kubectl('create', '-f', writeRun('logged-run', '0.5'));
    const podName = (
      await kubectl.streaming(
        [
          'get',
          'pods',
          '-n',
          STEPS_NS,
          '-l',
          'workflows.argoproj.io/workflow=logged-run',
          '-w',
          '-o',
          'name',
        ],
        out => out.includes('pod/'),
      )
    )
      .split('\n')[0]
      .replace('pod/', '');
    // -f returns when the container ends.
    const followed = await kubectl.streaming(
      ['logs', '-f', '-n', STEPS_NS, podName],
      () => false,
    );
    expect(followed).toMatch(/^starting step /);
    expect(followed).toMatch(/finished\n$/);
    expect(
      await kubectl('logs', '-n', STEPS_NS, podName, '-c', 'main', '--tail=1'),
    ).toMatch(/finished\n$/);
    await kubectl(
      'wait',
      '--for=condition=WorkflowCompleted',
      'workflowrun/logged-run',
      '--timeout=30s',
    );
    const bySelector = await kubectl(
      'logs',
      '-n',
      STEPS_NS,
      '-l',
      'workflows.argoproj.io/workflow=logged-run',
      '--prefix',
    );
    expect(bySelector).toContain('logged-run-verify-schema-');
    expect(bySelector).toContain('schema verification failed');
    expect(
      await kubectl.failing('logs', '-n', STEPS_NS, podName, '-c', 'nope'),
    ).toContain(`container nope is not valid for pod ${podName}`);
  });

  it('kubectl describe shows a run, a pod with its events and a namespace', async () => {
    await finishedRun('described-run');
    const run = await kubectl('describe', 'workflowrun', 'described-run');
    expect(run).toMatch(/^Name:\s+described-run$/m);
    expect(run).toMatch(
      /Message:\s+Error \(exit code 1\): schema verification failed/,
    );
    const [pod] = await stepPods('described-run');
    const described = await kubectl(
      'describe',
      'pod',
      '-n',
      STEPS_NS,
      pod.metadata.name,
    );
    expect(described).toMatch(
      new RegExp(`^Name:\\s+${pod.metadata.name}$`, 'm'),
    );
    expect(described).toMatch(
      /^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message/m,
    );
    expect(described).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler/);
    expect(await kubectl('describe', 'namespace', 'default')).toMatch(
      /^Status:\s+Active$/m,
    );
  });

  it('kubectl delete removes a run, a pod and a namespace with its contents', async () => {
    await finishedRun('deleted-run');
    const [pod] = await stepPods('deleted-run');
    expect(
      await kubectl('delete', 'pod', '-n', STEPS_NS, pod.metadata.name),
    ).toBe(`pod "${pod.metadata.name}" deleted\n`);
    // The run's finalizer lets the controller delete its Argo Workflow and pods first.
    expect(await kubectl('delete', 'workflowrun', 'deleted-run')).toBe(
      'workflowrun.openchoreo.dev "deleted-run" deleted\n',
    );
    expect(await stepPods('deleted-run')).toEqual([]);
    expect(
      await kubectl.failing(
        'get',
        'workflows.argoproj.io',
        '-n',
        STEPS_NS,
        'deleted-run',
      ),
    ).toContain('not found');

    await kubectl('create', 'namespace', 'doomed');
    const template = path.join(dir, 'template.yaml');
    fs.writeFileSync(
      template,
      [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: WorkflowTemplate',
        'metadata: {name: doomed-template, namespace: doomed}',
        'spec: {entrypoint: main, templates: [{name: main, container: {image: alpine}}]}',
      ].join('\n'),
    );
    await kubectl('create', '-f', template);
    expect(await kubectl('delete', 'namespace', 'doomed')).toBe(
      'namespace "doomed" deleted\n',
    );
    expect(await kubectl.failing('get', 'namespace', 'doomed')).toContain(
      'namespaces "doomed" not found',
    );
    expect(
      await kubectl('get', 'workflowtemplates', '-n', 'doomed', '-o', 'name'),
    ).toBe('');
  });

  it('starts from the bin with plain node and writes a kubeconfig kubectl accepts', async () => {
    const out = path.join(dir, 'bin-kubeconfig');
    const bin = path.resolve(
      __dirname,
      '..',
      'bin',
      'openchoreo-local-control-plane',
    );
    const child: ChildProcess = spawn(
      process.execPath,
      [
        bin,
        'start',
        '--port',
        '0',
        '--manifests',
        demoManifestsDir(),
        '--kubeconfig-out',
        out,
        '--step-seconds',
        '0.05',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout!.on('data', d => {
          text += d;
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
          if (m && text.includes('kubeconfig written')) resolve(m[1]);
        });
        child.stderr!.on('data', d => (text += d));
        child.on('exit', code =>
          reject(new Error(`bin exited with ${code}: ${text}`)),
        );
      });
      expect(fs.readFileSync(out, 'utf8')).toContain(url);
      const binKubectl = kubectlFor(out, path.join(dir, 'cache-bin'));
      const workflows = JSON.parse(
        await binKubectl('get', 'workflows.openchoreo.dev', '-A', '-o', 'json'),
      );
      expect(workflows.items).toHaveLength(2);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60000);
});
