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

/**
 * A phase as icon plus text (never colour alone). Backstage's Status
 * components hide themselves from screen readers; the phase text is what
 * should be read, so it is exposed again (the icon stays hidden).
 */
export const RunStatus = ({ phase }: { phase: AnyPhase }) => {
  const Status = COMPONENTS[phase] ?? StatusPending;
  return (
    <Status aria-hidden={false} aria-label={undefined}>
      {phase}
    </Status>
  );
};
