import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterStatus,
  deriveRunStatus,
  runWorkflowKind,
  WorkflowResource,
  WorkflowRunResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  buildKubeConfig,
  ClusterConfig,
  KubeClient,
  OPENCHOREO_GROUP as GROUP,
  OPENCHOREO_VERSION as VERSION,
  WatchCache,
  WorkflowCaches,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { SortedRunIndex } from '../cache/SortedRunIndex';
import { ANNOTATION_LAUNCHED_BY } from './labels';

/** Index key of the workflow a run refers to: `<kind>/<namespace or ''>/<name>`. */
export function runWorkflowKey(run: WorkflowRunResource): string {
  // A stored v1.x run always has a kind (the CRD defaults it); one without is v0.x.
  const kind = runWorkflowKind(run, 'v0');
  const ns = kind === 'ClusterWorkflow' ? '' : run.metadata.namespace ?? '';
  return `${kind}/${ns}/${run.spec.workflow.name}`;
}

export function workflowKey(
  kind: string,
  namespace: string | undefined,
  name: string,
) {
  return `${kind}/${kind === 'ClusterWorkflow' ? '' : namespace ?? ''}/${name}`;
}

/**
 * Everything the plugin knows about one OpenChoreo control plane: its
 * connections and the watch caches of Workflows, ClusterWorkflows and
 * WorkflowRuns, indexed by namespace, workflow, status and launching user.
 */
export class ClusterState {
  readonly name: string;
  readonly controlPlane: KubeClient;
  readonly workflowPlane: KubeClient;
  readonly workflows: WatchCache<WorkflowResource>;
  readonly clusterWorkflows: WatchCache<WorkflowResource>;
  readonly runs: WatchCache<WorkflowRunResource>;
  /** The cached runs in list order (newest first), for paging without sorting. */
  readonly runOrder = new SortedRunIndex();
  /** The configured `namespaces`: the only ones watched and written to; empty for all. */
  readonly namespaces: readonly string[];
  readonly #workflowCaches: WorkflowCaches;

  constructor(config: ClusterConfig, logger: LoggerService) {
    this.name = config.name;
    this.namespaces = config.namespaces ?? [];
    const kc = buildKubeConfig(config.connection);
    const log = logger.child({ cluster: config.name });
    const clientOptions = { cluster: config.name, logger: log };
    this.controlPlane = new KubeClient(kc, clientOptions);
    this.workflowPlane = config.workflowPlane
      ? new KubeClient(buildKubeConfig(config.workflowPlane), clientOptions)
      : this.controlPlane;
    this.#workflowCaches = new WorkflowCaches({
      kubeConfig: kc,
      logger: log,
      namespaces: config.namespaces,
      workflowIndexers: { namespace: w => [w.metadata.namespace ?? ''] },
    });
    this.workflows = this.#workflowCaches.workflows;
    this.clusterWorkflows = this.#workflowCaches.clusterWorkflows;
    this.runs = new WatchCache<WorkflowRunResource>({
      kubeConfig: kc,
      logger: log,
      group: GROUP,
      version: VERSION,
      plural: 'workflowruns',
      namespaces: config.namespaces,
      indexers: {
        namespace: r => [r.metadata.namespace ?? ''],
        workflow: r => [runWorkflowKey(r)],
        phase: r => [deriveRunStatus(r).phase],
        launchedBy: r => {
          const by = r.metadata.annotations?.[ANNOTATION_LAUNCHED_BY];
          return by ? [by] : [];
        },
      },
    });
    this.runs.onChange((type, run) => this.runOrder.apply(type, run));
  }

  /** Starts the caches; ClusterWorkflows are optional (v0.x has none). */
  async start(): Promise<void> {
    await Promise.all([
      this.#workflowCaches.start(this.controlPlane),
      this.runs.start(),
    ]);
  }

  stop() {
    this.#workflowCaches.stop();
    this.runs.stop();
  }

  /**
   * Whether every started watch reaches the API server: unreachable since the
   * first of them lost it, reachable since the last of them got it back.
   */
  status(): ClusterStatus {
    const caches = [...this.#workflowCaches.started(), this.runs];
    const states = caches.map(c => c.connection());
    const down = states.filter(s => !s.reachable);
    const times = (down.length > 0 ? down : states).map(s => s.since).sort();
    const since = down.length > 0 ? times[0] : times[times.length - 1];
    const lastError = down.find(s => s.lastError)?.lastError;
    return {
      name: this.name,
      reachable: down.length === 0,
      since,
      ...(lastError ? { lastError } : {}),
    };
  }

  isReady() {
    return this.#workflowCaches.isReady() && this.runs.isReady();
  }

  getWorkflow(kind: string, namespace: string | undefined, name: string) {
    return this.#workflowCaches.get(kind, namespace, name);
  }

  listWorkflows(): WorkflowResource[] {
    return this.#workflowCaches
      .list()
      .map(({ kind, workflow }) => ({ ...workflow, kind }));
  }

  /** Why runs of `namespace` may not be written (launched, stopped) here, or undefined. */
  namespaceProblem(namespace: string): string | undefined {
    if (this.namespaces.length === 0 || this.namespaces.includes(namespace)) {
      return undefined;
    }
    return `'${namespace}' is not one of the namespaces cluster '${
      this.name
    }' is configured for (${this.namespaces.join(', ')})`;
  }

  runsPath(namespace: string, name?: string) {
    const base = `/apis/${GROUP}/${VERSION}/namespaces/${namespace}/workflowruns`;
    return name ? `${base}/${name}` : base;
  }
}
