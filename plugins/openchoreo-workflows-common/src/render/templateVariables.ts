import {
  ApiGeneration,
  workflowPlaneNamespace as planeNamespaceFor,
} from '../model';
import { markGoStrings } from './goTree';
import { RenderContext } from './renderTypes';
import { CelVariables } from './template';
import { toCel } from './values';

type Json = Record<string, unknown>;

/** The workflow plane's namespace (`${metadata.namespace}`): the context's, or the generation's. */
export function enforcedNamespace(
  generation: ApiGeneration,
  ctx: RenderContext,
) {
  return (
    ctx.workflowPlaneNamespace ?? planeNamespaceFor(generation, ctx.namespace)
  );
}

/**
 * The CEL variables of a generation (OpenChoreo `BuildCELContext`):
 * `metadata` (workflowRunName, namespaceName, namespace, labels; v0 also the
 * v0.11 alias `orgName`), `parameters` (already CEL-typed, see celParameters),
 * `workflowplane` (v1 only) and `externalRefs` (only when some are resolved).
 *
 * @public
 */
export function buildTemplateVariables(
  generation: ApiGeneration,
  parameters: Record<string, unknown>,
  ctx: RenderContext,
  externalRefs?: Record<string, unknown>,
): CelVariables {
  const metadata: Json = {
    workflowRunName: ctx.runName,
    namespaceName: ctx.namespace,
    namespace: enforcedNamespace(generation, ctx),
    labels: { ...(ctx.labels ?? {}) },
  };
  if (generation === 'v0') metadata.orgName = ctx.namespace;
  const vars: Json = { metadata };
  if (generation === 'v1') {
    vars.workflowplane = { secretStore: ctx.workflowPlane?.secretStore ?? '' };
  }
  // Objects read from the API server: whole numbers are int64s there.
  if (externalRefs && Object.keys(externalRefs).length > 0) {
    vars.externalRefs = externalRefs;
  }
  const variables = {
    ...(toCel(vars) as CelVariables),
    parameters,
  } as CelVariables;
  markGoStrings((variables.metadata as Json).labels as Json);
  return variables;
}
