import type {
  LastRunInfo,
  RunEvent,
  WorkflowRef,
  WorkflowSummary,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useCallback, useMemo, useState } from 'react';
import { useRunEvents } from '../shared';

const workflowKey = (cluster: string, ref: WorkflowRef) =>
  ref.kind === 'ClusterWorkflow'
    ? `${cluster}//${ref.name}`
    : `${cluster}/${ref.namespace}/${ref.name}`;

const newer = (a: { createdAt?: string }, b: { createdAt?: string }) =>
  (a.createdAt ?? '') > (b.createdAt ?? '');

/**
 * The workflows with their last run kept live from the run stream (once
 * loaded): a run newer than the one the list came with replaces it. One
 * stream per cluster of `clusters`, or the default cluster's.
 */
export function useLiveLastRuns(
  loaded: WorkflowSummary[] | undefined,
  clusters?: readonly string[],
) {
  const [liveRuns, setLiveRuns] = useState<Record<string, LastRunInfo>>({});
  const onEvent = useCallback((event: RunEvent) => {
    if (event.type === 'DELETED') return;
    const { run } = event;
    const key = workflowKey(run.cluster, run.workflow);
    setLiveRuns(previous => {
      const known = previous[key];
      if (known && known.name !== run.name && newer(known, run)) {
        return previous;
      }
      const { name, namespace, phase, createdAt, completedAt } = run;
      const last = { name, namespace, phase, createdAt, completedAt };
      return { ...previous, [key]: last };
    });
  }, []);
  const stream = useRunEvents({ enabled: Boolean(loaded), clusters }, onEvent);
  const workflows = useMemo(
    () =>
      (loaded ?? []).map(w => {
        const live = liveRuns[workflowKey(w.cluster, w)];
        return live && (!w.lastRun || !newer(w.lastRun, live))
          ? { ...w, lastRun: live }
          : w;
      }),
    [loaded, liveRuns],
  );
  return { workflows, stream };
}
