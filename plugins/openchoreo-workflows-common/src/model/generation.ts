import {
  ApiGeneration,
  WorkflowKind,
  WorkflowResource,
  WorkflowRunResource,
} from './types';

/**
 * Tells which API generation a Workflow/ClusterWorkflow is written in.
 *
 * `v1` when it has `spec.parameters` (openAPIV3Schema) or a `workflowPlaneRef`, or is a
 * ClusterWorkflow (v1.x only); `v0` when it has the shorthand `spec.schema` or a
 * `buildPlaneRef`. A workflow with none of these (no parameters at all) is treated as `v1`.
 *
 * @public
 */
export function detectGeneration(workflow: WorkflowResource): ApiGeneration {
  const spec = (workflow?.spec ?? {}) as Partial<WorkflowResource['spec']>;
  if (workflow?.kind === 'ClusterWorkflow') return 'v1';
  if (isObject(spec.parameters) || isObject(spec.workflowPlaneRef)) return 'v1';
  if (isObject(spec.schema) || isObject(spec.buildPlaneRef)) return 'v0';
  return 'v1';
}

/**
 * The namespace of the workflow plane where a run's Argo Workflow executes:
 * `workflows-<ns>` in v1.x, `openchoreo-ci-<ns>` in v0.x. `namespace` is the WorkflowRun's namespace.
 *
 * @public
 */
export function workflowPlaneNamespace(
  generation: ApiGeneration,
  namespace: string,
): string {
  return generation === 'v0'
    ? `openchoreo-ci-${namespace}`
    : `workflows-${namespace}`;
}

/**
 * The kind a run refers to. An explicit `spec.workflow.kind` wins; otherwise v1.x stores
 * the CRD default `ClusterWorkflow`, while v0.x only knew namespaced Workflows.
 *
 * @public
 */
export function runWorkflowKind(
  run: WorkflowRunResource,
  generation: ApiGeneration = 'v1',
): WorkflowKind {
  const kind = run?.spec?.workflow?.kind;
  if (kind === 'Workflow' || kind === 'ClusterWorkflow') return kind;
  return generation === 'v0' ? 'Workflow' : 'ClusterWorkflow';
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
