import {
  EVALUATION_DEFAULTS,
  EvaluationPool,
  Evaluator,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import fs from 'fs';
import path from 'path';
import { WorkflowRunController } from './controller/workflowRunController';
import { buildKubeconfig } from './kubeconfig';
import { ArgoExecutor } from './executor/argoExecutor';
import { podLogSink } from './executor/logSinks';
import { storeExecutorKube } from './executor/storeKube';
import { applyManifests, readManifests } from './manifests';
import { PodLogStore } from './server/podLogs';
import { createApiServer } from './server/http/apiServer';
import { listenOnLoopback } from './server/http/loopbackListener';
import { packageRoot } from './packageRoot';
import { ObjectStore } from './server/store';

/** @public */
export interface LocalControlPlaneOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** YAML files or directories applied at start. */
  manifests?: string[];
  /** Seconds each simulated step runs (default 2). */
  stepSeconds?: number;
  /** Where to write the kubeconfig (the directory is created). */
  kubeconfigOut?: string;
  /** Events kept for watch resumption; older resourceVersions get 410 Gone (default 1000). */
  watchHistorySize?: number;
  /** BOOKMARK interval for watches that allow them, in ms (default 10000). */
  bookmarkIntervalMs?: number;
  /** Seconds before a run that failed to render is retried (default 10). */
  retrySeconds?: number;
  /**
   * Where the simulated controller validates and renders runs (the backend
   * shares its pool); by default a pool of one worker thread of its own.
   */
  evaluator?: Evaluator;
  /** Deadline of a run's evaluation in that pool of its own, in ms (default 2000). */
  evaluationTimeoutMs?: number;
  /**
   * Run the built-in Argo executor (default true). Without it Argo Workflows
   * wait for another executor, e.g. one over HTTP (startArgoExecutor).
   */
  argoExecutor?: boolean;
  /** TEST ONLY: accept stale resourceVersions (see StoreOptions in ./server/store). */
  unsafeSkipResourceVersionCheck?: boolean;
}

/** @public */
export interface LocalControlPlane {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The kubeconfig YAML (also written to kubeconfigOut when given). */
  kubeconfig: string;
  store: ObjectStore;
  logs: PodLogStore;
  /** TEST ONLY: what a real API server does to its clients now and then; nothing calls these otherwise. */
  faults: LocalControlPlaneFaults;
  stop(): Promise<void>;
}

/**
 * Faults a test injects into the local control plane (see {@link LocalControlPlane.faults}).
 *
 * @public
 */
export interface LocalControlPlaneFaults {
  /** Ends every open connection, watches included, as a proxy or a restarting API server does. */
  dropConnections(): void;
  /** Ends every open watch cleanly, as its timeout does: clients resume from their resourceVersion. */
  endWatches(): void;
  /** Compacts the watch history: a watch resuming from an older resourceVersion gets 410 Gone. */
  expireResourceVersions(): void;
  /** Stops listening and drops every connection (clients get "connection refused"); objects are kept. */
  suspend(): Promise<void>;
  /** Listens again on the same port after `suspend()`. */
  resume(): Promise<void>;
}

/**
 * The package's own demo manifests (what `start` loads when asked for the demo).
 *
 * @public
 */
export function demoManifestsDir(): string {
  return path.join(packageRoot(), 'manifests');
}

/** @public */
export async function startLocalControlPlane(
  options: LocalControlPlaneOptions = {},
): Promise<LocalControlPlane> {
  const store = new ObjectStore({
    watchHistorySize: options.watchHistorySize,
    unsafeSkipResourceVersionCheck: options.unsafeSkipResourceVersionCheck,
  });
  const logs = new PodLogStore();
  const executor = new ArgoExecutor({
    kube: storeExecutorKube(store),
    logs: podLogSink(logs),
    stepSeconds: options.stepSeconds ?? 2,
  });
  const ownEvaluator = options.evaluator
    ? undefined
    : new EvaluationPool({
        timeoutMs: options.evaluationTimeoutMs ?? EVALUATION_DEFAULTS.timeoutMs,
        threads: 1,
        memoryLimitMb: EVALUATION_DEFAULTS.memoryLimitMb,
        timeoutSetting: 'evaluationTimeoutMs',
      });
  const controller = new WorkflowRunController(
    store,
    options.evaluator ?? ownEvaluator!,
    { retrySeconds: options.retrySeconds },
  );
  if (options.manifests?.length)
    applyManifests(store, readManifests(options.manifests));
  if (options.argoExecutor !== false) await executor.start();
  controller.start();

  const openWatches = new Set<() => void>();
  const server = createApiServer({
    store,
    logs,
    bookmarkIntervalMs: options.bookmarkIntervalMs,
    openWatches,
  });
  const listener = await listenOnLoopback(server, options.port ?? 0);
  const { url, dropConnections, close } = listener;
  const kubeconfig = buildKubeconfig(url);
  if (options.kubeconfigOut) {
    fs.mkdirSync(path.dirname(path.resolve(options.kubeconfigOut)), {
      recursive: true,
    });
    fs.writeFileSync(options.kubeconfigOut, kubeconfig, { mode: 0o600 });
  }
  const historySize = options.watchHistorySize ?? 1000;
  const faults: LocalControlPlaneFaults = {
    dropConnections,
    endWatches() {
      for (const finish of [...openWatches]) finish();
    },
    expireResourceVersions() {
      store.setWatchHistorySize(0);
      store.setWatchHistorySize(historySize);
    },
    suspend: close,
    resume: listener.resume,
  };
  return {
    url,
    kubeconfig,
    store,
    logs,
    faults,
    async stop() {
      controller.stop();
      executor.stop();
      await close();
      await ownEvaluator?.close();
    },
  };
}
