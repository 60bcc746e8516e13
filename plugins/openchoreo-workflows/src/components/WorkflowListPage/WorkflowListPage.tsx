import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import WarningIcon from '@material-ui/icons/Warning';
import { useMemo } from 'react';
import {
  endMeasure,
  startMeasure,
  StreamNotice,
  Table,
  useClusters,
  useMeasureToPaint,
  useWorkflowsLinks,
} from '../shared';
import { ClusterFailure, useClusterWorkflows } from './useClusterWorkflows';
import { useLiveLastRuns } from './useLiveLastRuns';
import { workflowColumns } from './workflowColumns';
import { WorkflowRow, workflowRow } from './workflowRows';
import { WorkflowFilterBar } from './WorkflowFilterBar';
import {
  filterWorkflows,
  useWorkflowFilters,
  WORKFLOW_FILTER_MEASURE,
  WORKFLOW_LIST_RENDER_MEASURE,
} from './workflowFilters';

const BrokenSchemas = ({ count }: { count: number }) =>
  count > 0 ? (
    <Box mt={1}>
      <Typography variant="body2">
        <WarningIcon fontSize="inherit" aria-hidden /> {count} workflow
        {count === 1 ? ' has' : 's have'} a broken parameter schema; their forms
        may be incomplete.
      </Typography>
    </Box>
  ) : null;

/** One element for every render: Backstage's Table makes a new table body for a new `emptyContent`. */
const noMatch = (
  <Box p={2}>
    <Typography>No workflow matches these filters.</Typography>
  </Box>
);

const FailedClusters = ({ failures }: { failures: ClusterFailure[] }) => (
  <>
    {failures.map(({ cluster, error }) => (
      <Alert key={cluster} severity="error" style={{ marginBottom: 16 }}>
        Could not list the workflows of cluster '{cluster}': {error.message}
      </Alert>
    ))}
  </>
);

const PAGE_SIZE = 20;

/**
 * The list of every Workflow and ClusterWorkflow the caller may see, with
 * its scope, API generation, type and last run (live), searched and
 * filtered in the browser. With several clusters, those of every cluster,
 * with a Cluster column and filter (`?cluster=`).
 */
export const WorkflowListPage = () => {
  const clusters = useClusters();
  const links = useWorkflowsLinks();
  const filters = useWorkflowFilters();
  const { value, loading, error } = useClusterWorkflows(clusters);
  const { workflows, stream } = useLiveLastRuns(
    value?.items,
    clusters.multiple ? clusters.names : undefined,
  );
  const rows = useMemo(() => workflows.map(workflowRow), [workflows]);
  const namespaces = useMemo(
    () =>
      [
        ...new Set(workflows.flatMap(w => (w.namespace ? [w.namespace] : []))),
      ].sort(),
    [workflows],
  );
  const { multiple } = clusters;
  const columns = useMemo(
    () => workflowColumns(links, multiple),
    [links, multiple],
  );
  const { search, scope, type, generation, lastRun, cluster } = filters;
  const values = useMemo(
    () => ({ search, scope, type, generation, lastRun, cluster }),
    [search, scope, type, generation, lastRun, cluster],
  );
  const shown = useMemo(() => {
    startMeasure(WORKFLOW_FILTER_MEASURE);
    const filtered = filterWorkflows(rows, values);
    endMeasure(WORKFLOW_FILTER_MEASURE);
    return filtered;
  }, [rows, values]);
  useMeasureToPaint(WORKFLOW_LIST_RENDER_MEASURE, values, shown);
  const paging = shown.length > PAGE_SIZE;
  const options = useMemo(
    () => ({
      paging,
      pageSize: PAGE_SIZE,
      search: false,
      padding: 'dense' as const,
    }),
    [paging],
  );
  const broken = useMemo(
    () => workflows.filter(w => w.schemaErrorCount > 0).length,
    [workflows],
  );

  if (error)
    return (
      <ResponseErrorPanel title="Could not load workflows" error={error} />
    );
  if (loading || !value) return <Progress />;
  if (workflows.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No workflows yet"
        description="No Workflow or ClusterWorkflow is published on the OpenChoreo control plane. Workflows that platform engineers create appear here."
      />
    );
  }
  return (
    <>
      <StreamNotice interruption={stream} what="Live updates" />
      <FailedClusters failures={value.failures} />
      <WorkflowFilterBar
        filters={filters}
        namespaces={namespaces}
        clusters={clusters}
      />
      <BrokenSchemas count={broken} />
      <Box mt={2}>
        <Table<WorkflowRow>
          title={`Workflows (${shown.length} of ${workflows.length})`}
          columns={columns}
          data={shown}
          options={options}
          emptyContent={noMatch}
        />
      </Box>
    </>
  );
};
