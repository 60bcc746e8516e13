import type { Entity } from '@backstage/catalog-model';
import {
  OPENCHOREO_CLUSTER_ANNOTATION,
  OPENCHOREO_WORKFLOW_ANNOTATION,
  parseWorkflowAnnotation,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

// The annotations' names and format are common's; the plugin has offered these two since its first release.
export { OPENCHOREO_WORKFLOW_ANNOTATION, parseWorkflowAnnotation };

/** The workflow an entity references, if any. @public */
export const workflowRefOfEntity = (entity: Entity) =>
  parseWorkflowAnnotation(
    entity.metadata.annotations?.[OPENCHOREO_WORKFLOW_ANNOTATION],
  );

/** Whether the entity has a valid `openchoreo.dev/workflow` annotation. @public */
export const isOpenChoreoWorkflowsAvailable = (entity: Entity) =>
  Boolean(workflowRefOfEntity(entity));

/** The cluster an entity's workflow lives on, or undefined for the default one. */
export const clusterOfEntity = (entity: Entity) =>
  entity.metadata.annotations?.[OPENCHOREO_CLUSTER_ANNOTATION]?.trim() ||
  undefined;
