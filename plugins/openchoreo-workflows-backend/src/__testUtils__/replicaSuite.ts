/*
 * The set-up of the suites where several replicas share one database and one
 * control plane (issues 12 and 13): the local control plane for the whole
 * suite, and, on each database, replicas (backends of their own, each with
 * its own cache) started on it and stopped whatever the test does.
 */
import { mockServices } from '@backstage/backend-test-utils';
import {
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import { Knex } from 'knex';
import { startWorkflowsBackend, WorkflowsBackend } from './backend';

/**
 * Starts the local control plane before the suite's tests (with `options`)
 * and stops it after them. Returns a getter for it, to call inside tests.
 */
export function localControlPlaneForSuite(
  options: Parameters<typeof startTestLocalControlPlane>[0],
): () => TestLocalControlPlane {
  let local: TestLocalControlPlane | undefined;
  beforeAll(async () => {
    local = await startTestLocalControlPlane(options);
  });
  afterAll(async () => {
    await local?.stop();
  });
  return () => {
    if (!local) throw new Error('the local control plane is not started yet');
    return local;
  };
}

/** The replicas of a test, and a way to start one more, stopped with the others. */
export interface Replicas {
  servers: WorkflowsBackend['server'][];
  start(): Promise<WorkflowsBackend['server']>;
}

/**
 * Starts `count` replicas on the database `knex` and the cluster of `local`,
 * runs `test` with them, then stops every replica it started.
 */
export async function withReplicas<T>(
  knex: Knex,
  local: TestLocalControlPlane,
  count: number,
  test: (replicas: Replicas) => Promise<T>,
): Promise<T> {
  const backends: WorkflowsBackend[] = [];
  const replicas: Replicas = {
    servers: [],
    async start() {
      const backend = await startWorkflowsBackend(
        { clusters: [local.clusterConfig] },
        { features: [mockServices.database.factory({ knex })] },
      );
      backends.push(backend);
      replicas.servers.push(backend.server);
      return backend.server;
    },
  };
  try {
    for (let i = 0; i < count; i++) await replicas.start();
    return await test(replicas);
  } finally {
    await Promise.all(backends.map(b => b.stop()));
  }
}
