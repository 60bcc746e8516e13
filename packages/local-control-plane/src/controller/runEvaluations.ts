import {
  EvaluationRequest,
  EvaluationResult,
  RenderResult,
  workflowPlaneNamespace,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Evaluator } from '@openchoreo-workflows/plugin-openchoreo-workflows-node';
import { KubeObject } from '../server/types';

export type EvaluationOutcome = { result: EvaluationResult } | { error: Error };

interface Evaluation {
  inputs: string;
  outcome?: EvaluationOutcome;
}

/**
 * The evaluations (defaults, validation, rendering) of runs, in the
 * evaluator (worker threads with a deadline), so that no run can freeze the
 * controller: the first call for a run starts its evaluation, `onDone` asks
 * for the run to be reconciled again, and that call gets the outcome.
 */
export class RunEvaluations {
  readonly #evaluations = new Map<string, Evaluation>();

  constructor(
    private readonly evaluator: Evaluator,
    private readonly onDone: (key: string) => void,
  ) {}

  /**
   * The outcome for these inputs (`inputs` tells when they changed), or
   * undefined while it is being evaluated.
   */
  outcome(
    key: string,
    inputs: string,
    request: EvaluationRequest,
  ): EvaluationOutcome | undefined {
    const known = this.#evaluations.get(key);
    if (known?.inputs === inputs) {
      if (known.outcome) this.#evaluations.delete(key);
      return known.outcome;
    }
    const evaluation: Evaluation = { inputs };
    this.#evaluations.set(key, evaluation);
    this.evaluator
      .evaluate(request)
      .then(
        result => ({ result }),
        error => ({ error: error as Error }),
      )
      .then(outcome => {
        if (this.#evaluations.get(key) !== evaluation) return;
        evaluation.outcome = outcome;
        this.onDone(key);
      });
    return undefined;
  }

  forget(key: string) {
    this.#evaluations.delete(key);
  }
}

/**
 * What to evaluate for a run of a workflow: the run's own parameters (typed
 * as OpenChoreo types them) and context; `inputs` changes when either object does.
 */
export function runEvaluationRequest(
  run: KubeObject,
  workflow: KubeObject,
): { inputs: string; request: EvaluationRequest; planeNamespace: string } {
  const ns = run.metadata.namespace!;
  const generation = (run as any).spec?.workflow?.kind ? 'v1' : 'v0';
  const planeNamespace = workflowPlaneNamespace(generation, ns);
  return {
    inputs: [
      run.metadata.uid,
      run.metadata.generation,
      workflow.metadata.uid,
      workflow.metadata.resourceVersion,
    ].join('/'),
    request: {
      workflow: workflow as any,
      parameters: (run as any).spec?.workflow?.parameters ?? {},
      parametersFrom: 'run',
      context: {
        runName: run.metadata.name,
        namespace: ns,
        workflowPlaneNamespace: planeNamespace,
        labels: run.metadata.labels ?? {},
        annotations: run.metadata.annotations ?? {},
        uid: run.metadata.uid,
      },
    },
    planeNamespace,
  };
}

/** What was rendered, or the Warning event that says why nothing was. */
export function renderedOrProblem(
  outcome: EvaluationOutcome,
): { rendered: RenderResult } | { reason: string; message: string } {
  if ('error' in outcome) {
    // Past the deadline or another limit: like a render error.
    return {
      reason: 'RenderFailed',
      message: `failed to render workflow: ${outcome.error.message}`,
    };
  }
  const { errors, rendered, renderError } = outcome.result;
  if (errors.length) {
    return {
      reason: 'ParameterValidationFailed',
      message: `invalid parameters: ${errors
        .map(e => `${e.path || '(root)'}: ${e.message}`)
        .join('; ')}`,
    };
  }
  if (rendered) return { rendered };
  const err = renderError ?? { message: 'nothing was rendered' };
  const where = [
    err.location && `at ${err.location}`,
    err.expression && `in \${${err.expression}}`,
  ]
    .filter(Boolean)
    .join(' ');
  return {
    reason: 'RenderFailed',
    message: `failed to render workflow${where ? ` (${where})` : ''}: ${
      err.message
    }`,
  };
}
