import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeConfig } from '@kubernetes/client-node';
import {
  WorkflowKind,
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  hasClusterWorkflows,
  OPENCHOREO_GROUP,
  OPENCHOREO_VERSION,
} from '../cluster/discovery';
import { KubeClient } from '../cluster/KubeClient';
import { WatchCache } from './WatchCache';

/** @public */
export interface WorkflowCachesOptions {
  kubeConfig: KubeConfig;
  logger: LoggerService;
  /** Namespaces whose Workflows are watched; all when absent. */
  namespaces?: string[];
  /** Indexers of the Workflows' cache. */
  workflowIndexers?: Record<string, (workflow: WorkflowResource) => string[]>;
}

/**
 * The Workflows and ClusterWorkflows of one cluster in list-then-watch
 * caches. ClusterWorkflows are watched only where the API server has them
 * (v0.x has none).
 *
 * @public
 */
export class WorkflowCaches {
  readonly workflows: WatchCache<WorkflowResource>;
  readonly clusterWorkflows: WatchCache<WorkflowResource>;
  #clusterWorkflowsAvailable = true;

  constructor(options: WorkflowCachesOptions) {
    const common = {
      kubeConfig: options.kubeConfig,
      logger: options.logger,
      group: OPENCHOREO_GROUP,
      version: OPENCHOREO_VERSION,
    };
    this.workflows = new WatchCache<WorkflowResource>({
      ...common,
      plural: 'workflows',
      namespaces: options.namespaces,
      indexers: options.workflowIndexers,
    });
    this.clusterWorkflows = new WatchCache<WorkflowResource>({
      ...common,
      plural: 'clusterworkflows',
    });
  }

  /** Asks `client`'s API server whether it has ClusterWorkflows, then lists and watches. */
  async start(client: KubeClient): Promise<void> {
    this.#clusterWorkflowsAvailable = await hasClusterWorkflows(client);
    await Promise.all(this.started().map(cache => cache.start()));
  }

  stop() {
    this.workflows.stop();
    this.clusterWorkflows.stop();
  }

  /** The caches that are (or will be) started. */
  started(): WatchCache<WorkflowResource>[] {
    return this.#clusterWorkflowsAvailable
      ? [this.workflows, this.clusterWorkflows]
      : [this.workflows];
  }

  isReady(): boolean {
    return this.started().every(cache => cache.isReady());
  }

  get(kind: string, namespace: string | undefined, name: string) {
    return kind === 'ClusterWorkflow'
      ? this.clusterWorkflows.get(undefined, name)
      : this.workflows.get(namespace, name);
  }

  list(): Array<{ kind: WorkflowKind; workflow: WorkflowResource }> {
    return [
      ...this.workflows
        .list()
        .map(workflow => ({ kind: 'Workflow' as const, workflow })),
      ...this.clusterWorkflows
        .list()
        .map(workflow => ({ kind: 'ClusterWorkflow' as const, workflow })),
    ];
  }
}
