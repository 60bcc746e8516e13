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

/**
 * Why a live stream stopped before its end: the server's `closed` event
 * (`reason` `denied`, `expired`, `unverified` or `slow-client`, with its
 * message) or a refused connection (`too-many-streams` for the per-user cap,
 * `refused` for another 4xx). `retrying` says whether the client reconnects
 * by itself; after `denied` or `refused` it does not. @public
 */
export interface StreamInterruption {
  reason: string;
  message: string;
  retrying: boolean;
}
