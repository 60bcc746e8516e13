/*
 * When both engines fail but report different errors, the cause may only be
 * the order of evaluation: OpenChoreo renders a map's keys in Go's random map
 * order, so with two failing expressions either may be reported. A probe
 * renders one failing template string alone, in both engines; the case
 * diverges only if an engine does not fail on the other's failing string
 * with the other's error class.
 */
import {
  evaluateRun,
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { OpenChoreoOracle } from '../oracle/OpenChoreoOracle';
import { DiffCase } from './caseArbitrary';
import { errorClass, errorText } from './errorClasses';
import { Json } from './schemaArbitraries';

/** Where a failing template string sat: a field's value, a map key, or an includeWhen. */
export interface Probe {
  where: 'value' | 'key' | 'includeWhen';
  text: string;
}

/** The failing template string of OpenChoreo's error message, if it can be told. */
export function theirProbe(message: string): Probe | undefined {
  const key = /dynamic map key '(.*)' must evaluate to a string/s.exec(message);
  if (key) return { where: 'key', text: key[1] };
  const start = message.indexOf("in expression '");
  if (start < 0) return undefined;
  const rest = message.slice(start + "in expression '".length);
  const text = errorText(message);
  const expression = rest.slice(0, rest.length - text.length - 3);
  const where = /failed to evaluate includeWhen/.test(message)
    ? 'includeWhen'
    : 'value';
  return { where, text: `\${${expression}}` };
}

/** The failing template string of our render error, if it can be told. */
export function ourProbe(error: {
  message: string;
  expression?: string;
  location?: string;
}): Probe | undefined {
  if (!error.expression) return undefined;
  if (/dynamic map key/.test(error.message))
    return { where: 'key', text: error.expression };
  const text = error.expression.includes('${')
    ? error.expression
    : `\${${error.expression}}`;
  return {
    where: error.location?.endsWith('includeWhen') ? 'includeWhen' : 'value',
    text,
  };
}

/** The case's workflow with a run template (and resource) that holds only the probe. */
function probeWorkflow(c: DiffCase, probe: Probe): Json {
  const spec = c.workflow.spec as Json;
  const runTemplate: Json = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'probe', namespace: '${metadata.namespace}' },
    spec: { serviceAccountName: 'workflow-sa' },
  };
  if (probe.where === 'value') (runTemplate.spec as Json).probe = probe.text;
  if (probe.where === 'key') (runTemplate.spec as Json)[probe.text] = 'v';
  const resources =
    probe.where === 'includeWhen'
      ? [
          {
            id: 'probe',
            includeWhen: probe.text,
            template: {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: 'probe' },
            },
          },
        ]
      : undefined;
  return {
    ...c.workflow,
    spec: {
      parameters: spec.parameters,
      runTemplate,
      ...(resources ? { resources } : {}),
    },
  };
}

/** Our error class for the probe alone, or undefined when it renders. */
export function ourProbeClass(c: DiffCase, probe: Probe): string | undefined {
  const result = evaluateRun({
    workflow: probeWorkflow(c, probe) as unknown as WorkflowResource,
    parameters: c.userParameters,
    context: c.context,
  });
  return result.renderError
    ? errorClass(result.renderError.message)
    : undefined;
}

/** OpenChoreo's error (class and message) for the probe alone, or undefined when it renders. */
export async function theirProbeError(
  oracle: OpenChoreoOracle,
  c: DiffCase,
  probe: Probe,
  runParameters: Json,
): Promise<{ cls: string; message: string } | undefined> {
  const result = await oracle.render({
    id: `${c.id}-probe`,
    workflow: probeWorkflow(c, probe),
    runParameters,
    context: c.context,
  });
  return result.error
    ? { cls: errorClass(result.error), message: result.error }
    : undefined;
}
