export { renderErrorInfo } from './renderErrorInfo';
export { diagnoseRun, diagnosisFrom, diagnosisRequest } from './diagnoseRun';
export { mayFailForUserNumbers, workflowWarnings } from './workflowWarnings';
export { workflowLookupNamespace } from './workflowLookup';
