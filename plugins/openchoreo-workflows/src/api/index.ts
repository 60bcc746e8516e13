export {
  openchoreoWorkflowsApiRef,
  type OpenChoreoWorkflowsApi,
  type ClusterOptions,
  type ListRunsQuery,
  type ListWorkflowsQuery,
  type RunRef,
  type StreamOptions,
} from './OpenChoreoWorkflowsApi';
export {
  OpenChoreoWorkflowsClient,
  getFieldErrors,
} from './OpenChoreoWorkflowsClient';
export { readEventStream, SseParser, type SseMessage } from './sse';
export * from './types';
