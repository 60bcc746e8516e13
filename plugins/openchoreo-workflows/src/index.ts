/**
 * Frontend plugin for OpenChoreo Generic Workflows.
 *
 * @packageDocumentation
 */
export { openchoreoWorkflowsPlugin, OpenChoreoWorkflowsPage } from './plugin';
