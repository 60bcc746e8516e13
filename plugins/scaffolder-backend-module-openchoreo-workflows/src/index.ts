/**
 * Scaffolder actions that launch OpenChoreo workflow runs and wait for them.
 *
 * @packageDocumentation
 */
export { scaffolderModuleOpenChoreoWorkflows as default } from './module';
