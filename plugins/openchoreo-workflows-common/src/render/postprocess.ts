import {
  formatGoFloat,
  goJson,
  GoJsonError,
  goJsonOrSprint,
  goSprintV,
} from './goformat';
import { isGoStrings } from './goTree';
import { isOmit } from './values';
import { setOwn } from '../schema/ownProperty';

/**
 * Labels the controller puts on workflow-plane objects it creates for a run.
 *
 * @public
 */
export const LABEL_WORKFLOWRUN = 'openchoreo.dev/workflowrun';
/** @public */
export const LABEL_WORKFLOWRUN_NAMESPACE =
  'openchoreo.dev/workflowrun-namespace';
/** @public */
export const LABEL_MANAGED_BY = 'openchoreo.dev/managed-by';
export const MANAGED_BY_VALUE = 'workflowrun-controller';
/**
 * What OpenChoreo's mutating webhook writes into `runTemplate.spec.serviceAccountName` (v1.x).
 *
 * @public
 */
export const WORKFLOW_SERVICE_ACCOUNT = 'workflow-sa';

type Json = Record<string, unknown>;

/** A map of the rendered tree: a plain object (GoScalar values are not maps). */
const isMap = (v: unknown): v is Json => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** `RemoveOmittedFields`: strips any OMIT left in the tree. */
export function removeOmitted(value: unknown): unknown {
  if (isGoStrings(value)) return value; // a map[string]string or []string is not walked in Go
  if (Array.isArray(value)) {
    return value.filter(v => !isOmit(v)).map(removeOmitted);
  }
  if (isMap(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      if (!isOmit(v)) setOwn(out, k, removeOmitted(v));
    }
    return out;
  }
  return value;
}

/** Go keeps the value as it is when `json.Marshal` fails on it (a NaN). */
function jsonTextOrKeep(value: unknown): unknown {
  try {
    return goJson(value);
  } catch (e) {
    if (e instanceof GoJsonError) return value;
    throw e;
  }
}

/** `convertComplexValuesToJSONStrings`: a list or map under a key named `value` becomes JSON text. */
export function complexValuesToJson(value: unknown): unknown {
  if (isGoStrings(value)) return value;
  if (Array.isArray(value)) return value.map(complexValuesToJson);
  if (isMap(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'value') {
        const complex = (Array.isArray(v) || isMap(v)) && !isGoStrings(v);
        setOwn(out, k, complex ? jsonTextOrKeep(v) : v);
      } else {
        setOwn(out, k, complexValuesToJson(v));
      }
    }
    return out;
  }
  return value;
}

/** `convertFlowStyleArraysToSlices`: any string that starts with `[` and parses as a JSON array becomes that array. */
export function flowStyleArraysToLists(value: unknown): unknown {
  if (isGoStrings(value)) return value;
  if (Array.isArray(value)) return value.map(flowStyleArraysToLists);
  if (isMap(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value))
      setOwn(out, k, flowStyleArraysToLists(v));
    return out;
  }
  if (typeof value === 'string' && value.startsWith('[')) {
    try {
      const parsed = JSON.parse(value);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // not JSON: keep the text
    }
  }
  return value;
}

/** The pipeline's post-processing of every rendered object. */
export function postProcessRendered(value: unknown): unknown {
  return flowStyleArraysToLists(complexValuesToJson(removeOmitted(value)));
}

/**
 * The controller's `convertToString` for an Argo parameter value
 * (internal/controller/workflowrun/controller.go:551-568): a Go int with
 * `%d`, a float64 with `%v` (`1234567.0` is `1.234567e+06`), lists and maps
 * as JSON, anything else with `%v` (a NullValue is `NULL_VALUE`, the run's
 * labels, a Go map[string]string, `map[team:payments]`, a split() result, a
 * Go []string, `[a b]`).
 */
export function argoParameterText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return formatGoFloat(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if ((Array.isArray(value) || isMap(value)) && !isGoStrings(value)) {
    return goJsonOrSprint(value);
  }
  return goSprintV(value); // a NullValue, a Go time, duration or []byte
}

/** `convertParameterValuesToStrings`: `spec.arguments.parameters[*].value` of the run resource as strings. */
export function parameterValuesToStrings(resource: Json): Json {
  const spec = resource.spec;
  if (!isMap(spec) || !isMap(spec.arguments)) return resource;
  const params = spec.arguments.parameters;
  if (!Array.isArray(params)) return resource;
  return {
    ...resource,
    spec: {
      ...spec,
      arguments: {
        ...spec.arguments,
        parameters: params.map(p =>
          isMap(p) && 'value' in p
            ? { ...p, value: argoParameterText(p.value) }
            : p,
        ),
      },
    },
  };
}

/** Adds labels to `metadata.labels` (creating it), returning a new object. */
export function withLabels(
  resource: Json,
  labels: Record<string, string>,
): Json {
  const metadata = isMap(resource.metadata) ? resource.metadata : {};
  const existing = isMap(metadata.labels) ? metadata.labels : {};
  return {
    ...resource,
    metadata: { ...metadata, labels: { ...existing, ...labels } },
  };
}

/** Sets `metadata.namespace`, returning a new object. */
export function withNamespace(resource: Json, namespace: string): Json {
  const metadata = isMap(resource.metadata) ? resource.metadata : {};
  return { ...resource, metadata: { ...metadata, namespace } };
}

/** The webhook's `InjectServiceAccountName` on a runTemplate. */
export function injectServiceAccountName(runTemplate: Json): Json {
  const spec = isMap(runTemplate.spec) ? runTemplate.spec : {};
  return {
    ...runTemplate,
    spec: { ...spec, serviceAccountName: WORKFLOW_SERVICE_ACCOUNT },
  };
}

/** `shouldSkipResource`: an extra resource whose name is empty or starts with `-` is not created. */
export function shouldSkipResource(resource: Json): boolean {
  const metadata = resource.metadata;
  if (!isMap(metadata) || typeof metadata.name !== 'string') return false;
  return metadata.name === '' || metadata.name.startsWith('-');
}

/** `validateRenderedResource`: the problem with a rendered object, if any. */
export function renderedResourceProblem(resource: unknown): string | undefined {
  if (!isMap(resource)) return 'rendered resource is not a map';
  if (typeof resource.apiVersion !== 'string' || !resource.apiVersion) {
    return 'rendered resource missing apiVersion';
  }
  if (typeof resource.kind !== 'string' || !resource.kind) {
    return 'rendered resource missing kind';
  }
  if (!isMap(resource.metadata)) return 'rendered resource missing metadata';
  const name = resource.metadata.name;
  if (typeof name !== 'string' || !name) {
    return 'rendered resource missing metadata.name';
  }
  return undefined;
}
