import { LoggerService } from '@backstage/backend-plugin-api';
import { KubeConfig } from '@kubernetes/client-node';
import {
  CacheEventType,
  WatchCache,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-backend';
import {
  buildKubeConfig,
  ClusterConfig,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import {
  WorkflowKind,
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import fetch from 'node-fetch';

const GROUP = 'openchoreo.dev';
const VERSION = 'v1alpha1';

export type WorkflowChange = (
  type: CacheEventType,
  kind: WorkflowKind,
  workflow: WorkflowResource,
) => void;

/**
 * The Workflows and ClusterWorkflows of one cluster, from the backend
 * plugin's list-then-watch cache (its own connection: catalog and
 * openchoreo-workflows are separate plugins and may run in separate backends).
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
      this.#clusterWorkflowsAvailable = await this.#hasClusterWorkflows();
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

  async #hasClusterWorkflows(): Promise<boolean> {
    try {
      const server = this.#kubeConfig.getCurrentCluster()?.server;
      if (!server) return true;
      const init = await this.#kubeConfig.applyToFetchOptions({});
      const res = await fetch(
        `${server.replace(/\/$/, '')}/apis/${GROUP}/${VERSION}`,
        init,
      );
      if (!res.ok) return true;
      const body = (await res.json()) as {
        resources?: Array<{ name: string }>;
      };
      return (body.resources ?? []).some(r => r.name === 'clusterworkflows');
    } catch {
      return true; // unknown yet: the cache retries until the API answers
    }
  }
}
