export * from './OpenChoreoWorkflowsApi';
export * from './OpenChoreoWorkflowsClient';
export { readEventStream, SseParser, type SseMessage } from './sse';
export * from './types';
