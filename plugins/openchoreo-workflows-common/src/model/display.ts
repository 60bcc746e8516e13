import {
  ANNOTATION_DESCRIPTION,
  ANNOTATION_DISPLAY_NAME,
  ANNOTATION_WORKFLOW_SCOPE,
  KubeObjectMeta,
  LABEL_COMPONENT,
  LABEL_PROJECT,
  LABEL_WORKFLOW_TYPE,
  WorkflowType,
} from './types';

/** @public */
export type WithMetadata = { metadata?: KubeObjectMeta };

/**
 * `openchoreo.dev/display-name` when set (non-blank), else `metadata.name`.
 *
 * @public
 */
export function displayNameOf(resource: WithMetadata): string {
  const annotated =
    resource?.metadata?.annotations?.[ANNOTATION_DISPLAY_NAME]?.trim();
  return annotated || resource?.metadata?.name || '';
}

/**
 * `openchoreo.dev/description` when set (non-blank).
 *
 * @public
 */
export function descriptionOf(resource: WithMetadata): string | undefined {
  return (
    resource?.metadata?.annotations?.[ANNOTATION_DESCRIPTION]?.trim() ||
    undefined
  );
}

/**
 * `component` for component CI workflows: the v1.x label `openchoreo.dev/workflow-type: component`
 * or the v0.17 annotation `openchoreo.dev/workflow-scope: component`; `generic` otherwise.
 *
 * @public
 */
export function workflowTypeOf(workflow: WithMetadata): WorkflowType {
  const meta = workflow?.metadata;
  if (meta?.labels?.[LABEL_WORKFLOW_TYPE] === 'component') return 'component';
  if (meta?.annotations?.[ANNOTATION_WORKFLOW_SCOPE] === 'component')
    return 'component';
  return 'generic';
}

/** @public */
export function isGenericWorkflow(workflow: WithMetadata): boolean {
  return workflowTypeOf(workflow) === 'generic';
}

/**
 * A run labelled with a project or component belongs to a component (CI) rather than being generic.
 *
 * @public
 */
export function isComponentRun(run: WithMetadata): boolean {
  const labels = run?.metadata?.labels ?? {};
  return LABEL_PROJECT in labels || LABEL_COMPONENT in labels;
}
