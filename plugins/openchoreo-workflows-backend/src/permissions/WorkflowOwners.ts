import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { WorkflowResource } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  ANNOTATION_WORKFLOW_REF,
  normalizeOwnerRef,
  workflowAnnotationValue,
  workflowEntityLocation,
  workflowEntityRef,
  workflowOwnerOf,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-node';

const TTL_MS = 30_000;

/**
 * Whether `entity` is the one the catalog module emitted for `workflow` of `cluster`:
 * it names the workflow and carries the module's location, which the catalog
 * overwrites on anything read from a user-registered location.
 */
export function isProviderEntityOf(
  entity: Entity | undefined,
  cluster: string,
  workflow: WorkflowResource,
): boolean {
  const annotations = entity?.metadata.annotations ?? {};
  const { kind, metadata } = workflow;
  const location = workflowEntityLocation(
    cluster,
    kind,
    metadata.namespace,
    metadata.name,
  );
  return (
    annotations[ANNOTATION_WORKFLOW_REF] ===
      workflowAnnotationValue(kind, metadata.namespace, metadata.name) &&
    annotations[ANNOTATION_LOCATION] === location &&
    annotations[ANNOTATION_ORIGIN_LOCATION] === location
  );
}

/**
 * Resolves the owner of a workflow's catalog entity (for IS_ENTITY_OWNER):
 * `spec.owner` of the mirrored `Resource` when the catalog module emitted it
 * (an entity a user registers under the same name is ignored), else the
 * owner the workflow declares by annotation (or the configured default), so
 * the answer does not depend on whether the catalog module is installed.
 * Answers are cached briefly; one catalog request serves a whole list.
 */
export class WorkflowOwners {
  readonly #cache = new Map<string, { owner: string; at: number }>();

  constructor(
    private readonly deps: {
      catalog?: CatalogService;
      auth?: AuthService;
      logger: LoggerService;
      defaultOwner: string;
      /** Name of the first (default) cluster: its entities live in namespace `default`. */
      defaultCluster: () => string | undefined;
    },
  ) {}

  async ownerOf(cluster: string, workflow: WorkflowResource): Promise<string> {
    return (await this.ownersOf(cluster, [workflow]))[0];
  }

  /** Owners in the order of `workflows`. */
  async ownersOf(
    cluster: string,
    workflows: WorkflowResource[],
  ): Promise<string[]> {
    const now = Date.now();
    const refs = workflows.map(w =>
      stringifyEntityRef(
        workflowEntityRef({
          kind: w.kind,
          namespace: w.metadata.namespace,
          name: w.metadata.name,
          cluster: cluster === this.deps.defaultCluster() ? undefined : cluster,
        }),
      ),
    );
    const missing = [
      ...new Set(
        refs.filter(r => (this.#cache.get(r)?.at ?? 0) + TTL_MS < now),
      ),
    ];
    const entities = new Map<string, Entity>();
    if (missing.length > 0 && this.deps.catalog && this.deps.auth) {
      try {
        const { items } = await this.deps.catalog.getEntitiesByRefs(
          {
            entityRefs: missing,
            fields: [
              'kind',
              'metadata.name',
              'metadata.namespace',
              'metadata.annotations',
              'spec.owner',
            ],
          },
          { credentials: await this.deps.auth.getOwnServiceCredentials() },
        );
        items.forEach((e, i) => e && entities.set(missing[i], e));
      } catch (e) {
        this.deps.logger.warn(
          `reading workflow owners from the catalog failed, using annotations: ${e}`,
        );
      }
    }
    return workflows.map((w, i) => {
      const ref = refs[i];
      const cached = this.#cache.get(ref);
      if (cached && cached.at + TTL_MS >= now) return cached.owner;
      const entity = entities.get(ref);
      const trusted = isProviderEntityOf(entity, cluster, w);
      if (entity && !trusted) {
        this.deps.logger.warn(
          `ignoring catalog entity ${ref} for the owner of ${w.kind} ${w.metadata.name}: it was not emitted by the openchoreo-workflows catalog module (location ${entity.metadata.annotations?.[ANNOTATION_LOCATION]})`,
        );
      }
      const owner =
        (trusted &&
          entity &&
          normalizeOwnerRef(
            (entity.spec as { owner?: string } | undefined)?.owner,
            entity.metadata.namespace ?? 'default',
          )) ||
        workflowOwnerOf(w, this.deps.defaultOwner);
      this.#cache.set(ref, { owner, at: now });
      return owner;
    });
  }
}
