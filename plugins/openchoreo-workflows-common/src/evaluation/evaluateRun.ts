import { WorkflowResource } from '../model/types';
import { RenderError } from '../render/errors';
import {
  RenderContext,
  RenderResult,
  renderWorkflow,
  resolveExternalRefTargets,
} from '../render/renderWorkflow';
import { RenderWarning } from '../render/template';
import { prepareParameters } from '../schema/parameterSchema';
import { FieldError } from '../schema/types';

/** Everything one evaluation needs; plain data, so it can cross to a worker thread. */
export interface EvaluationRequest {
  workflow: WorkflowResource;
  /** The parameters as given (defaults are applied here). */
  parameters: unknown;
  /** The run the workflow is rendered for. */
  context: RenderContext;
  /**
   * Objects `spec.externalRefs` may name, found by kind and name (the CLI's
   * documents); used for the refs that `context.externalRefs` lacks.
   */
  referenceableObjects?: unknown[];
  /** Stop after defaulting and validating (nothing is rendered). */
  validateOnly?: boolean;
}

/** The outcome, plain data as well. */
export interface EvaluationResult {
  /** The parameters with their defaults. */
  parameters: Record<string, unknown>;
  /** Problems of the workflow's schema and of the parameters; nothing is rendered when there are some. */
  errors: FieldError[];
  /** What the controller would apply, when rendering succeeded. */
  rendered?: RenderResult;
  /** Why rendering failed. */
  renderError?: { message: string; expression?: string; location?: string };
  /**
   * Where OpenChoreo renders something other than the template plainly says,
   * because of how OpenChoreo itself works (a null written as 0, oc_merge
   * leaving out the run's labels, ...): the rendered objects show what
   * OpenChoreo does, each warning says so in words.
   */
  warnings: RenderWarning[];
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
  parameters: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const given = request.context.externalRefs;
  const objects = request.referenceableObjects;
  if (!objects?.length) return given;
  const refs: Record<string, unknown> = { ...given };
  const targets = resolveExternalRefTargets(
    request.workflow,
    parameters,
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
 * The one evaluation of a run that preview, launch, the CLI and the local
 * control plane share: default and validate the parameters, then (when they
 * are valid) render the workflow as OpenChoreo's controller would. Render
 * problems come back as `renderError`; anything else thrown is a bug.
 */
export function evaluateRun(request: EvaluationRequest): EvaluationResult {
  const prepared = prepareParameters(
    request.workflow,
    request.parameters ?? {},
  );
  const result: EvaluationResult = {
    parameters: prepared.parameters,
    errors: prepared.errors,
    warnings: [],
  };
  if (prepared.errors.length > 0 || request.validateOnly) return result;
  try {
    const externalRefs = externalRefsOf(request, prepared.parameters);
    result.rendered = renderWorkflow(request.workflow, prepared.parameters, {
      ...request.context,
      externalRefs,
    });
    result.warnings = result.rendered.warnings;
  } catch (e) {
    if (!(e instanceof RenderError)) throw e;
    result.renderError = {
      message: e.message,
      expression: e.expression,
      location: e.location,
    };
  }
  return result;
}
