import { execFile, spawn, ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import {
  demoManifestsDir,
  LocalControlPlane,
  startLocalControlPlane,
} from './localControlPlane';

const run = promisify(execFile);

/** kubectl must be on PATH: these tests fail (never skip) without it. */
async function kubectl(
  kubeconfig: string,
  cacheDir: string,
  ...args: string[]
) {
  try {
    const { stdout } = await run(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args],
      { timeout: 30000 },
    );
    return stdout;
  } catch (e: any) {
    if (e.code === 'ENOENT') {
      throw new Error(
        'kubectl is not on PATH: install kubectl (1.32) to run the kubectl compatibility tests',
      );
    }
    throw new Error(
      `kubectl ${args.join(' ')} failed: ${e.stderr || e.message}`,
    );
  }
}

describe('kubectl compatibility', () => {
  let plane: LocalControlPlane;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lcp-kubectl-'));
    kubeconfig = path.join(dir, 'kubeconfig');
    plane = await startLocalControlPlane({
      port: 0,
      manifests: [demoManifestsDir()],
      stepSeconds: 0.05,
      kubeconfigOut: kubeconfig,
    });
  });
  afterAll(async () => {
    await plane.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists OpenChoreo workflows, cluster workflows and runs', async () => {
    const cache = path.join(dir, 'cache');
    const workflows = JSON.parse(
      await kubectl(
        kubeconfig,
        cache,
        'get',
        'workflows.openchoreo.dev',
        '-A',
        '-o',
        'json',
      ),
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
    const cwfs = JSON.parse(
      await kubectl(kubeconfig, cache, 'get', 'cwf', '-o', 'json'),
    );
    expect(cwfs.items.map((w: any) => w.metadata.name).sort()).toEqual([
      'cloud-database-provision',
      'database-migration',
    ]);
    const table = await kubectl(
      kubeconfig,
      cache,
      'get',
      'workflowruns',
      '-n',
      'default',
    );
    expect(table).toMatch(/^NAME\s+AGE/);
    expect(table).toContain('database-migration-0042');
  });

  it('reads a step log and applies a run', async () => {
    const cache = path.join(dir, 'cache');
    const runFile = path.join(dir, 'run.yaml');
    fs.writeFileSync(
      runFile,
      [
        'apiVersion: openchoreo.dev/v1alpha1',
        'kind: WorkflowRun',
        'metadata: {name: from-kubectl, namespace: default}',
        'spec: {workflow: {kind: ClusterWorkflow, name: database-migration, parameters: {database: "pg://k"}}}',
      ].join('\n'),
    );
    expect(await kubectl(kubeconfig, cache, 'apply', '-f', runFile)).toContain(
      'workflowrun.openchoreo.dev/from-kubectl created',
    );
    // A second apply with a change sends a merge patch.
    fs.writeFileSync(
      runFile,
      fs
        .readFileSync(runFile, 'utf8')
        .replace(
          'namespace: default}',
          'namespace: default, labels: {via: kubectl}}',
        ),
    );
    expect(await kubectl(kubeconfig, cache, 'apply', '-f', runFile)).toContain(
      'workflowrun.openchoreo.dev/from-kubectl configured',
    );
    const applied = JSON.parse(
      await kubectl(
        kubeconfig,
        cache,
        'get',
        'workflowrun',
        'from-kubectl',
        '-o',
        'json',
      ),
    );
    expect(applied.metadata.labels).toEqual({ via: 'kubectl' });
    const pods = async () =>
      JSON.parse(
        await kubectl(
          kubeconfig,
          cache,
          'get',
          'pods',
          '-n',
          'workflows-default',
          '-l',
          'workflows.argoproj.io/workflow=from-kubectl',
          '-o',
          'json',
        ),
      ).items;
    let list: any[] = [];
    for (let i = 0; i < 50 && list.length === 0; i++) {
      list = await pods();
      if (!list.length) await new Promise(r => setTimeout(r, 100));
    }
    const log = await kubectl(
      kubeconfig,
      cache,
      'logs',
      '-n',
      'workflows-default',
      list[0].metadata.name,
    );
    expect(log).toMatch(/^starting step /);
    const podTable = await kubectl(kubeconfig, cache, 'get', 'pods', '-n', 'workflows-default');
    expect(podTable).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    const eventTable = await kubectl(kubeconfig, cache, 'get', 'events', '-n', 'workflows-default');
    expect(eventTable).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    expect(eventTable).toContain('Scheduled');
  });

  it('starts from the bin with plain node and writes a kubeconfig kubectl accepts', async () => {
    const cache = path.join(dir, 'cache-bin');
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
      const workflows = JSON.parse(
        await kubectl(
          out,
          cache,
          'get',
          'workflows.openchoreo.dev',
          '-A',
          '-o',
          'json',
        ),
      );
      expect(workflows.items).toHaveLength(2);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60000);
});
