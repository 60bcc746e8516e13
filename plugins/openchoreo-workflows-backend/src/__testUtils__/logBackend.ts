import {
  eventually,
  startTestLocalControlPlane,
  TestLocalControlPlane,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node/testUtils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { taskNameOfNode } from '../service/stepPods';
import { ObservedLine, startTestObserver, TestObserver } from './testObserver';
import { API, startWorkflowsBackend } from './backend';
import { launchDockerBuild, storedPhase } from './localRuns';

export { API };

const ARGO_WORKFLOW_LABEL = 'workflows.argoproj.io/workflow';

/** A port on 127.0.0.1 that nothing listens on: "connection refused". */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

/**
 * The local control plane (a new one unless given), a test observer, and a
 * backend that sees the plane as four clusters: `local` (observer), `plain` (no observer), `down`
 * (an observer that refuses connections) and `noplane` (observer, and a
 * workflow plane that cannot be reached).
 */
export interface LogBackend {
  local: TestLocalControlPlane;
  observer: TestObserver;
  server: any;
  /** Launches the demo container build. */
  launch(tag: string): Promise<string>;
  /** Launches the demo container build and waits until it has succeeded. */
  launchAndFinish(tag: string): Promise<string>;
  /** Every `main` line of a run's pods, as a log pipeline ships them to the observer. */
  podLines(run: string): ObservedLine[];
  /** Deletes a run's pods, as Argo's pod GC does. */
  deletePods(run: string): void;
  stop(): Promise<void>;
}

export async function startLogBackend(
  options: { features?: any[]; local?: TestLocalControlPlane } = {},
): Promise<LogBackend> {
  const local =
    options.local ?? (await startTestLocalControlPlane({ stepSeconds: 0.2 }));
  const observer = await startTestObserver({ token: 'observer-token' });
  const lcp = local.plane;
  const withObserver = (url: string) => ({
    url,
    auth: { bearerToken: 'observer-token' },
    ingestionDelaySeconds: 0,
  });
  const down = `http://127.0.0.1:${await closedPort()}`;
  const backend = await startWorkflowsBackend(
    {
      clusters: [
        { ...local.clusterConfig, observer: withObserver(observer.url) },
        { ...local.clusterConfig, name: 'plain' },
        {
          ...local.clusterConfig,
          name: 'down',
          observer: withObserver(down),
        },
        {
          ...local.clusterConfig,
          name: 'noplane',
          observer: withObserver(observer.url),
          workflowPlane: {
            url: `http://127.0.0.1:${await closedPort()}`,
            authProvider: 'serviceAccount',
            serviceAccountToken: 'unused',
            skipTLSVerify: true,
          },
        },
      ],
    },
    { features: options.features },
  );
  const server = backend.server;
  const pods = () => lcp.store.registry.get('', 'pods');
  const podsOf = (run: string) =>
    lcp.store
      .all(pods())
      .filter((p: any) => p.metadata.labels?.[ARGO_WORKFLOW_LABEL] === run);
  const launch = (tag: string) =>
    launchDockerBuild(server, `https://github.com/openchoreo/${tag}`);

  return {
    local,
    observer,
    server,
    launch,
    async launchAndFinish(tag) {
      const name = await launch(tag);
      await eventually(
        async () => {
          return storedPhase(lcp, name) === 'Succeeded' ? true : undefined;
        },
        30_000,
        `run ${name} to succeed`,
      );
      return name;
    },
    podLines(run) {
      return podsOf(run).flatMap((p: any) =>
        lcp.logs.read(p.metadata.namespace, p.metadata.name, 'main').map(l => ({
          namespace: 'default',
          workflowRunName: run,
          taskName: taskNameOfNode(
            p.metadata.annotations['workflows.argoproj.io/node-name'],
          ),
          timestamp: l.timestamp,
          log: l.text,
        })),
      );
    },
    deletePods(run) {
      for (const p of podsOf(run))
        lcp.store.delete(pods(), p.metadata.namespace, p.metadata.name);
    },
    async stop() {
      await observer.close();
      if (!options.local) await local.stop();
    },
  };
}
