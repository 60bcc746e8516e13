import { useApi } from '@backstage/core-plugin-api';
import type {
  RunEvent,
  RunSummary,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useCallback, useEffect, useState } from 'react';
import { ListRunsQuery, openchoreoWorkflowsApiRef } from '../../api';
import { useRunEvents } from '../shared';

/** Filters of `GET /runs`, without paging. */
export type RunsQuery = Omit<ListRunsQuery, 'cursor' | 'limit' | 'signal'>;

/**
 * One page of runs from the server (cursor paging), kept live from the run
 * stream once loaded: a changed run is replaced in place; on the first page
 * a run that appears or goes away makes the server say what the page holds.
 */
export function useRunsPage(query: RunsQuery, pageSize: number) {
  const api = useApi(openchoreoWorkflowsApiRef);
  const queryKey = JSON.stringify(query);
  // Cursors of the pages visited so far; the last one is the current page.
  const [cursors, setCursors] = useState<Array<string | undefined>>([
    undefined,
  ]);
  const [reload, setReload] = useState(0);
  const [state, setState] = useState<{
    loading: boolean;
    error?: Error;
    items: RunSummary[];
    nextCursor?: string;
  }>({ loading: true, items: [] });
  const cursor = cursors[cursors.length - 1];

  useEffect(() => setCursors([undefined]), [queryKey]);

  useEffect(() => {
    const controller = new AbortController();
    setState(s => ({ ...s, loading: true, error: undefined }));
    api
      .listRuns({
        ...JSON.parse(queryKey),
        cursor,
        limit: pageSize,
        signal: controller.signal,
      })
      .then(({ items, nextCursor }) =>
        setState({ loading: false, items, nextCursor }),
      )
      .catch(error => {
        if (!controller.signal.aborted)
          setState({ loading: false, error, items: [] });
      });
    return () => controller.abort();
  }, [api, queryKey, cursor, pageSize, reload]);

  const onFirstPage = cursors.length === 1;
  // Subscribe once the first page is there, so no change is applied to nothing.
  const [loadedOnce, setLoadedOnce] = useState(false);
  useEffect(() => {
    if (!state.loading && !state.error) setLoadedOnce(true);
  }, [state.loading, state.error]);
  const stream = useRunEvents(
    {
      cluster: query.cluster,
      namespace: query.namespace,
      workflow: query.workflow,
      enabled: loadedOnce,
    },
    useCallback(
      ({ type, run }: RunEvent) => {
        if (type === 'MODIFIED') {
          const same = (item: RunSummary) =>
            item.cluster === run.cluster &&
            item.namespace === run.namespace &&
            item.name === run.name;
          setState(s => ({
            ...s,
            items: s.items.map(item => (same(item) ? run : item)),
          }));
        } else if (onFirstPage) {
          setReload(n => n + 1);
        }
      },
      [onFirstPage],
    ),
  );

  return {
    ...state,
    stream,
    page: cursors.length,
    previous: () => setCursors(c => c.slice(0, -1)),
    next: () => setCursors(c => [...c, state.nextCursor]),
  };
}
