import { useApi } from '@backstage/core-plugin-api';
import type {
  RunEvent,
  RunSummary,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useCallback, useEffect, useState } from 'react';
import { ListRunsQuery, openchoreoWorkflowsApiRef } from '../../api';
import { useRunEvents } from '../shared';
import {
  AcrossCursor,
  ClusterRunsFailure,
  listRunsAcross,
} from './runsAcrossClusters';

/** Filters of `GET /runs`, without paging. */
export type RunsQuery = Omit<ListRunsQuery, 'cursor' | 'limit' | 'signal'>;

/** A page's cursor: the server's, or each cluster's across clusters. */
type PageCursor = string | AcrossCursor | undefined;

/**
 * One page of runs from the server (cursor paging), kept live from the run
 * stream once loaded: a changed run is replaced in place; on the first page
 * a run that appears or goes away makes the server say what the page holds.
 * With `across`, the runs of each of those clusters, merged newest first
 * (listRunsAcross); a cluster that fails is named in `failures`.
 */
export function useRunsPage(
  query: RunsQuery,
  pageSize: number,
  across?: readonly string[],
) {
  const api = useApi(openchoreoWorkflowsApiRef);
  const queryKey = JSON.stringify({ query, across });
  // Cursors of the pages visited so far; the last one is the current page.
  const [cursors, setCursors] = useState<PageCursor[]>([undefined]);
  const [reload, setReload] = useState(0);
  const [state, setState] = useState<{
    loading: boolean;
    error?: Error;
    items: RunSummary[];
    nextCursor?: PageCursor;
    failures?: ClusterRunsFailure[];
  }>({ loading: true, items: [] });
  const cursor = cursors[cursors.length - 1];

  useEffect(() => setCursors([undefined]), [queryKey]);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const key = JSON.parse(queryKey);
    setState(s => ({ ...s, loading: true, error: undefined }));
    const page = key.across
      ? listRunsAcross(
          api,
          key.across,
          key.query,
          pageSize,
          cursor as AcrossCursor | undefined,
          signal,
        )
      : api.listRuns({
          ...key.query,
          cursor: cursor as string | undefined,
          limit: pageSize,
          signal,
        });
    page
      .then(answer => {
        if (signal.aborted) return; // replaced by a later load (reload, Next)
        setState({
          loading: false,
          items: answer.items,
          nextCursor: answer.nextCursor,
          failures: 'failures' in answer ? answer.failures : undefined,
        });
      })
      .catch(error => {
        if (!signal.aborted) setState({ loading: false, error, items: [] });
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
      clusters: across,
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
    /** Loads the current page again (e.g. to ask a failed cluster again). */
    retry: () => setReload(n => n + 1),
    previous: () => setCursors(c => c.slice(0, -1)),
    next: () => setCursors(c => [...c, state.nextCursor]),
  };
}
