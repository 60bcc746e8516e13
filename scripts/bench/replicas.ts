/*
 * Replicas act as one: N backends (the real plugin, each its own process) on
 * one PostgreSQL database and the real kube-apiserver, behind a round-robin
 * proxy on 127.0.0.1. Runs are launched through all of them (each launch
 * sent twice at once with one idempotency key), finished as OpenChoreo's
 * controller would, one replica is killed (SIGKILL) mid-run and restarted,
 * and a third of the finished runs leave the cluster (OpenChoreo's TTL).
 *
 *   bash scripts/start-postgres.sh   # prints the URL
 *   node scripts/bench/run.js replicas --replicas 3 --runs 60 --postgres-url URL
 *
 * --postgres-url defaults to OCW_BENCH_POSTGRES_URL; a database is created
 * for the run and dropped after. Last line:
 *   replicas: N, runs R, lost L, duplicate notifications D, history identical yes|no
 * (lost: a launched run missing from some replica's GET /runs, or never
 * notified; history identical: every page of GET /runs equal on every replica).
 */
import {
  replicaSummary,
  runReplicaScenario,
} from '../../plugins/openchoreo-workflows-backend/src/__testUtils__/replicas/scenario';
import { serveReplica } from '../../plugins/openchoreo-workflows-backend/src/__testUtils__/replicas/replicaServer';

const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

function text(args: string[], name: string, fallback?: string) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}

export async function main(args: string[]) {
  if (args.includes('--serve')) {
    await serveReplica({
      postgresUrl: text(args, 'postgres-url')!,
      kubeconfigPath: text(args, 'kubeconfig')!,
    });
    return;
  }
  const replicas = Number(text(args, 'replicas', '3'));
  const runs = Number(text(args, 'runs', '60'));
  const postgresUrl = text(
    args,
    'postgres-url',
    process.env.OCW_BENCH_POSTGRES_URL,
  );
  if (!postgresUrl)
    throw new Error(
      '--postgres-url (or OCW_BENCH_POSTGRES_URL) is required: bash scripts/start-postgres.sh prints one',
    );
  if (!Number.isInteger(replicas) || replicas < 2 || replicas > 8)
    throw new Error('--replicas: an integer from 2 to 8');
  if (!Number.isInteger(runs) || runs < 1 || runs > 2000)
    throw new Error('--runs: an integer from 1 to 2000');
  const started = Date.now();
  const result = await runReplicaScenario({
    replicas,
    runs,
    postgresUrl,
    log,
  });
  log(
    `${JSON.stringify(result)} in ${((Date.now() - started) / 1000).toFixed(
      0,
    )} s`,
  );
  process.stdout.write(`${replicaSummary(result)}\n`);
}
