import type { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useNavigate } from 'react-router-dom';
import { useWorkflowsLinks } from './links';

/**
 * Opens the page of a run just created (launched or re-run), handing it the
 * run the backend answered with, so the page shows it without fetching it.
 */
export function useOpenRun() {
  const navigate = useNavigate();
  const links = useWorkflowsLinks();
  return (run: RunDetail) =>
    navigate(links.run(run.namespace, run.name, run.cluster), {
      state: { run },
    });
}

/** The run handed over by {@link useOpenRun}, from `location.state`. */
export function runOfState(state: unknown): RunDetail | undefined {
  const run = (state as { run?: RunDetail } | null)?.run;
  return run && typeof run.name === 'string' && Array.isArray(run.tasks)
    ? run
    : undefined;
}
