import {
  EmptyState,
  Link,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { Box, Button, Checkbox, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import type { RunSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ReactElement, useMemo } from 'react';
import {
  formatDuration,
  formatRelative,
  formatTime,
  RunStatus,
  shortEntityRef,
  StreamNotice,
  Table,
  useClusters,
  useWorkflowsLinks,
} from '../shared';
import { RunsQuery, useRunsPage } from './useRunsPage';

export interface RunsTableProps {
  /** Filters passed to `GET /runs` (without paging). */
  query: RunsQuery;
  pageSize?: number;
  title?: string | ReactElement;
  /** Hide the workflow column (when every run is of one workflow). */
  hideWorkflow?: boolean;
  emptyMessage?: string;
  /** Checkboxes to pick runs, at most `max` at once (the others are disabled then). */
  selection?: RunSelection;
  /** The runs of each of these clusters in one list, newest first (`query.cluster` unset). */
  acrossClusters?: readonly string[];
}

/** Runs picked in a table, e.g. two to compare. */
export interface RunSelection {
  selected: RunSummary[];
  onChange: (selected: RunSummary[]) => void;
  max: number;
}

const runKey = (r: RunSummary) => `${r.cluster}/${r.namespace}/${r.name}`;

/** The checkbox column of a table with a selection. */
function selectColumn(selection: RunSelection): TableColumn<RunSummary> {
  const { selected, onChange, max } = selection;
  const keys = new Set(selected.map(runKey));
  return {
    title: 'Pick',
    sorting: false,
    width: '48px',
    render: run => {
      const checked = keys.has(runKey(run));
      return (
        <Checkbox
          size="small"
          checked={checked}
          disabled={!checked && selected.length >= max}
          inputProps={{ 'aria-label': `Pick ${run.name}` }}
          onChange={e =>
            onChange(
              e.target.checked
                ? [...selected, run]
                : selected.filter(r => runKey(r) !== runKey(run)),
            )
          }
        />
      );
    },
  };
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

type Links = ReturnType<typeof useWorkflowsLinks>;

const clusterColumn: TableColumn<RunSummary> = {
  title: 'Cluster',
  field: 'cluster',
};

/**
 * The columns of a runs table (without the workflow's when `hideWorkflow`;
 * with the cluster's when there are several).
 */
function runColumns(
  links: Links,
  hideWorkflow?: boolean,
  multipleClusters?: boolean,
): TableColumn<RunSummary>[] {
  const workflow: TableColumn<RunSummary> = {
    title: 'Workflow',
    field: 'workflow.name',
    render: run => (
      <Link to={links.workflow(run.workflow, undefined, run.cluster)}>
        {run.workflow.name}
      </Link>
    ),
  };
  return [
    {
      title: 'Run',
      field: 'name',
      render: run => (
        <Link to={links.run(run.namespace, run.name, run.cluster)}>
          {run.name}
        </Link>
      ),
    },
    ...(hideWorkflow ? [] : [workflow]),
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
    ...(multipleClusters ? [clusterColumn] : []),
  ];
}

/** Server-side paged runs (cursor paging), kept live from the run stream. */
export const RunsTable = ({
  query,
  pageSize = 25,
  title = 'Runs',
  hideWorkflow,
  emptyMessage = 'No runs match these filters.',
  selection,
  acrossClusters,
}: RunsTableProps) => {
  const links = useWorkflowsLinks();
  const { multiple } = useClusters();
  const runs = useRunsPage(query, pageSize, acrossClusters);
  const columns = useMemo(
    () => [
      ...(selection ? [selectColumn(selection)] : []),
      ...runColumns(links, hideWorkflow, multiple),
    ],
    [links, hideWorkflow, selection, multiple],
  );

  if (runs.error) return <ResponseErrorPanel error={runs.error} />;

  return (
    <>
      <StreamNotice interruption={runs.stream} what="Live updates" />
      {runs.failures?.map(({ cluster, error }) => (
        <Alert
          key={cluster}
          severity="error"
          style={{ marginBottom: 16 }}
          action={
            <Button color="inherit" size="small" onClick={runs.retry}>
              Retry
            </Button>
          }
        >
          Could not list the runs of cluster '{cluster}' (Next and Retry ask it
          again): {error.message}
        </Alert>
      ))}
      <Table<RunSummary>
        title={title}
        isLoading={runs.loading}
        columns={columns}
        data={runs.items}
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
      {(runs.page > 1 || runs.nextCursor) && (
        <RunsPager
          page={runs.page}
          hasNext={Boolean(runs.nextCursor)}
          onPrevious={runs.previous}
          onNext={runs.next}
        />
      )}
    </>
  );
};
