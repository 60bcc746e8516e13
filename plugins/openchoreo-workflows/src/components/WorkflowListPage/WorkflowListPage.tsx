import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Typography } from '@material-ui/core';
import WarningIcon from '@material-ui/icons/Warning';
import type { WorkflowSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useEffect, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { openchoreoWorkflowsApiRef } from '../../api';
import {
  endMeasure,
  startMeasure,
  StreamNotice,
  Table,
  useWorkflowsLinks,
} from '../shared';
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

/**
 * The list of every Workflow and ClusterWorkflow the caller may see, with
 * its scope, API generation, type and last run (live), searched and
 * filtered in the browser.
 */
export const WorkflowListPage = () => {
  const api = useApi(openchoreoWorkflowsApiRef);
  const links = useWorkflowsLinks();
  const filters = useWorkflowFilters();
  const { value, loading, error } = useAsync(() => api.listWorkflows(), [api]);
  const { workflows, stream } = useLiveLastRuns(value?.items);
  const namespaces = useMemo(
    () =>
      [
        ...new Set(workflows.flatMap(w => (w.namespace ? [w.namespace] : []))),
      ].sort(),
    [workflows],
  );
  const columns = useMemo(() => workflowColumns(links), [links]);
  const { search, scope, type, generation, lastRun } = filters;
  const shown = useMemo(() => {
    startMeasure(WORKFLOW_LIST_RENDER_MEASURE);
    startMeasure(WORKFLOW_FILTER_MEASURE);
    const filtered = filterWorkflows(workflows, {
      search,
      scope,
      type,
      generation,
      lastRun,
    });
    endMeasure(WORKFLOW_FILTER_MEASURE);
    return filtered;
  }, [workflows, search, scope, type, generation, lastRun]);
  // After React committed the filtered table.
  useEffect(() => endMeasure(WORKFLOW_LIST_RENDER_MEASURE), [shown]);
  const broken = useMemo(
    () => workflows.filter(w => w.schemaErrorCount > 0).length,
    [workflows],
  );

  if (loading) return <Progress />;
  if (error)
    return (
      <ResponseErrorPanel title="Could not load workflows" error={error} />
    );
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
      <WorkflowFilterBar filters={filters} namespaces={namespaces} />
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
