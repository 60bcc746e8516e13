import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeConfig } from '@kubernetes/client-node';
import {
  WorkflowKind,
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  buildKubeConfig,
  CacheEventType,
  ClusterConfig,
  hasClusterWorkflows,
  KubeClient,
  OPENCHOREO_GROUP as GROUP,
  OPENCHOREO_VERSION as VERSION,
  WatchCache,
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
  readonly #kubeConfig: KubeConfig;
  readonly #workflows: WatchCache<WorkflowResource>;
  readonly #clusterWorkflows: WatchCache<WorkflowResource>;
  #clusterWorkflowsAvailable = true;
  #started?: Promise<void>;

  constructor(config: ClusterConfig, logger: LoggerService) {
    this.name = config.name;
    this.#kubeConfig = buildKubeConfig(config.connection);
    const common = {
      kubeConfig: this.#kubeConfig,
      logger: logger.child({ cluster: config.name }),
      group: GROUP,
      version: VERSION,
    };
    this.#workflows = new WatchCache<WorkflowResource>({
      ...common,
      plural: 'workflows',
      namespaces: config.namespaces,
    });
    this.#clusterWorkflows = new WatchCache<WorkflowResource>({
      ...common,
      plural: 'clusterworkflows',
    });
  }

  onChange(listener: WorkflowChange): () => void {
    const a = this.#workflows.onChange((t, w) => listener(t, 'Workflow', w));
    const b = this.#clusterWorkflows.onChange((t, w) =>
      listener(t, 'ClusterWorkflow', w),
    );
    return () => {
      a();
      b();
    };
  }

  /** Starts watching; resolves once everything was listed. ClusterWorkflows are skipped where the API has none (v0.x). */
  start(): Promise<void> {
    this.#started ??= (async () => {
      this.#clusterWorkflowsAvailable = await hasClusterWorkflows(
        new KubeClient(this.#kubeConfig, { cluster: this.name }),
      );
      await Promise.all([
        this.#workflows.start(),
        this.#clusterWorkflowsAvailable
          ? this.#clusterWorkflows.start()
          : undefined,
      ]);
    })();
    return this.#started;
  }

  stop() {
    this.#workflows.stop();
    this.#clusterWorkflows.stop();
  }

  isReady(): boolean {
    return (
      this.#workflows.isReady() &&
      (!this.#clusterWorkflowsAvailable || this.#clusterWorkflows.isReady())
    );
  }

  list(): Array<{ kind: WorkflowKind; workflow: WorkflowResource }> {
    return [
      ...this.#workflows
        .list()
        .map(workflow => ({ kind: 'Workflow' as const, workflow })),
      ...(this.#clusterWorkflowsAvailable
        ? this.#clusterWorkflows.list()
        : []
      ).map(workflow => ({
        kind: 'ClusterWorkflow' as const,
        workflow,
      })),
    ];
  }
}
