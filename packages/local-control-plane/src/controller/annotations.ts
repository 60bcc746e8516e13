/**
 * Annotations the simulator understands (on a WorkflowRun, its Argo Workflow, or an Argo template's metadata).
 *
 * @public
 */
export const ANNOTATION_FAIL_STEP = 'local.openchoreo.dev/fail-step';
/** @public */
export const ANNOTATION_FAIL_MESSAGE = 'local.openchoreo.dev/fail-message';
/** @public */
export const ANNOTATION_STEP_SECONDS = 'local.openchoreo.dev/step-seconds';
export const LOCAL_ANNOTATION_PREFIX = 'local.openchoreo.dev/';
