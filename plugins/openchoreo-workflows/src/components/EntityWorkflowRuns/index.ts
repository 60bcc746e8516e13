export {
  EntityWorkflowRunsContent,
  EntityWorkflowLaunchContent,
  EntityWorkflowRunsCard,
} from './EntityWorkflowRuns';
export * from './annotation';
