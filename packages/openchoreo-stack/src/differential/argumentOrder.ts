/*
 * cel-js evaluates the arguments of a call and the elements of a list or map
 * literal from the last to the first (`resolveAstArray` in
 * @marcbachmann/cel-js lib/operators.js), cel-go from the first to the last.
 * When two of them fail, the engines report different errors for the same
 * expression. This tells whether that explains a difference: some bracketed
 * group of the expression has a first failing item with OpenChoreo's error
 * class and a last failing item with ours.
 */
import {
  buildTemplateVariables,
  evaluateCel,
  WorkflowResource,
  detectGeneration,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { DiffCase } from './caseArbitrary';
import { errorClass } from './errorClasses';
import { Json } from './schemaArbitraries';

const CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** How a difference explained here is marked (deliberate.ts looks for it). */
export const ARGUMENT_ORDER =
  'cel-js evaluates the arguments last to first, cel-go first to last (argumentOrder.ts)';

/** The items of every bracketed group of `text` (split at its own top-level commas). */
export function bracketGroups(text: string): string[][] {
  const groups: string[][] = [];
  const open: Array<{ char: string; start: number; cuts: number[] }> = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (CLOSE[ch]) {
      open.push({ char: ch, start: i + 1, cuts: [] });
    } else if (ch === ',' && open.length > 0) {
      open[open.length - 1].cuts.push(i);
    } else if (open.length > 0 && ch === CLOSE[open[open.length - 1].char]) {
      const group = open.pop()!;
      const bounds = [group.start - 1, ...group.cuts, i];
      const items = bounds
        .slice(1)
        .map((end, k) => text.slice(bounds[k] + 1, end).trim());
      if (items.length > 1)
        groups.push(group.char === '{' ? items.map(mapValue) : items);
    }
  }
  return groups;
}

/** The value of a map literal entry `key: value` (its first top-level colon). */
function mapValue(entry: string): string {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < entry.length; i++) {
    const ch = entry[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ':' && depth === 0) return entry.slice(i + 1).trim();
  }
  return entry;
}

/** Our error class for one expression alone, or undefined when it evaluates. */
function classAlone(expression: string, variables: Record<string, unknown>) {
  try {
    evaluateCel(expression, variables);
    return undefined;
  } catch (e) {
    return errorClass(`in expression '${expression}': ${(e as Error).message}`);
  }
}

/** Whether cel-js's last-to-first evaluation explains ours failing with `ourClass` where OpenChoreo failed with `theirClass`. */
export function explainedByArgumentOrder(
  c: DiffCase,
  parameters: Json,
  expression: string,
  ourClass: string,
  theirClass: string,
): boolean {
  const workflow = c.workflow as unknown as WorkflowResource;
  const variables = buildTemplateVariables(
    detectGeneration(workflow),
    parameters,
    c.context,
  );
  return bracketGroups(expression).some(items => {
    const classes = items
      .map(item => classAlone(item, variables))
      .filter((x): x is string => x !== undefined);
    return (
      classes.length > 1 &&
      classes[0] === theirClass &&
      classes[classes.length - 1] === ourClass
    );
  });
}
