export {
  OpenChoreoWorkflowParameters,
  openChoreoWorkflowParametersValidation,
  type OpenChoreoWorkflowParametersProps,
  type OpenChoreoWorkflowParametersUiOptions,
  type WorkflowFormValues,
} from './OpenChoreoWorkflowParameters';
