import { Command } from 'commander';
import { demoManifestsDir, startLocalControlPlane } from './localControlPlane';

const collect = (value: string, previous: string[]) => [...previous, value];

/** @public */
export async function main(argv: string[]) {
  const program = new Command('openchoreo-local-control-plane');
  program
    .command('start')
    .description(
      'Serve an in-memory Kubernetes API with a simulated OpenChoreo controller and Argo executor on 127.0.0.1',
    )
    .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', '8001')
    .option(
      '--manifests <path>',
      'YAML file or directory to apply at start (repeatable)',
      collect,
      [],
    )
    .option('--demo', "also apply the package's own demo workflows")
    .option(
      '--kubeconfig-out <file>',
      'write a kubeconfig for kubectl and @kubernetes/client-node here',
    )
    .option(
      '--step-seconds <seconds>',
      'how long each simulated step runs',
      '2',
    )
    .action(async opts => {
      const stepSeconds = Number(opts.stepSeconds);
      const port = Number(opts.port);
      if (!Number.isFinite(stepSeconds) || stepSeconds < 0)
        throw new Error(
          `--step-seconds must be a non-negative number, got ${opts.stepSeconds}`,
        );
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port must be a port number, got ${opts.port}`);
      const manifests: string[] = [
        ...(opts.demo ? [demoManifestsDir()] : []),
        ...opts.manifests,
      ];
      const plane = await startLocalControlPlane({
        port,
        manifests,
        stepSeconds,
        kubeconfigOut: opts.kubeconfigOut,
      });
      process.stdout.write(
        `OpenChoreo local control plane listening on ${plane.url}\n`,
      );
      if (opts.kubeconfigOut)
        process.stdout.write(`kubeconfig written to ${opts.kubeconfigOut}\n`);
      const shutdown = () => {
        plane.stop().then(() => process.exit(0));
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    });
  await program.parseAsync(argv);
}

if (require.main === module) {
  main(process.argv).catch(e => {
    process.stderr.write(`${e?.message ?? e}\n`);
    process.exit(1);
  });
}
