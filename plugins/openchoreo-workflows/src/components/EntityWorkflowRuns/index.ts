export {
  EntityWorkflowRunsContent,
  EntityWorkflowRunsCard,
} from './EntityWorkflowRuns';
export * from './annotation';
