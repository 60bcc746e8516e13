import type {
  PreviewResponse,
  RunDetail,
  RunSummary,
  WorkflowRef,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

// Derived from the REST types so that this package only needs what the common
// package's entry point exports today.
/** Overall phase of a run. @public */
export type RunPhase = RunSummary['phase'];
/** One step of a run. @public */
export type RunTask = RunDetail['tasks'][number];
/** A problem located at a dotted parameter path ('' = root). @public */
export type FieldError = PreviewResponse['errors'][number];
/** `Workflow` or `ClusterWorkflow`. @public */
export type WorkflowKind = WorkflowRef['kind'];

/** All run phases, in display order. */
export const RUN_PHASES: RunPhase[] = [
  'Pending',
  'Running',
  'Succeeded',
  'Failed',
];

/** Whether a run in this phase will not change any more. */
export const isTerminal = (phase: RunPhase | undefined) =>
  phase === 'Succeeded' || phase === 'Failed';
