/**
 * Development module of the openchoreo-workflows backend plugin: starts the
 * embedded local control plane with the demo workflows and adds it as the
 * `local` cluster.
 *
 * @packageDocumentation
 */
export { openchoreoWorkflowsModuleLocalControlPlane as default } from './module';
