import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import WarningIcon from '@material-ui/icons/Warning';
import type { WorkflowSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
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

const FailedClusters = ({ failures }: { failures: ClusterFailure[] }) => (
  <>
    {failures.map(({ cluster, error }) => (
      <Alert key={cluster} severity="error" style={{ marginBottom: 16 }}>
        Could not list the workflows of cluster '{cluster}': {error.message}
      </Alert>
    ))}
  </>
);

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
    const filtered = filterWorkflows(workflows, values);
    endMeasure(WORKFLOW_FILTER_MEASURE);
    return filtered;
  }, [workflows, values]);
  useMeasureToPaint(WORKFLOW_LIST_RENDER_MEASURE, values, shown);
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
        <Table<WorkflowSummary>
          title={`Workflows (${shown.length} of ${workflows.length})`}
          columns={columns}
          data={shown}
          options={{
            paging: shown.length > 20,
            pageSize: 20,
            search: false,
            padding: 'dense',
          }}
          emptyContent={
            <Box p={2}>
              <Typography>No workflow matches these filters.</Typography>
            </Box>
          }
        />
      </Box>
    </>
  );
};
