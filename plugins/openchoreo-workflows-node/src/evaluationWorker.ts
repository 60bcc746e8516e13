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
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import type { EvaluationTask } from './evaluation/EvaluationPool';
import { ProgressWriter } from './evaluation/progress';

/**
 * Builds what every evaluation needs (the CEL environments of both API
 * generations, with their hundreds of extension functions; the validator)
 * while the thread loads, before the pool hands it a task: on a busy machine
 * that takes long enough that it must not count against a task's deadline.
 */
function warmUp() {
  const template = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name: '${metadata.workflowRunName}',
      namespace: '${metadata.namespace}',
    },
    spec: {
      serviceAccountName: 'workflow-sa',
      arguments: {
        parameters: [{ name: 'p', value: "${parameters.p.replace('', '-')}" }],
      },
    },
  };
  const workflows = [
    {
      spec: {
        parameters: {
          openAPIV3Schema: {
            type: 'object',
            properties: { p: { type: 'string', pattern: '^a', default: 'a' } },
          },
        },
      },
    },
    {
      spec: { schema: { parameters: { p: 'string | default=a pattern=^a' } } },
    },
  ];
  for (const { spec } of workflows) {
    evaluateRun({
      workflow: {
        apiVersion: 'openchoreo.dev/v1alpha1',
        kind: 'Workflow',
        metadata: { name: 'warm-up', namespace: 'default' },
        spec: { ...spec, runTemplate: template },
      } as unknown as WorkflowResource,
      parameters: {},
      context: { runName: 'warm-up', namespace: 'default' },
    });
  }
}
try {
  warmUp();
} catch {
  // Only a head start: a task pays for what the warm-up did not build.
}

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

export type { EvaluationTask } from './evaluation/EvaluationPool';
