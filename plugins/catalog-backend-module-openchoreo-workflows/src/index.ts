/**
 * Catalog module mirroring OpenChoreo Workflows and ClusterWorkflows into the
 * software catalog.
 *
 * @packageDocumentation
 */
export { catalogModuleOpenChoreoWorkflows as default } from './module';
export { OpenChoreoWorkflowEntityProvider } from './OpenChoreoWorkflowEntityProvider';
export type { ProviderOptions } from './OpenChoreoWorkflowEntityProvider';
export { WorkflowSource } from './WorkflowSource';
export { workflowToEntity } from './workflowToEntity';

export type { EntityOptions } from './workflowToEntity';
export type { WorkflowChange } from './WorkflowSource';
