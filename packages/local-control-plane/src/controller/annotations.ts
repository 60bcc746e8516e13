/** Annotations the simulator understands (on a WorkflowRun, its Argo Workflow, or an Argo template's metadata). */
export const ANNOTATION_FAIL_STEP = 'local.openchoreo.dev/fail-step';
export const ANNOTATION_FAIL_MESSAGE = 'local.openchoreo.dev/fail-message';
export const ANNOTATION_STEP_SECONDS = 'local.openchoreo.dev/step-seconds';
export const LOCAL_ANNOTATION_PREFIX = 'local.openchoreo.dev/';
