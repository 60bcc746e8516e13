import { StepLogReason } from './types';

const WHY: Record<StepLogReason, string> = {
  podGone: 'its pod was garbage-collected',
  runDeleted: 'the run was deleted before its logs were archived',
  workflowPlaneUnreachable: 'the workflow plane cannot be reached',
  logUnreadable: "its pod's log cannot be read",
  notStarted: 'it did not run',
};

/** Why a step's pod was not read, as a phrase ("its pod was garbage-collected"). @public */
export function stepLogReasonText(reason: StepLogReason): string {
  return WHY[reason];
}

/**
 * The sentence that replaces a step's log when there is none to show, e.g.
 * "step fetch has no pod: its logs are not available (its pod was
 * garbage-collected; OpenChoreo's observer has no lines for
 * it)". `what` is `logs` or `events`; `detail` adds what else was tried.
 *
 * @public
 */
export function stepLogsUnavailable(
  task: string,
  reason: StepLogReason,
  options: { what?: 'logs' | 'events'; detail?: string } = {},
): string {
  const what = options.what ?? 'logs';
  const detail = options.detail ? `; ${options.detail}` : '';
  if (reason === 'notStarted') {
    return `step ${task} did not run: it has no ${what}`;
  }
  if (reason === 'logUnreadable') {
    return `step ${task}: its ${what} cannot be read from its pod${
      options.detail ? ` (${options.detail})` : ''
    }`;
  }
  // Events are not archived: they go with the run.
  const why =
    reason === 'runDeleted' && what === 'events'
      ? 'the run was deleted'
      : WHY[reason];
  return `step ${task} has no pod: its ${what} are not available (${why}${detail})`;
}
