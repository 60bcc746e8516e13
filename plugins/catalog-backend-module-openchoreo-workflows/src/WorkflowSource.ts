import { LoggerService } from '@backstage/backend-plugin-api';
import {
  WorkflowKind,
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  buildKubeConfig,
  CacheEventType,
  ClusterConfig,
  KubeClient,
  WorkflowCaches,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';

/** @public */
export type WorkflowChange = (
  type: CacheEventType,
  kind: WorkflowKind,
  workflow: WorkflowResource,
) => void;

/**
 * The Workflows and ClusterWorkflows of one cluster, from the node library's
 * list-then-watch cache (its own connection: catalog and openchoreo-workflows
 * are separate plugins and may run in separate backends).
 *
 * @public
 */
export class WorkflowSource {
  readonly name: string;
  readonly #client: KubeClient;
  readonly #caches: WorkflowCaches;
  #started?: Promise<void>;

  constructor(config: ClusterConfig, logger: LoggerService) {
    this.name = config.name;
    const kubeConfig = buildKubeConfig(config.connection);
    this.#client = new KubeClient(kubeConfig, { cluster: config.name });
    this.#caches = new WorkflowCaches({
      kubeConfig,
      logger: logger.child({ cluster: config.name }),
      namespaces: config.namespaces,
    });
  }

  onChange(listener: WorkflowChange): () => void {
    const { workflows, clusterWorkflows } = this.#caches;
    const a = workflows.onChange((t, w) => listener(t, 'Workflow', w));
    const b = clusterWorkflows.onChange((t, w) =>
      listener(t, 'ClusterWorkflow', w),
    );
    return () => {
      a();
      b();
    };
  }

  /** Starts watching; resolves once everything was listed. ClusterWorkflows are skipped where the API has none (v0.x). */
  start(): Promise<void> {
    this.#started ??= this.#caches.start(this.#client);
    return this.#started;
  }

  stop() {
    this.#caches.stop();
  }

  isReady(): boolean {
    return this.#caches.isReady();
  }

  list(): Array<{ kind: WorkflowKind; workflow: WorkflowResource }> {
    return this.#caches.list();
  }
}
