import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findUp } from '@openchoreo-workflows/test-apiserver';
import { startOpenChoreoStack } from './stack/startOpenChoreoStack';

const USAGE = `usage: openchoreo-stack [--kubeconfig-out <file>]

Starts the real OpenChoreo stack on 127.0.0.1 (kube-apiserver with etcd,
OpenChoreo v1.2.3's controller manager, a stub cluster gateway), writes the
kubeconfig once everything is ready (default: <repository>/.local/openchoreo/kubeconfig)
and stops everything on SIGINT/SIGTERM. Nothing executes Argo Workflows yet.`;

/** `npm run openchoreo-stack`. */
export async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv.slice(2),
    options: {
      'kubeconfig-out': { type: 'string' },
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
  const stack = await startOpenChoreoStack({ kubeconfigPath });
  process.stdout.write(
    [
      `OpenChoreo stack ready: kube-apiserver ${stack.apiServer.url}, stub gateway ${stack.gatewayUrl}`,
      `kubeconfig: ${kubeconfigPath}   (kubectl --kubeconfig ${kubeconfigPath} get workflowruns -A)`,
      `logs: ${stack.logDir}`,
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
