import { useApi } from '@backstage/core-plugin-api';
import type { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isTerminal, openchoreoWorkflowsApiRef } from '../../api';
import { useRunEvents } from '../shared';

/**
 * One run of `cluster` (the backend's default when absent), live from the
 * run stream. `initial` (the answer of the launch or re-run that created
 * it) is shown at once instead of fetching the run.
 */
export function useLiveRun(
  namespace: string,
  name: string,
  cluster: string | undefined,
  initial?: RunDetail,
) {
  const api = useApi(openchoreoWorkflowsApiRef);
  const [run, setRun] = useState<RunDetail>();
  const [error, setError] = useState<Error>();
  const initialRun = useRef(initial);
  initialRun.current = initial;

  const load = useCallback(
    (signal?: AbortSignal) =>
      api
        .getRun(namespace, name, { cluster, signal })
        .then(detail => {
          setRun(detail);
          setError(undefined);
        })
        .catch(e => {
          if (!signal?.aborted) setError(e);
        }),
    [api, namespace, name, cluster],
  );

  useEffect(() => {
    const given = initialRun.current;
    if (
      given?.namespace === namespace &&
      given.name === name &&
      (!cluster || given.cluster === cluster)
    ) {
      setRun(given);
      return undefined;
    }
    const controller = new AbortController();
    setRun(undefined);
    load(controller.signal);
    return () => controller.abort();
  }, [load, namespace, name, cluster]);

  // The stream starts after the run was had (fetched or launched): a change
  // in between is not on it, so the run is fetched again once the stream is
  // open. An event that arrives meanwhile is newer than that answer, which
  // is then dropped.
  const eventsSeen = useRef(0);
  const refetchOnOpen = useCallback(() => {
    const seen = eventsSeen.current;
    api
      .getRun(namespace, name, { cluster })
      .then(detail => {
        if (eventsSeen.current === seen) setRun(detail);
      })
      .catch(() => {});
  }, [api, namespace, name, cluster]);

  // Events carry the run with its steps; the run is fetched again only when
  // an event lacks them, or when the run has finished (its outputs).
  const stream = useRunEvents(
    {
      cluster,
      namespace,
      workflow: run?.workflow.name,
      enabled: Boolean(run),
    },
    useCallback(
      event => {
        if (event.run.namespace !== namespace || event.run.name !== name)
          return;
        eventsSeen.current++;
        // An event without a diagnosis means the run no longer has one.
        setRun(previous =>
          previous
            ? { ...previous, diagnosis: undefined, ...event.run }
            : previous,
        );
        if (!event.run.tasks || isTerminal(event.run.phase)) load();
      },
      [namespace, name, load],
    ),
    refetchOnOpen,
  );
  return { run, setRun, error, stream };
}
