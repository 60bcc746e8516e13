import type { WorkflowRef } from '../api/types';
import type { WorkflowKind } from './types';

/*
 * The catalog annotations that tie an entity to an OpenChoreo workflow: the
 * catalog provider writes them (node library), the entity tab and card read
 * them (frontend). One place for their names and the workflow's format.
 */

/**
 * Annotation naming the workflow an entity uses: `Workflow/<namespace>/<name>`
 * or `ClusterWorkflow/<name>` (a bare `<namespace>/<name>` means a Workflow).
 * @public
 */
export const OPENCHOREO_WORKFLOW_ANNOTATION = 'openchoreo.dev/workflow';

/**
 * Annotation naming the configured cluster of the entity's workflow (the
 * catalog provider sets it on workflows of every cluster but the default
 * one); absent: the backend's default cluster. @public
 */
export const OPENCHOREO_CLUSTER_ANNOTATION = 'openchoreo.dev/cluster';

/** Value of the `openchoreo.dev/workflow` annotation. @public */
export function workflowAnnotationValue(
  kind: WorkflowKind,
  namespace: string | undefined,
  name: string,
): string {
  return kind === 'ClusterWorkflow'
    ? `ClusterWorkflow/${name}`
    : `Workflow/${namespace}/${name}`;
}

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
