/* Builders of v1.x Workflows and their Argo run templates. */
/**
 * An Argo Workflow run template named after the run, in the run's namespace
 * (unless `metadata` says otherwise), with `spec`.
 *
 * @public
 */
export const argoRunTemplate = (
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: {
    name: '${metadata.workflowRunName}',
    namespace: '${metadata.namespace}',
    ...metadata,
  },
  spec,
});

/** A run template spec that passes `parameters` as Argo arguments. @public */
export const argoArguments = (
  parameters: Array<{ name: string; value: unknown }>,
) => ({ arguments: { parameters } });

/**
 * A v1.x Workflow `name` in `default`: an openAPIV3Schema object of
 * `properties`, an Argo run template with `runSpec` (and `runMetadata`), and
 * more of `spec`. (Typed `any`: a WorkflowResource, also for tests that
 * pass it where the cluster's objects go.)
 *
 * @public
 */
export function v1Workflow(
  properties: Record<string, unknown>,
  runSpec: Record<string, unknown>,
  {
    name = 'w',
    spec = {},
    runMetadata = {},
  }: {
    name?: string;
    spec?: Record<string, unknown>;
    runMetadata?: Record<string, unknown>;
  } = {},
): any {
  return {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'default' },
    spec: {
      parameters: { openAPIV3Schema: { type: 'object', properties } },
      runTemplate: argoRunTemplate(runSpec, runMetadata),
      ...spec,
    },
  };
}
