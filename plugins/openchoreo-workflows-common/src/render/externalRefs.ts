import { detectGeneration, WorkflowResource } from '../model';
import { setOwn } from '../schema/ownProperty';
import { buildParameterSchema } from '../schema/parameterSchema';
import { celParameters } from './celParameters';
import { childPath, RenderError } from './errors';
import { ExternalRefTarget, RenderContext } from './renderTypes';
import { buildTemplateVariables } from './templateVariables';
import { RenderScope, renderScope, renderString } from './template';

type Json = Record<string, unknown>;

function nameText(rendered: unknown, location: string, expression: string) {
  if (typeof rendered !== 'string') {
    throw new RenderError(
      `${location}: name expression must evaluate to a string`,
      { expression, location },
    );
  }
  return rendered;
}

/**
 * Evaluates the names of `spec.externalRefs` (refs whose name is empty are
 * skipped, as OpenChoreo does). Callers fetch these objects and pass them as
 * `ctx.externalRefs` to renderWorkflowRun. `runParameters` as there.
 *
 * @public
 */
export function resolveExternalRefTargets(
  workflow: WorkflowResource,
  runParameters: unknown,
  ctx: RenderContext,
): ExternalRefTarget[] {
  const generation = detectGeneration(workflow);
  const parameters = celParameters(
    buildParameterSchema(workflow),
    runParameters,
  );
  return externalRefTargets(
    workflow,
    renderScope(buildTemplateVariables(generation, parameters, ctx)),
    ctx,
  );
}

function externalRefTargets(
  workflow: WorkflowResource,
  scope: RenderScope,
  ctx: RenderContext,
): ExternalRefTarget[] {
  const targets: ExternalRefTarget[] = [];
  (workflow.spec.externalRefs ?? []).forEach((ref, index) => {
    const location = `${childPath('externalRefs', index)}.name`;
    const name = nameText(
      renderString(ref.name ?? '', scope, location),
      location,
      ref.name,
    );
    if (name === '') return;
    targets.push({
      id: ref.id,
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      name,
      namespace: ctx.namespace,
    });
  });
  return targets;
}

/** The `externalRefs` variable: each resolved ref's `spec` by id; a ref not provided is a RenderError. */
export function externalRefVariables(
  workflow: WorkflowResource,
  scope: RenderScope,
  ctx: RenderContext,
): Json {
  const out: Json = {};
  const targets = externalRefTargets(workflow, scope, ctx);
  for (const target of targets) {
    const refs = ctx.externalRefs ?? {};
    const object = Object.prototype.hasOwnProperty.call(refs, target.id)
      ? refs[target.id]
      : undefined;
    if (object === undefined || object === null) {
      const index = (workflow.spec.externalRefs ?? []).findIndex(
        r => r.id === target.id,
      );
      const location = `${childPath('externalRefs', index)}.name`;
      throw new RenderError(
        `${location}: externalRef '${target.id}' refers to ${target.kind} '${target.name}' in namespace '${target.namespace}', which was not provided`,
        { location, missingInput: 'externalRef' },
      );
    }
    const spec = (object as Json).spec;
    setOwn(out, target.id, { spec: spec ?? {} });
  }
  return out;
}
