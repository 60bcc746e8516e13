import {
  isTerminalPhase,
  type RunPhase,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

export type {
  FieldError,
  RunPhase,
  RunTask,
  WorkflowKind,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

/** All run phases, in display order. */
export const RUN_PHASES: RunPhase[] = [
  'Pending',
  'Running',
  'Succeeded',
  'Failed',
];

/** Whether a run in this phase will not change any more (the common package's rule). */
export const isTerminal = (phase: RunPhase | undefined) =>
  phase !== undefined && isTerminalPhase(phase);
