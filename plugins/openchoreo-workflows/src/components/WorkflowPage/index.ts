export { WorkflowPage, EDIT_FROM_PARAM } from './WorkflowPage';
export { LaunchForm } from './LaunchForm';
