/* Test-only builders of Workflows to render, and what rendering threw. */
import { WorkflowResource } from '../../model';
import { RenderError } from '../errors';

/** What `fn` threw, which must be a RenderError (anything else, or nothing, fails the test). */
export function renderError(fn: () => unknown): RenderError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RenderError) return e;
    throw e;
  }
  throw new Error('expected a RenderError');
}

/** An Argo Workflow run template named after the run, in the run's namespace, with `spec`. */
export const argoRunTemplate = (spec: Record<string, unknown>) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: {
    name: '${metadata.workflowRunName}',
    namespace: '${metadata.namespace}',
  },
  spec,
});

/** A run template spec that passes `parameters` as Argo arguments. */
export const argoArguments = (
  parameters: Array<{ name: string; value: unknown }>,
) => ({ arguments: { parameters } });

/**
 * A v1.x Workflow `name` in `default`: an openAPIV3Schema object of
 * `properties`, an Argo run template with `runSpec`, and more of `spec`.
 */
export function v1Workflow(
  properties: Record<string, unknown>,
  runSpec: Record<string, unknown>,
  {
    name = 'w',
    spec = {},
  }: { name?: string; spec?: Record<string, unknown> } = {},
): WorkflowResource {
  return {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'default' },
    spec: {
      parameters: { openAPIV3Schema: { type: 'object', properties } },
      runTemplate: argoRunTemplate(runSpec),
      ...spec,
    },
  } as unknown as WorkflowResource;
}
