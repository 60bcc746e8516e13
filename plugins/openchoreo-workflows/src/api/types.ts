import type { RunPhase } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';

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

/** Whether a run in this phase will not change any more. */
export const isTerminal = (phase: RunPhase | undefined) =>
  phase === 'Succeeded' || phase === 'Failed';
