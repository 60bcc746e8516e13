import { WorkflowResource } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

const TEN = '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]';

/**
 * A CEL expression that takes 10^depth steps in constant memory: with depth
 * 10, hours. (Since `replace` behaves as Go's, no expression of ours loops
 * for ever; deeply nested comprehensions are the truly expensive kind left.)
 *
 * @public
 */
export function expensiveExpression(depth = 10): string {
  let expression = 'true';
  for (let i = depth; i > 0; i--) {
    expression = `${TEN}.all(v${i}, ${expression})`;
  }
  return expression;
}

/**
 * An Argo Workflow run template named after the run, in the run's namespace
 * (unless `metadata` says otherwise), with `spec`.
 *
 * @public
 */
export function argoRunTemplate(
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name: '${metadata.workflowRunName}',
      namespace: '${metadata.namespace}',
      ...metadata,
    },
    spec,
  };
}

/**
 * A v1 Workflow whose run template has one argument with `value`, and one
 * string parameter `text` (default `x`, more of its schema in `text`).
 *
 * @public
 */
export function workflowWith(
  value: string,
  name = 'hostile',
  text: Record<string, unknown> = {},
): WorkflowResource {
  return {
    apiVersion: 'openchoreo.dev/v1alpha1',
    kind: 'Workflow',
    metadata: { name, namespace: 'default' },
    spec: {
      parameters: {
        openAPIV3Schema: {
          type: 'object',
          properties: { text: { type: 'string', default: 'x', ...text } },
        },
      },
      runTemplate: argoRunTemplate({
        arguments: { parameters: [{ name: 'value', value }] },
      }),
    },
  } as unknown as WorkflowResource;
}
