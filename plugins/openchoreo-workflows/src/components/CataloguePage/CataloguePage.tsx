import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Chip,
  Grid,
  Paper,
  TextField,
  Tooltip,
  Typography,
} from '@material-ui/core';
import WarningIcon from '@material-ui/icons/Warning';
import type {
  LastRunInfo,
  RunEvent,
  WorkflowRef,
  WorkflowSummary,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { openchoreoWorkflowsApiRef, RUN_PHASES } from '../../api';
import {
  formatRelative,
  formatTime,
  RunStatus,
  useRunEvents,
  useWorkflowsLinks,
} from '../shared';

const ANY = 'any';

const workflowKey = (ref: WorkflowRef) =>
  ref.kind === 'ClusterWorkflow'
    ? `cluster/${ref.name}`
    : `${ref.namespace}/${ref.name}`;
const CLUSTER = 'cluster';

/** Filters kept in the URL so a filtered catalogue can be shared. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const get = (key: string) => params.get(key) ?? '';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value && value !== ANY) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return {
    search: get('q'),
    scope: get('scope') || ANY,
    type: get('type') || ANY,
    generation: get('generation') || ANY,
    lastRun: get('lastRun') || ANY,
    set,
  };
}

function matches(
  workflow: WorkflowSummary,
  filters: ReturnType<typeof useFilters>,
) {
  const text = filters.search.trim().toLowerCase();
  if (
    text &&
    ![
      workflow.title,
      workflow.name,
      workflow.description ?? '',
      workflow.namespace ?? '',
    ]
      .join(' ')
      .toLowerCase()
      .includes(text)
  ) {
    return false;
  }
  if (filters.scope === CLUSTER && workflow.kind !== 'ClusterWorkflow')
    return false;
  if (
    filters.scope !== ANY &&
    filters.scope !== CLUSTER &&
    (workflow.kind !== 'Workflow' || workflow.namespace !== filters.scope)
  ) {
    return false;
  }
  if (filters.type !== ANY && workflow.type !== filters.type) return false;
  if (filters.generation !== ANY && workflow.generation !== filters.generation)
    return false;
  if (filters.lastRun === 'never' && workflow.lastRun) return false;
  if (
    filters.lastRun !== ANY &&
    filters.lastRun !== 'never' &&
    workflow.lastRun?.phase !== filters.lastRun
  ) {
    return false;
  }
  return true;
}

const Select = (props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<[string, string]>;
}) => (
  <TextField
    id={`workflow-filter-${props.label.toLowerCase().replace(/\W+/g, '-')}`}
    select
    fullWidth
    variant="outlined"
    size="small"
    label={props.label}
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    SelectProps={{ native: true }}
    InputLabelProps={{ shrink: true }}
  >
    {props.options.map(([value, label]) => (
      <option key={value} value={value}>
        {label}
      </option>
    ))}
  </TextField>
);

/** Every workflow with its scope, API generation, type and last run. */
export const CataloguePage = () => {
  const api = useApi(openchoreoWorkflowsApiRef);
  const links = useWorkflowsLinks();
  const filters = useFilters();
  const { value, loading, error } = useAsync(() => api.listWorkflows(), [api]);
  // Latest runs seen on the live stream, by workflow, over the loaded list.
  const [liveRuns, setLiveRuns] = useState<Record<string, LastRunInfo>>({});
  useRunEvents(
    { enabled: Boolean(value) },
    useCallback((event: RunEvent) => {
      if (event.type === 'DELETED') return;
      const { run } = event;
      const key = workflowKey(run.workflow);
      setLiveRuns(previous => {
        const known = previous[key];
        if (
          known &&
          known.name !== run.name &&
          (known.createdAt ?? '') > (run.createdAt ?? '')
        ) {
          return previous;
        }
        return {
          ...previous,
          [key]: {
            name: run.name,
            namespace: run.namespace,
            phase: run.phase,
            createdAt: run.createdAt,
            completedAt: run.completedAt,
          },
        };
      });
    }, []),
  );
  const workflows = useMemo(
    () =>
      (value?.items ?? []).map(w => {
        const live = liveRuns[workflowKey(w)];
        return live &&
          (!w.lastRun || (live.createdAt ?? '') >= (w.lastRun.createdAt ?? ''))
          ? { ...w, lastRun: live }
          : w;
      }),
    [value, liveRuns],
  );
  const namespaces = useMemo(
    () =>
      [
        ...new Set(workflows.flatMap(w => (w.namespace ? [w.namespace] : []))),
      ].sort(),
    [workflows],
  );
  const shown = workflows.filter(w => matches(w, filters));
  const broken = workflows.filter(w => w.schemaErrorCount > 0).length;

  const columns: TableColumn<WorkflowSummary>[] = [
    {
      title: 'Workflow',
      field: 'title',
      highlight: true,
      render: w => (
        <>
          <Link to={links.workflow(w)}>{w.title || w.name}</Link>
          {w.title && w.title !== w.name && (
            <Typography variant="caption" display="block" color="textSecondary">
              {w.name}
            </Typography>
          )}
          {w.description && (
            <Typography variant="body2" color="textSecondary">
              {w.description}
            </Typography>
          )}
          {w.schemaErrorCount > 0 && (
            <Box display="flex" alignItems="center" mt={0.5} gridGap={4}>
              <WarningIcon fontSize="small" aria-hidden />
              <Typography variant="body2">
                Broken schema: {w.schemaErrorCount} problem
                {w.schemaErrorCount === 1 ? '' : 's'}
              </Typography>
            </Box>
          )}
          {(w.warnings ?? []).map(warning => (
            <Box
              key={warning.reason}
              display="flex"
              alignItems="center"
              mt={0.5}
              gridGap={4}
            >
              <WarningIcon fontSize="small" aria-hidden />
              <Tooltip title={warning.message}>
                <Typography variant="body2">
                  Fails when a user types a number:{' '}
                  <code>{warning.expression}</code>
                </Typography>
              </Tooltip>
            </Box>
          ))}
        </>
      ),
    },
    {
      title: 'Scope',
      render: w =>
        w.kind === 'ClusterWorkflow' ? (
          <Chip size="small" label="Cluster" />
        ) : (
          <Chip
            size="small"
            variant="outlined"
            label={`Namespace ${w.namespace}`}
          />
        ),
    },
    {
      title: 'API',
      field: 'generation',
      render: w => (
        <Tooltip
          title={
            w.generation === 'v1'
              ? 'spec.parameters.openAPIV3Schema'
              : 'legacy shorthand spec.schema'
          }
        >
          <span>{w.generation}</span>
        </Tooltip>
      ),
    },
    { title: 'Type', field: 'type' },
    {
      title: 'Last run',
      render: w =>
        w.lastRun ? (
          <>
            <RunStatus phase={w.lastRun.phase} />
            <Typography variant="caption" display="block">
              <Link to={links.run(w.lastRun.namespace, w.lastRun.name)}>
                <span title={formatTime(w.lastRun.createdAt)}>
                  {formatRelative(w.lastRun.completedAt ?? w.lastRun.createdAt)}
                </span>
              </Link>
            </Typography>
          </>
        ) : (
          <Typography variant="body2" color="textSecondary">
            Never run
          </Typography>
        ),
    },
  ];

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
      {/* On a paper, so the field labels have a contrast of 4.5:1 (not on the page's grey). */}
      <Paper variant="outlined">
        <Box p={2}>
          <Grid
            container
            spacing={2}
            component="form"
            role="search"
            aria-label="Filter workflows"
            onSubmit={e => e.preventDefault()}
          >
            <Grid item xs={12} md={4}>
              <TextField
                id="workflow-search"
                fullWidth
                variant="outlined"
                size="small"
                label="Search"
                placeholder="Name, title or description"
                value={filters.search}
                onChange={e => filters.set('q', e.target.value)}
                InputLabelProps={{ shrink: true }}
              />
            </Grid>
            <Grid item xs={6} md={2}>
              <Select
                label="Scope"
                value={filters.scope}
                onChange={v => filters.set('scope', v)}
                options={[
                  [ANY, 'All'],
                  [CLUSTER, 'Cluster'],
                  ...namespaces.map(
                    ns => [ns, `Namespace ${ns}`] as [string, string],
                  ),
                ]}
              />
            </Grid>
            <Grid item xs={6} md={2}>
              <Select
                label="Type"
                value={filters.type}
                onChange={v => filters.set('type', v)}
                options={[
                  [ANY, 'All'],
                  ['generic', 'Generic'],
                  ['component', 'Component CI'],
                ]}
              />
            </Grid>
            <Grid item xs={6} md={2}>
              <Select
                label="API generation"
                value={filters.generation}
                onChange={v => filters.set('generation', v)}
                options={[
                  [ANY, 'All'],
                  ['v1', 'v1 (openAPIV3Schema)'],
                  ['v0', 'v0 (shorthand)'],
                ]}
              />
            </Grid>
            <Grid item xs={6} md={2}>
              <Select
                label="Last run"
                value={filters.lastRun}
                onChange={v => filters.set('lastRun', v)}
                options={[
                  [ANY, 'Any'],
                  ...RUN_PHASES.map(p => [p, p] as [string, string]),
                  ['never', 'Never run'],
                ]}
              />
            </Grid>
          </Grid>
        </Box>
      </Paper>
      {broken > 0 && (
        <Box mt={1}>
          <Typography variant="body2">
            <WarningIcon fontSize="inherit" aria-hidden /> {broken} workflow
            {broken === 1 ? ' has' : 's have'} a broken parameter schema; their
            forms may be incomplete.
          </Typography>
        </Box>
      )}
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
