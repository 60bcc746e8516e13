export { evaluateRun } from './evaluateRun';
export type { EvaluationRequest, EvaluationResult } from './evaluateRun';
