import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import type { RunPhase, RunTask } from '../../api';

type AnyPhase = RunPhase | RunTask['phase'];

const COMPONENTS: Record<AnyPhase, typeof StatusOK> = {
  Succeeded: StatusOK,
  Failed: StatusError,
  Error: StatusError,
  Running: StatusRunning,
  Pending: StatusPending,
  Skipped: StatusAborted,
};

/** A phase as icon plus text (never colour alone). */
export const RunStatus = ({ phase }: { phase: AnyPhase }) => {
  const Status = COMPONENTS[phase] ?? StatusPending;
  return <Status>{phase}</Status>;
};
