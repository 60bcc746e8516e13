import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findUp } from '@openchoreo-workflows/test-apiserver';
import { argoExecutor } from './stack/argoExecutor';
import { createObjects, demoWorkflowObjects } from './stack/demo';
import { startOpenChoreoStack } from './stack/startOpenChoreoStack';

const USAGE = `usage: openchoreo-stack [--kubeconfig-out <file>] [--step-seconds <s>] [--demo]

Starts the real OpenChoreo stack on 127.0.0.1 (kube-apiserver with etcd,
OpenChoreo v1.2.3's controller manager, a stub cluster gateway with a test
observer, and the local control plane's Argo executor, whose steps run
--step-seconds each, default 2), writes the kubeconfig once everything is ready
(default: <repository>/.local/openchoreo/kubeconfig) and stops everything on
SIGINT/SIGTERM. --demo creates the local control plane's v1.x demo workflows.`;

/** `npm run openchoreo-stack`. */
export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv.slice(2),
    options: {
      'kubeconfig-out': { type: 'string' },
      'step-seconds': { type: 'string', default: '2' },
      demo: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const kubeconfigPath = path.resolve(
    values['kubeconfig-out'] ??
      path.join(repositoryRoot(), '.local', 'openchoreo', 'kubeconfig'),
  );
  process.stdout.write(
    'Starting the OpenChoreo stack (the first start builds the Go tools: minutes)...\n',
  );
  const stepSeconds = Number(values['step-seconds']);
  if (!Number.isFinite(stepSeconds) || stepSeconds < 0) {
    throw new Error(
      `openchoreo-stack: --step-seconds must be a number >= 0, got ${values['step-seconds']}`,
    );
  }
  const stack = await startOpenChoreoStack({
    kubeconfigPath,
    executor: argoExecutor({ stepSeconds }),
  });
  if (values.demo) {
    const demo = demoWorkflowObjects();
    await createObjects(stack.kubeconfig, demo).catch(async error => {
      await stack.stop();
      throw error;
    });
    process.stdout.write(
      `Created the demo workflows: ${demo
        .filter(o => o.kind !== 'ClusterWorkflowTemplate')
        .map(o => `${o.kind}/${o.metadata.name}`)
        .join(', ')}\n`,
    );
  }
  process.stdout.write(
    [
      `OpenChoreo stack ready: kube-apiserver ${stack.apiServer.url}, stub gateway ${stack.gatewayUrl}`,
      `kubeconfig: ${kubeconfigPath}   (kubectl --kubeconfig ${kubeconfigPath} get workflowruns -A)`,
      `logs: ${stack.logDir}; steps' logs: POST ${stack.gatewayUrl}/api/v1/logs/query (OpenChoreo's observer API)`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('Stopping the OpenChoreo stack...\n');
    stack.stop().then(
      () => process.exit(0),
      error => {
        process.stderr.write(`${error}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function repositoryRoot(): string {
  // Runs from source inside the repository.
  // eslint-disable-next-line no-restricted-syntax
  const root = findUp(__dirname, d =>
    fs.existsSync(path.join(d, 'tools', 'build.sh')),
  );
  if (!root)
    throw new Error('openchoreo-stack: run it from inside the repository');
  return root;
}
