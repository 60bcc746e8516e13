import {
  Button,
  Checkbox,
  FormControlLabel,
  FormGroup,
  FormLabel,
  Grid,
  Box,
} from '@material-ui/core';
import type {
  RunSummary,
  WorkflowKind,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useMemo, useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { RUN_PHASES, RunPhase } from '../../api';
import {
  ANY,
  ClusterPicker,
  FilterBar,
  FilterCell,
  SelectFilters,
  SelectSpec,
  TextFilters,
  TextSpec,
  TYPING_PAUSE_MS,
  useClusterParam,
  useClusters,
  useUrlFilters,
  useWorkflowsLinks,
} from '../shared';
import { RunsTable } from '../RunsTable';

const WINDOWS: Array<[string, string, number | undefined]> = [
  [ANY, 'Any time', undefined],
  ['1h', 'Last hour', 3600e3],
  ['24h', 'Last 24 hours', 86400e3],
  ['7d', 'Last 7 days', 7 * 86400e3],
  ['30d', 'Last 30 days', 30 * 86400e3],
];

const SELECTS: SelectSpec[] = [
  {
    key: 'workflowKind',
    label: 'Kind',
    options: [
      [ANY, 'Any kind'],
      ['Workflow', 'Workflow'],
      ['ClusterWorkflow', 'ClusterWorkflow'],
    ],
  },
  {
    key: 'launchedBy',
    label: 'Launched by',
    options: [
      [ANY, 'Anyone'],
      ['me', 'Me'],
    ],
  },
  {
    key: 'window',
    label: 'Time',
    options: WINDOWS.map(([key, label]) => [key, label]),
  },
];

const isWorkflowKind = (kind: string): kind is WorkflowKind =>
  kind === 'Workflow' || kind === 'ClusterWorkflow';

/** `key=value` → `{ key: value }` (the filter on one parameter's value). */
export function parseParamFilter(
  text: string,
): Record<string, string> | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0) return undefined;
  const key = text.slice(0, eq).trim();
  return key ? { [key]: text.slice(eq + 1).trim() } : undefined;
}

/** The free-text filters, sent to the server as typed. */
const TEXTS: TextSpec[] = [
  { key: 'workflow', label: 'Workflow' },
  { key: 'namespace', label: 'Namespace' },
  {
    key: 'param',
    label: 'Parameter',
    placeholder: 'repository.branch=main',
    problem: text => (parseParamFilter(text) ? undefined : 'Write path=value'),
  },
];

/** The run history's filters, from the URL. */
function useRunFilters() {
  const { get, set } = useUrlFilters();
  const status = get('status')
    .split(',')
    .filter((p): p is RunPhase => (RUN_PHASES as string[]).includes(p));
  const kind = get('workflowKind');
  /** The drop-downs' and text boxes' values, by their key in the URL. */
  const values = {
    workflowKind: isWorkflowKind(kind) ? kind : ANY,
    launchedBy: get('launchedBy') === 'me' ? 'me' : ANY,
    window: get('window', ANY),
    workflow: get('workflow'),
    namespace: get('namespace'),
    param: get('param'),
  };
  return {
    ...values,
    values,
    status,
    set,
    togglePhase: (phase: RunPhase, on: boolean) => {
      const next = on ? [...status, phase] : status.filter(p => p !== phase);
      set('status', RUN_PHASES.filter(p => next.includes(p)).join(','));
    },
  };
}

const StatusFilter = ({ f }: { f: ReturnType<typeof useRunFilters> }) => (
  <FormGroup row>
    <FormLabel component="legend" style={{ width: '100%' }}>
      Status
    </FormLabel>
    {RUN_PHASES.map(phase => (
      <FormControlLabel
        key={phase}
        label={phase}
        control={
          <Checkbox
            size="small"
            checked={f.status.includes(phase)}
            onChange={e => f.togglePhase(phase, e.target.checked)}
          />
        }
      />
    ))}
  </FormGroup>
);

/** "Compare": enabled once two runs are picked, it opens their comparison. */
const CompareButton = ({ picked }: { picked: RunSummary[] }) => {
  const links = useWorkflowsLinks();
  const [a, b] = picked;
  const ready = picked.length === 2;
  return (
    <Box display="flex" alignItems="center" gridGap={8} mb={1}>
      <Button
        variant="contained"
        color="primary"
        disabled={!ready}
        {...(ready ? { component: RouterLink, to: links.compare(a, b) } : {})}
      >
        Compare
      </Button>
      <span aria-live="polite">
        {ready
          ? `${a.name} and ${b.name} picked`
          : `Pick two runs to compare (${picked.length} of 2)`}
      </span>
    </Box>
  );
};

/**
 * Every run, newest first, paged by the server. Filters live in the URL:
 * `status=Running,Failed`, `launchedBy=me`, `window=24h`, `workflow=<name>`,
 * `workflowKind=Workflow|ClusterWorkflow`, `namespace=<the runs' namespace>`,
 * `param=<dotted.path>=<value>`, and `cluster=<name>` (the runs of one
 * cluster, picked when several are configured). Without `cluster`, the runs
 * of every cluster in one list when there are several (each cluster paged
 * through its own cursor, merged newest first), else the default cluster's.
 */
export const RunHistoryPage = () => {
  const f = useRunFilters();
  const clusters = useClusters();
  const cluster = useClusterParam();
  const [picked, setPicked] = useState<RunSummary[]>([]);
  const selection = useMemo(
    () => ({ selected: picked, onChange: setPicked, max: 2 }),
    [picked],
  );
  const since = useMemo(() => {
    const span = WINDOWS.find(([key]) => key === f.window)?.[2];
    return span ? new Date(Date.now() - span).toISOString() : undefined;
  }, [f.window]);
  const query = {
    cluster,
    phase: f.status.length ? f.status : undefined,
    launchedBy: f.launchedBy === 'me' ? 'me' : undefined,
    since,
    workflow: f.workflow || undefined,
    workflowKind: isWorkflowKind(f.workflowKind) ? f.workflowKind : undefined,
    namespace: f.namespace || undefined,
    params: parseParamFilter(f.param),
  };
  return (
    <>
      <FilterBar label="Filter runs">
        {clusters.multiple && (
          <FilterCell>
            <ClusterPicker clusters={clusters} all />
          </FilterCell>
        )}
        <Grid item xs={12} md={4}>
          <StatusFilter f={f} />
        </Grid>
        <SelectFilters specs={SELECTS} values={f.values} set={f.set} />
        <TextFilters
          specs={TEXTS}
          values={f.values}
          set={f.set}
          debounceMs={TYPING_PAUSE_MS}
        />
      </FilterBar>
      <Box mt={2}>
        <CompareButton picked={picked} />
        <RunsTable
          title="Run history"
          query={query}
          selection={selection}
          acrossClusters={
            !cluster && clusters.multiple ? clusters.names : undefined
          }
        />
      </Box>
    </>
  );
};
