export {
  EvaluationPool,
  InlineEvaluator,
  describeWorkflow,
} from './EvaluationPool';
export type {
  Evaluator,
  EvaluationPoolOptions,
  EvaluateOptions,
  EvaluationTask,
} from './EvaluationPool';
export { EvaluationLimitError, EvaluationBusyError } from './errors';
export type { UserQueueLimits } from './UserQueue';
export { createEvaluatorFromConfig, EVALUATION_DEFAULTS } from './config';
