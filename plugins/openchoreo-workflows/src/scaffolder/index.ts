export {
  OpenChoreoWorkflowParameters,
  openChoreoWorkflowParametersValidation,
  type OpenChoreoWorkflowParametersProps,
  type OpenChoreoWorkflowParametersUiOptions,
} from './OpenChoreoWorkflowParameters';
