/**
 * The code of an evaluation worker thread (loaded by
 * `worker/evaluationWorker.cjs`): one common-package call per task, with its
 * progress written to memory the pool can read.
 *
 * @packageDocumentation
 */
import {
  evaluateRun,
  EvaluationResult,
  observeCelEvaluations,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import type { EvaluationTask } from './evaluation/EvaluationPool';
import { ProgressWriter } from './evaluation/progress';

let progress: ProgressWriter | undefined;
observeCelEvaluations(expression => progress?.expression(expression));

/**
 * Evaluates one task.
 *
 * @public
 */
export default function evaluate(task: EvaluationTask): EvaluationResult {
  progress = new ProgressWriter(task.progress);
  progress.started();
  try {
    return evaluateRun(task.request);
  } finally {
    progress = undefined;
  }
}
