import { WorkflowResource } from '../model/types';
import { RenderError } from '../render/errors';
import {
  RenderContext,
  RenderResult,
  renderWorkflowRun,
  resolveExternalRefTargets,
} from '../render/renderWorkflow';
import { RenderWarning } from '../render/template';
import { pruneDefaults } from '../schema/launchParameters';
import { prepareParameters } from '../schema/parameterSchema';
import { FieldError } from '../schema/types';
import type { RenderErrorInfo, WorkflowWarning } from '../api/types';
import { renderErrorInfo } from '../launch/renderErrorInfo';
import { workflowWarnings } from '../launch/workflowWarnings';

/**
 * Everything one evaluation needs; plain data, so it can cross to a worker thread.
 *
 * @public
 */
export interface EvaluationRequest {
  workflow: WorkflowResource;
  /** The parameters as given (defaults are applied here); see `parametersFrom`. */
  parameters: unknown;
  /**
   * What `parameters` are. `user` (the default): what a user filled in, a
   * form that starts with the defaults; a launch writes into the WorkflowRun
   * only what OpenChoreo's defaulting would not reproduce (pruneDefaults), so
   * that a value left at its default gets OpenChoreo's type for defaults.
   * `run`: a WorkflowRun's `spec.workflow.parameters` as written (the CLI,
   * the local control plane's controller, a run's diagnosis).
   * Either way what is rendered is what OpenChoreo renders for that run.
   */
  parametersFrom?: 'user' | 'run';
  /** The run the workflow is rendered for. */
  context: RenderContext;
  /**
   * Objects `spec.externalRefs` may name, found by kind and name (the CLI's
   * documents); used for the refs that `context.externalRefs` lacks.
   */
  referenceableObjects?: unknown[];
  /** Stop after defaulting and validating (nothing is rendered). */
  validateOnly?: boolean;
  /** Also check the workflow for its authors (workflowWarnings). */
  workflowWarnings?: boolean;
}

/**
 * The outcome, plain data as well.
 *
 * @public
 */
export interface EvaluationResult {
  /** The parameters with their defaults: what is validated and shown. */
  parameters: Record<string, unknown>;
  /** What the WorkflowRun carries in `spec.workflow.parameters`; what is rendered. */
  runParameters: Record<string, unknown>;
  /** Problems of the workflow's schema and of the parameters; nothing is rendered when there are some. */
  errors: FieldError[];
  /** What the controller would apply, when rendering succeeded. */
  rendered?: RenderResult;
  /** Why OpenChoreo cannot render the run, in its words, naming the expression. */
  renderError?: RenderErrorInfo;
  /** Set when rendering lacked an input the controller would have (an externalRef not given). */
  missingInput?: 'externalRef';
  /**
   * Where OpenChoreo renders something other than the template plainly says,
   * because of how OpenChoreo itself works (a null written as 0, oc_merge
   * leaving out the run's labels, ...): the rendered objects show what
   * OpenChoreo does, each warning says so in words.
   */
  warnings: RenderWarning[];
  /** With `request.workflowWarnings`: what the workflow's authors should fix. */
  workflowWarnings?: WorkflowWarning[];
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function findReferenced(
  objects: unknown[],
  kind: string,
  name: string,
): Record<string, unknown> | undefined {
  return objects.find(
    o => isObject(o) && o.kind === kind && o.metadata?.name === name,
  ) as Record<string, unknown> | undefined;
}

function externalRefsOf(
  request: EvaluationRequest,
  runParameters: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const given = request.context.externalRefs;
  const objects = request.referenceableObjects;
  if (!objects?.length) return given;
  const refs: Record<string, unknown> = { ...given };
  const targets = resolveExternalRefTargets(
    request.workflow,
    runParameters,
    request.context,
  );
  for (const target of targets) {
    if (refs[target.id] !== undefined) continue;
    const found = findReferenced(objects, target.kind, target.name);
    if (found) refs[target.id] = found;
  }
  return refs;
}

/**
 * The one evaluation of a run that preview, launch, the CLI, the local
 * control plane and a run's diagnosis share: default and validate the
 * parameters, then (when they are valid) render what the WorkflowRun will
 * carry as OpenChoreo's controller renders it (numbers written in the run
 * are doubles there, defaults keep their own type), so that the preview and
 * the launch fail exactly where OpenChoreo fails. Render problems come back
 * as `renderError`; anything else thrown is a bug.
 *
 * @public
 */
export function evaluateRun(request: EvaluationRequest): EvaluationResult {
  const given = request.parameters ?? {};
  const prepared = prepareParameters(request.workflow, given);
  let runParameters: Record<string, unknown>;
  if (request.parametersFrom === 'run') {
    runParameters = isObject(given) ? given : {};
  } else {
    runParameters = pruneDefaults(prepared.schema.jsonSchema, given);
  }
  const result: EvaluationResult = {
    parameters: prepared.parameters,
    runParameters,
    errors: prepared.errors,
    warnings: [],
  };
  if (request.workflowWarnings) {
    result.workflowWarnings = workflowWarnings(request.workflow);
  }
  if (prepared.errors.length > 0 || request.validateOnly) return result;
  try {
    const externalRefs = externalRefsOf(request, runParameters);
    result.rendered = renderWorkflowRun(
      request.workflow,
      runParameters,
      { ...request.context, externalRefs },
      prepared.schema,
    );
    result.warnings = result.rendered.warnings;
  } catch (e) {
    if (!(e instanceof RenderError)) throw e;
    result.renderError = renderErrorInfo(e);
    if (e.missingInput) result.missingInput = e.missingInput;
  }
  return result;
}
