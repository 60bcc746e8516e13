import {
  EmptyState,
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Button, Typography } from '@material-ui/core';
import type { RunSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ReactElement, useCallback, useEffect, useMemo, useState } from 'react';
import { ListRunsQuery, openchoreoWorkflowsApiRef } from '../../api';
import {
  formatDuration,
  formatRelative,
  formatTime,
  RunStatus,
  shortEntityRef,
  useRunEvents,
  useWorkflowsLinks,
} from '../shared';

export interface RunsTableProps {
  /** Filters passed to `GET /runs` (without paging). */
  query: Omit<ListRunsQuery, 'cursor' | 'limit' | 'signal'>;
  pageSize?: number;
  title?: string | ReactElement;
  /** Hide the workflow column (when every run is of one workflow). */
  hideWorkflow?: boolean;
  emptyMessage?: string;
}

/** Previous/next controls for cursor paging. */
export const RunsPager = (props: {
  page: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) => (
  <Box
    display="flex"
    alignItems="center"
    justifyContent="flex-end"
    mt={1}
    gridGap={8}
  >
    <Typography variant="body2">Page {props.page}</Typography>
    <Button size="small" onClick={props.onPrevious} disabled={props.page <= 1}>
      Previous
    </Button>
    <Button size="small" onClick={props.onNext} disabled={!props.hasNext}>
      Next
    </Button>
  </Box>
);

/** Server-side paged runs (cursor paging), kept live from the run stream. */
export const RunsTable = ({
  query,
  pageSize = 25,
  title = 'Runs',
  hideWorkflow,
  emptyMessage = 'No runs match these filters.',
}: RunsTableProps) => {
  const api = useApi(openchoreoWorkflowsApiRef);
  const links = useWorkflowsLinks();
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
      .then(response =>
        setState({
          loading: false,
          items: response.items,
          nextCursor: response.nextCursor,
        }),
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
  useRunEvents(
    {
      namespace: query.namespace,
      workflow: query.workflow,
      enabled: loadedOnce,
    },
    useCallback(
      event => {
        const { run } = event;
        if (event.type === 'MODIFIED') {
          setState(s => ({
            ...s,
            items: s.items.map(item =>
              item.namespace === run.namespace && item.name === run.name
                ? run
                : item,
            ),
          }));
        } else if (onFirstPage) {
          // A run appeared or went away: the server decides what the page holds.
          setReload(n => n + 1);
        }
      },
      [onFirstPage],
    ),
  );

  const columns = useMemo<TableColumn<RunSummary>[]>(
    () => [
      {
        title: 'Run',
        field: 'name',
        render: run => (
          <Link to={links.run(run.namespace, run.name)}>{run.name}</Link>
        ),
      },
      ...(hideWorkflow
        ? []
        : [
            {
              title: 'Workflow',
              field: 'workflow.name',
              render: (run: RunSummary) => (
                <Link to={links.workflow(run.workflow)}>
                  {run.workflow.name}
                </Link>
              ),
            },
          ]),
      {
        title: 'Status',
        field: 'phase',
        render: run => <RunStatus phase={run.phase} />,
      },
      {
        title: 'Started',
        field: 'startedAt',
        render: run => {
          const at = run.startedAt ?? run.createdAt;
          return <span title={formatTime(at)}>{formatRelative(at)}</span>;
        },
      },
      {
        title: 'Duration',
        field: 'durationMs',
        render: run => formatDuration(run.durationMs),
      },
      {
        title: 'Launched by',
        field: 'launchedBy',
        render: run => shortEntityRef(run.launchedBy) || '—',
      },
      { title: 'Namespace', field: 'namespace' },
    ],
    [links, hideWorkflow],
  );

  if (state.error) return <ResponseErrorPanel error={state.error} />;

  return (
    <>
      <Table<RunSummary>
        title={title}
        isLoading={state.loading}
        columns={columns}
        data={state.items}
        options={{ paging: false, search: false, padding: 'dense' }}
        emptyContent={
          <Box p={2}>
            <EmptyState
              missing="data"
              title="No runs"
              description={emptyMessage}
            />
          </Box>
        }
      />
      {(cursors.length > 1 || state.nextCursor) && (
        <RunsPager
          page={cursors.length}
          hasNext={Boolean(state.nextCursor)}
          onPrevious={() => setCursors(c => c.slice(0, -1))}
          onNext={() => setCursors(c => [...c, state.nextCursor])}
        />
      )}
    </>
  );
};
