import { deriveRunStatus } from '../model/runStatus';
import { WorkflowResource, WorkflowRunResource } from '../model/types';
import type { RunDiagnosis } from '../api/types';
import {
  evaluateRun,
  EvaluationRequest,
  EvaluationResult,
} from '../evaluation/evaluateRun';

/**
 * The evaluation that explains why OpenChoreo leaves this run Pending, when
 * it may be because the run cannot be rendered: OpenChoreo's controller only
 * logs a render error and requeues, so the run stays Pending with no run
 * resource, no condition and no event. Undefined when the run is past that
 * point. The run is rendered from its own parameters, as the controller does.
 *
 * @public
 */
export function diagnosisRequest(
  workflow: WorkflowResource,
  run: WorkflowRunResource,
): EvaluationRequest | undefined {
  if (run.status?.runReference) return undefined;
  if (deriveRunStatus(run).phase !== 'Pending') return undefined;
  return {
    workflow,
    parameters: run.spec?.workflow?.parameters ?? {},
    parametersFrom: 'run',
    context: {
      runName: run.metadata.name,
      namespace: run.metadata.namespace ?? '',
      labels: run.metadata.labels,
      uid: run.metadata.uid,
    },
  };
}

/**
 * The diagnosis of a run from its evaluation: OpenChoreo cannot render it.
 * (Runs that need externalRefs are evaluated without them, so a missing
 * externalRef says nothing about the run.)
 *
 * @public
 */
export function diagnosisFrom(
  result: EvaluationResult,
): RunDiagnosis | undefined {
  if (!result.renderError || result.missingInput) return undefined;
  return { reason: 'RenderFailed', ...result.renderError };
}

/**
 * diagnosisRequest, evaluated here (tests and callers without a worker pool).
 *
 * @public
 */
export function diagnoseRun(
  workflow: WorkflowResource,
  run: WorkflowRunResource,
): RunDiagnosis | undefined {
  const request = diagnosisRequest(workflow, run);
  return request && diagnosisFrom(evaluateRun(request));
}
