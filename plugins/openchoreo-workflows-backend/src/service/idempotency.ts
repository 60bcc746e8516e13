import {
  RunDetail,
  WorkflowRef,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  ANNOTATION_IDEMPOTENCY_KEY,
  ANNOTATION_LAUNCHED_BY,
} from '../cluster/labels';
import { LaunchTarget } from '../database/LaunchClaims';

/** What a retried launch must share with the first one to be answered with its run. */
export interface LaunchIdentity {
  userRef: string;
  idempotencyKey: string;
  workflow: Pick<WorkflowRef, 'kind' | 'name'>;
  /** The namespace the run goes to. */
  namespace: string;
  /** The run's name (asked for, or derived from launcher and key). */
  name: string;
}

/**
 * Whether `run` was created by a launch with the same idempotency key, by the
 * same launcher, of the same workflow into the same namespace and name. Only
 * then may a retry get it back: anything else would hand out someone else's
 * run (its parameters and outputs) without asking whether the caller may read it.
 */
export function isSameLaunch(run: RunDetail, launch: LaunchIdentity): boolean {
  return (
    run.annotations[ANNOTATION_IDEMPOTENCY_KEY] === launch.idempotencyKey &&
    run.annotations[ANNOTATION_LAUNCHED_BY] === launch.userRef &&
    run.workflow.kind === launch.workflow.kind &&
    run.workflow.name === launch.workflow.name &&
    run.namespace === launch.namespace &&
    run.name === launch.name
  );
}

/** What a launch claims its idempotency key for. */
export const launchTarget = (
  launch: LaunchIdentity,
): Required<LaunchTarget> => ({
  namespace: launch.namespace,
  name: launch.name,
  workflow: { kind: launch.workflow.kind, name: launch.workflow.name },
});

/**
 * Whether a key's claim was made for this launch's run. A claim recorded
 * before claims carried the workflow (`workflow` absent) cannot tell: its run
 * decides (isSameLaunch).
 */
export function claimedFor(held: LaunchTarget, launch: LaunchIdentity) {
  return (
    held.namespace === launch.namespace &&
    held.name === launch.name &&
    (!held.workflow ||
      (held.workflow.kind === launch.workflow.kind &&
        held.workflow.name === launch.workflow.name))
  );
}

/** Longest idempotency key (the archive keeps it in a 255-character column). */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 128;

/**
 * What is wrong with an idempotency key, or undefined: a non-empty string of
 * at most 128 characters without control characters (a NUL cannot be stored
 * in PostgreSQL's text, and none belongs in a header-like value).
 */
export function idempotencyKeyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string' || key.length === 0) {
    return 'must be a non-empty string';
  }
  if (key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    return `must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(key)) {
    return 'must not contain control characters (NUL, newlines, ...)';
  }
  return undefined;
}
