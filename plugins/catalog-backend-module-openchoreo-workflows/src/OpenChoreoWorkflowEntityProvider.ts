import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { workflowEntityLocationKey } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { EntityOptions, workflowToEntity } from './workflowToEntity';
import { WorkflowSource } from './WorkflowSource';

/** @public */
export interface ProviderOptions {
  logger: LoggerService;
  defaultOwner: string;
  lifecycle: string;
  appBaseUrl: string;
  /** Runs the periodic full reconciliation; without it, call `reconcile()` yourself. */
  taskRunner?: SchedulerServiceTaskRunner;
  /** How long watch events are batched into one delta mutation (ms, default 250). */
  batchMs?: number;
}

/**
 * Mirrors every Workflow and ClusterWorkflow into the catalog as a
 * `Resource` of type `openchoreo-workflow`. Watch events become delta
 * mutations (batched briefly); a full mutation runs once every cluster has
 * been listed and then on the schedule, as a safety net that also removes
 * entities of workflows deleted while the backend was down.
 *
 * @public
 */
export class OpenChoreoWorkflowEntityProvider implements EntityProvider {
  readonly #opts: ProviderOptions;
  readonly #sources = new Map<
    string,
    { source: WorkflowSource; unsubscribe: () => void }
  >();
  #order: string[] = [];
  #connection?: EntityProviderConnection;
  #queue: Promise<void> = Promise.resolve();
  #pending = {
    added: new Map<string, DeferredEntity>(),
    removed: new Map<string, string>(),
  };
  #timer?: NodeJS.Timeout;

  constructor(opts: ProviderOptions) {
    this.#opts = opts;
  }

  getProviderName(): string {
    return 'OpenChoreoWorkflowEntityProvider';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    for (const { source } of this.#sources.values()) this.#startSource(source);
    await this.#opts.taskRunner?.run({
      id: `${this.getProviderName()}:reconcile`,
      fn: () => this.reconcile(),
    });
  }

  /**
   * Adds (or replaces, by name) a cluster's source. The first source added
   * is the default cluster (entities in namespace `default`, links without
   * `?cluster=`).
   */
  setSource(source: WorkflowSource) {
    const previous = this.#sources.get(source.name);
    if (previous) {
      previous.unsubscribe();
      previous.source.stop();
    } else {
      this.#order.push(source.name);
    }
    const unsubscribe = source.onChange((type, kind, workflow) => {
      const deferred = this.#deferred(source.name, kind, workflow);
      const ref = stringifyEntityRef(deferred.entity);
      if (type === 'DELETED') {
        this.#pending.added.delete(ref);
        this.#pending.removed.set(ref, deferred.locationKey!);
      } else {
        this.#pending.removed.delete(ref);
        this.#pending.added.set(ref, deferred);
      }
      this.#scheduleFlush();
    });
    this.#sources.set(source.name, { source, unsubscribe });
    if (this.#connection) this.#startSource(source);
  }

  stop() {
    if (this.#timer) clearTimeout(this.#timer);
    for (const { source, unsubscribe } of this.#sources.values()) {
      unsubscribe();
      source.stop();
    }
  }

  /** Full mutation of every workflow, when every cluster has been listed (else skipped). */
  async reconcile(): Promise<void> {
    const sources = [...this.#sources.values()].map(s => s.source);
    if (!this.#connection || sources.length === 0) return;
    const notReady = sources.filter(s => !s.isReady()).map(s => s.name);
    if (notReady.length > 0) {
      this.#opts.logger.info(
        `skipping the full catalog mutation: not yet listed ${notReady.join(
          ', ',
        )}`,
      );
      return;
    }
    await this.#enqueue(async () => {
      // Deltas still pending describe older states than this full list.
      this.#pending = { added: new Map(), removed: new Map() };
      const entities = sources.flatMap(s =>
        s
          .list()
          .map(({ kind, workflow }) => this.#deferred(s.name, kind, workflow)),
      );
      await this.#connection!.applyMutation({ type: 'full', entities });
      this.#opts.logger.info(
        `mirrored ${entities.length} OpenChoreo workflows into the catalog`,
      );
    });
  }

  #startSource(source: WorkflowSource) {
    source.start().then(
      () => {
        if ([...this.#sources.values()].every(s => s.source.isReady())) {
          this.reconcile().catch(e =>
            this.#opts.logger.warn(`full catalog mutation failed: ${e}`),
          );
        }
      },
      e =>
        this.#opts.logger.warn(
          `watching workflows of ${source.name} failed: ${e}`,
        ),
    );
  }

  #deferred(
    cluster: string,
    kind: 'Workflow' | 'ClusterWorkflow',
    workflow: any,
  ): DeferredEntity {
    const options: EntityOptions = {
      cluster,
      isDefaultCluster: this.#order[0] === cluster,
      defaultOwner: this.#opts.defaultOwner,
      lifecycle: this.#opts.lifecycle,
      appBaseUrl: this.#opts.appBaseUrl,
    };
    return {
      entity: workflowToEntity(kind, workflow, options),
      // The same key for a cluster's entities, so no other provider can claim them.
      locationKey: workflowEntityLocationKey(cluster),
    };
  }

  #scheduleFlush() {
    if (this.#timer || !this.#connection) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#enqueue(() => this.#flush()).catch(e =>
        this.#opts.logger.warn(`delta catalog mutation failed: ${e}`),
      );
    }, this.#opts.batchMs ?? 250);
  }

  async #flush() {
    const { added, removed } = this.#pending;
    this.#pending = { added: new Map(), removed: new Map() };
    if (added.size === 0 && removed.size === 0) return;
    await this.#connection!.applyMutation({
      type: 'delta',
      added: [...added.values()],
      removed: [...removed].map(([entityRef, locationKey]) => ({
        entityRef,
        locationKey,
      })),
    });
  }

  /** Mutations are applied one at a time, in order. */
  #enqueue(fn: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(fn);
    this.#queue = next.catch(() => {});
    return next;
  }
}
