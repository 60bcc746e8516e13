import { detectGeneration, WorkflowResource } from '../model';
import { childPath, RenderError } from './errors';
import {
  injectServiceAccountName,
  parameterValuesToStrings,
  postProcessRendered,
  renderedResourceProblem,
  shouldSkipResource,
  withLabels,
  withNamespace,
} from './postprocess';
import {
  RenderScope,
  renderScope,
  renderString,
  renderTemplateValue,
} from './template';
import { buildParameterSchema } from '../schema/parameterSchema';
import { ParameterSchema } from '../schema/types';
import { celParameters } from './celParameters';
import { isOmit } from './values';
import { goTypeName, toJsonData } from './goTree';
import { externalRefVariables } from './externalRefs';
import { RenderContext, RenderedResource, RenderResult } from './renderTypes';
import {
  checkEncodable,
  ownershipLabels,
  runTargetNamespace,
  warnGoStringArguments,
  withRunOwnership,
} from './runResource';
import { buildTemplateVariables, enforcedNamespace } from './templateVariables';

export type {
  RenderContext,
  RenderedResource,
  RenderResult,
  ExternalRefTarget,
} from './renderTypes';
export { buildTemplateVariables } from './templateVariables';
export { resolveExternalRefTargets } from './externalRefs';

type Json = Record<string, unknown>;

function renderObject(
  template: unknown,
  scope: RenderScope,
  location: string,
): Json {
  const rendered = renderTemplateValue(template, scope, location);
  const processed = isOmit(rendered) ? rendered : postProcessRendered(rendered);
  const problem = renderedResourceProblem(processed);
  if (problem) {
    throw new RenderError(`${location}: ${problem}`, { location });
  }
  return processed as Json;
}

function includeResource(
  includeWhen: string | undefined,
  scope: RenderScope,
  location: string,
): boolean {
  if (!includeWhen) return true;
  const result = renderString(includeWhen, scope, location);
  if (typeof result !== 'boolean') {
    throw new RenderError(
      `${location}: includeWhen must evaluate to boolean, got ${goTypeName(
        result,
      )}`,
      { expression: includeWhen, location },
    );
  }
  return result;
}

/**
 * Renders a Workflow/ClusterWorkflow for one run into the objects the
 * OpenChoreo controller would apply to the workflow plane: the run resource
 * (webhook's serviceAccountName for v1.x, Argo parameter values as strings,
 * ownership labels) and the included `resources[]` (forced into the
 * workflow-plane namespace, labelled, empty/`-` names skipped).
 * `runParameters` are the WorkflowRun's `spec.workflow.parameters` as written
 * (not defaulted): like OpenChoreo, numbers in them are doubles, and the
 * schema's defaults are applied here with their own types (celParameters).
 * `schema` saves building the workflow's schema again. Throws RenderError.
 *
 * @public
 */
export function renderWorkflowRun(
  workflow: WorkflowResource,
  runParameters: unknown,
  ctx: RenderContext,
  schema: ParameterSchema = buildParameterSchema(workflow),
): RenderResult {
  return renderWithParameters(
    workflow,
    celParameters(schema, runParameters),
    ctx,
  );
}

/** renderWorkflowRun with the `parameters` variable given, already CEL-typed. */
export function renderWithParameters(
  workflow: WorkflowResource,
  parameters: Record<string, unknown>,
  ctx: RenderContext,
): RenderResult {
  if (!ctx.runName) throw new RenderError('the run name is required');
  if (!ctx.namespace) throw new RenderError('the run namespace is required');
  const runTemplate = workflow?.spec?.runTemplate as Json | undefined;
  if (!runTemplate || typeof runTemplate !== 'object') {
    throw new RenderError('workflow has no runTemplate', {
      location: 'runTemplate',
    });
  }
  const generation = detectGeneration(workflow);
  const planeNamespace = enforcedNamespace(generation, ctx);
  const externalRefs = externalRefVariables(
    workflow,
    renderScope(buildTemplateVariables(generation, parameters, ctx)),
    ctx,
  );
  const scope = renderScope(
    buildTemplateVariables(generation, parameters, ctx, externalRefs),
  );

  const template =
    generation === 'v1' ? injectServiceAccountName(runTemplate) : runTemplate;
  let run = renderObject(template, scope, 'runTemplate');

  const resources = renderResources(workflow, scope, planeNamespace, ctx);

  const runNamespace = runTargetNamespace(run);
  warnGoStringArguments(run, scope.warnings);
  run = parameterValuesToStrings(run);
  run = withRunOwnership(run, runNamespace, ctx);

  checkEncodable(run, resources);
  return {
    run: toJsonData(run) as Json,
    resources: resources.map(r => ({
      id: r.id,
      object: toJsonData(r.object) as Json,
    })),
    generation,
    workflowPlaneNamespace: planeNamespace,
    warnings: scope.warnings,
  };
}

/** The included `spec.resources[]`, rendered into the workflow plane's namespace and labelled; empty/`-` names skipped. */
function renderResources(
  workflow: WorkflowResource,
  scope: RenderScope,
  planeNamespace: string,
  ctx: RenderContext,
): RenderedResource[] {
  const resources: RenderedResource[] = [];
  (workflow.spec.resources ?? []).forEach((resource, index) => {
    const location = childPath('resources', index);
    if (
      !includeResource(resource.includeWhen, scope, `${location}.includeWhen`)
    ) {
      return;
    }
    const object = renderObject(
      resource.template,
      scope,
      `${location}.template`,
    );
    if (shouldSkipResource(object)) return;
    resources.push({
      id: resource.id,
      object: withLabels(
        withNamespace(object, planeNamespace),
        ownershipLabels(ctx),
      ),
    });
  });
  return resources;
}
