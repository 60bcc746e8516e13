/*
 * Our side of a differential case: what the preview shows (evaluateRun, as
 * the backend's preview and launch call it) and what a launch writes into the
 * WorkflowRun, which is what OpenChoreo then renders.
 */
import {
  buildParameterSchema,
  celParameters,
  evaluateRun,
  EvaluationResult,
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { DiffCase } from './caseArbitrary';
import { Json } from './schemaArbitraries';

export interface OurSide {
  result: EvaluationResult;
  /** The run's `spec.workflow.parameters` as RunLauncher.launch writes them; undefined when it refuses. */
  launchWrites?: Json;
  /** JSON Pointer -> Go type of every number in the parameters our CEL evaluation used. */
  parameterTypes: Record<string, string>;
}

/** Go types of the numbers of a CEL value (bigint = int64, number = float64). */
export function celNumberTypes(
  value: unknown,
  prefix = '',
  into: Record<string, string> = {},
): Record<string, string> {
  if (typeof value === 'bigint') into[prefix] = 'int64';
  else if (typeof value === 'number') into[prefix] = 'float64';
  else if (Array.isArray(value)) {
    value.forEach((v, i) => celNumberTypes(v, `${prefix}/${i}`, into));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const key = k.replace(/~/g, '~0').replace(/\//g, '~1');
      celNumberTypes(v, `${prefix}/${key}`, into);
    }
  }
  return into;
}

/**
 * Evaluates a case as the backend does: `evaluateRun` with the user's
 * parameters (RunLauncher.launch, plugins/openchoreo-workflows-backend/src/
 * service/RunLauncher.ts), which writes the evaluation's `runParameters` (what
 * the user set, without what OpenChoreo's defaulting reproduces) into the
 * WorkflowRun when there are no errors. The parameter types are those of the
 * `parameters` variable our render used: the run's numbers doubles, the
 * defaults with their own Go type (celParameters).
 */
export function runOurs(c: DiffCase): OurSide {
  const workflow = c.workflow as unknown as WorkflowResource;
  const result = evaluateRun({
    workflow,
    parameters: c.userParameters,
    context: c.context,
  });
  const refused = result.errors.length > 0;
  return {
    result,
    launchWrites: refused ? undefined : (result.runParameters as Json),
    parameterTypes: celNumberTypes(
      celParameters(buildParameterSchema(workflow), result.runParameters),
    ),
  };
}
