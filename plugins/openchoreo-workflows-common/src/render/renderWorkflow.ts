import {
  ApiGeneration,
  detectGeneration,
  WorkflowResource,
  workflowPlaneNamespace as planeNamespaceFor,
} from '../model';
import { childPath, RenderError } from './errors';
import {
  injectServiceAccountName,
  LABEL_MANAGED_BY,
  LABEL_WORKFLOWRUN,
  LABEL_WORKFLOWRUN_NAMESPACE,
  MANAGED_BY_VALUE,
  parameterValuesToStrings,
  postProcessRendered,
  renderedResourceProblem,
  shouldSkipResource,
  withLabels,
  withNamespace,
} from './postprocess';
import {
  CelVariables,
  RenderScope,
  renderScope,
  renderString,
  renderTemplateValue,
  RenderWarning,
} from './template';
import { buildParameterSchema } from '../schema/parameterSchema';
import { ParameterSchema } from '../schema/types';
import { celParameters } from './celParameters';
import { isOmit, toCel } from './values';
import {
  firstUnencodable,
  goTypeName,
  isGoStrings,
  markGoStrings,
  toJsonData,
} from './goTree';
import { goSprintV } from './goformat';
import { setOwn } from '../schema/ownProperty';

/**
 * What the controller knows about a run besides its parameters.
 *
 * @public
 */
export interface RenderContext {
  /** The WorkflowRun's name (`${metadata.workflowRunName}`). */
  runName: string;
  /** The WorkflowRun's namespace (`${metadata.namespaceName}`). */
  namespace: string;
  /** Overrides `${metadata.namespace}`; defaults to `workflows-<ns>` (v1) / `openchoreo-ci-<ns>` (v0). */
  workflowPlaneNamespace?: string;
  /** The WorkflowRun's labels (`${metadata.labels[...]}`). */
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** The WorkflowRun's uid: when the run resource lands in the run's own namespace it gets an ownerReference. */
  uid?: string;
  /** Resolved externalRefs by id: the referenced object (only its `spec` is exposed, as OpenChoreo does). */
  externalRefs?: Record<string, unknown>;
  /** The workflow plane (v1.x): `${workflowplane.secretStore}`; empty when the plane has no secretStoreRef. */
  workflowPlane?: { secretStore?: string };
}

/** @public */
export interface RenderedResource {
  id: string;
  object: Record<string, unknown>;
}

/** @public */
export interface RenderResult {
  /** The run resource (normally an Argo Workflow), as the controller would apply it. */
  run: Record<string, unknown>;
  /** `spec.resources[]` that are included, in order, as applied. */
  resources: RenderedResource[];
  generation: ApiGeneration;
  /** The enforced workflow-plane namespace (`${metadata.namespace}`). */
  workflowPlaneNamespace: string;
  /** Where OpenChoreo renders something other than the template plainly says (see RenderWarning). */
  warnings: RenderWarning[];
}

/**
 * An externalRef whose name was evaluated: what must be fetched before rendering.
 *
 * @public
 */
export interface ExternalRefTarget {
  id: string;
  apiVersion: string;
  kind: string;
  name: string;
  /** Looked up in the WorkflowRun's namespace. */
  namespace: string;
}

type Json = Record<string, unknown>;

function enforcedNamespace(generation: ApiGeneration, ctx: RenderContext) {
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

function externalRefVariables(
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

  const runMeta = (run.metadata ?? {}) as Json;
  const runNamespace = runMeta.namespace;
  if (typeof runNamespace !== 'string' || runNamespace === '') {
    throw new RenderError(
      'runTemplate: rendered run resource has no metadata.namespace (the controller would retry forever)',
      { location: 'runTemplate.metadata.namespace' },
    );
  }
  const spec = run.spec as Json | undefined;
  if (
    !spec ||
    typeof spec.serviceAccountName !== 'string' ||
    !spec.serviceAccountName
  ) {
    throw new RenderError(
      'runTemplate: rendered run resource has no spec.serviceAccountName (the controller would retry forever)',
      { location: 'runTemplate.spec.serviceAccountName' },
    );
  }
  warnGoStringArguments(run, scope.warnings);
  run = parameterValuesToStrings(run);
  if (runNamespace === ctx.namespace) {
    if (ctx.uid) {
      run = {
        ...run,
        metadata: {
          ...(run.metadata as Json),
          ownerReferences: [
            {
              apiVersion: 'openchoreo.dev/v1alpha1',
              kind: 'WorkflowRun',
              name: ctx.runName,
              uid: ctx.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
      };
    }
  } else {
    run = withLabels(run, ownershipLabels(ctx));
  }

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

/**
 * The controller sends the objects as JSON, which has no NaN or ±Inf: the
 * create fails and the run stays Pending (OpenChoreo logs `json: unsupported
 * value: NaN`). Argo arguments are text by then, so they may hold them.
 */
function checkEncodable(run: Json, resources: RenderedResource[]) {
  const objects: Array<[string, Json]> = [
    ['runTemplate', run],
    ...resources.map((r): [string, Json] => [`resource ${r.id}`, r.object]),
  ];
  for (const [location, object] of objects) {
    const found = firstUnencodable(object);
    if (found) {
      const text = Number.isNaN(found.value)
        ? 'NaN'
        : `${found.value > 0 ? '+' : '-'}Inf`;
      throw new RenderError(
        `${location}: OpenChoreo cannot send the rendered object as JSON (json: unsupported value: ${text} at ${found.path}); the run would stay Pending`,
        { location },
      );
    }
  }
}

export const GO_STRINGS_ARGUMENT =
  "OpenChoreo's controller prints this list or map with Go's %v, not as JSON (it JSON-encodes only []any and map[string]any, and the run's labels and a split() result are a map[string]string and a []string: internal/controller/workflowrun/controller.go:560-567)";

/** A warning for each Argo argument that the controller will print with %v. */
function warnGoStringArguments(run: Json, warnings: RenderWarning[]) {
  const args = ((run.spec as Json | undefined)?.arguments as Json | undefined)
    ?.parameters;
  if (!Array.isArray(args)) return;
  args.forEach((arg, i) => {
    const value = (arg as Json | null)?.value;
    if (!isGoStrings(value)) return;
    const location = `runTemplate.spec.arguments.parameters[${i}].value`;
    warnings.push({
      message: `${GO_STRINGS_ARGUMENT}: ${goSprintV(value)} at ${location}`,
      location,
    });
  });
}

function ownershipLabels(ctx: RenderContext): Record<string, string> {
  return {
    [LABEL_WORKFLOWRUN]: ctx.runName,
    [LABEL_WORKFLOWRUN_NAMESPACE]: ctx.namespace,
    [LABEL_MANAGED_BY]: MANAGED_BY_VALUE,
  };
}
