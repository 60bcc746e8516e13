/**
 * Backend plugin for OpenChoreo Generic Workflows: watch-cached discovery,
 * validated launches, run status, logs and a live stream.
 *
 * @packageDocumentation
 */
export { openchoreoWorkflowsPlugin as default } from './plugin';
