import { WorkflowResource } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  argoArguments,
  v1Workflow,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common/testUtils';

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
  return v1Workflow(
    { text: { type: 'string', default: 'x', ...text } },
    argoArguments([{ name: 'value', value }]),
    { name },
  );
}
