import type { Entity } from '@backstage/catalog-model';
import type { WorkflowRef } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

/**
 * Catalog annotation naming the OpenChoreo workflow an entity uses:
 * `Workflow/<namespace>/<name>` or `ClusterWorkflow/<name>` (a bare
 * `<namespace>/<name>` means a Workflow). @public
 */
export const OPENCHOREO_WORKFLOW_ANNOTATION = 'openchoreo.dev/workflow';

/** The workflow named by an annotation value, or undefined when malformed. @public */
export function parseWorkflowAnnotation(
  value: string | undefined,
): WorkflowRef | undefined {
  const parts = (value ?? '').trim().split('/');
  if (parts.some(p => !p)) return undefined;
  if (parts.length === 2 && parts[0] === 'ClusterWorkflow') {
    return { kind: 'ClusterWorkflow', name: parts[1] };
  }
  if (parts.length === 3 && parts[0] === 'Workflow') {
    return { kind: 'Workflow', namespace: parts[1], name: parts[2] };
  }
  if (parts.length === 2)
    return { kind: 'Workflow', namespace: parts[0], name: parts[1] };
  return undefined;
}

/** The workflow an entity references, if any. @public */
export const workflowRefOfEntity = (entity: Entity) =>
  parseWorkflowAnnotation(
    entity.metadata.annotations?.[OPENCHOREO_WORKFLOW_ANNOTATION],
  );

/** Whether the entity has a valid `openchoreo.dev/workflow` annotation. @public */
export const isOpenChoreoWorkflowsAvailable = (entity: Entity) =>
  Boolean(workflowRefOfEntity(entity));

/**
 * Catalog annotation naming the configured cluster of the entity's workflow
 * (the catalog provider sets it on workflows of every cluster but the
 * default one); absent: the backend's default cluster.
 */
export const OPENCHOREO_CLUSTER_ANNOTATION = 'openchoreo.dev/cluster';

/** The cluster an entity's workflow lives on, or undefined for the default one. */
export const clusterOfEntity = (entity: Entity) =>
  entity.metadata.annotations?.[OPENCHOREO_CLUSTER_ANNOTATION]?.trim() ||
  undefined;
