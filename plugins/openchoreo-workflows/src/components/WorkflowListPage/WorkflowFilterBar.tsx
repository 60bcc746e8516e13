import { RUN_PHASES } from '../../api';
import { ClusterPicker, Clusters } from '../shared/clusters';
import {
  ANY,
  FilterBar,
  FilterCell,
  SelectFilters,
  SelectSpec,
  TextFilter,
  TYPING_PAUSE_MS,
} from '../shared/filters';
import { CLUSTER, NEVER, WorkflowFilters } from './workflowFilters';

const pairs = (values: string[], label: (v: string) => string) =>
  values.map(v => [v, label(v)] as [string, string]);

/** The drop-downs; `namespaces` are the scopes on offer besides the cluster. */
const selects = (namespaces: string[]): SelectSpec[] => [
  {
    key: 'scope',
    label: 'Scope',
    options: [
      [ANY, 'All'],
      [CLUSTER, 'Cluster'],
      ...pairs(namespaces, ns => `Namespace ${ns}`),
    ],
  },
  {
    key: 'type',
    label: 'Type',
    options: [
      [ANY, 'All'],
      ['generic', 'Generic'],
      ['component', 'Component CI'],
    ],
  },
  {
    key: 'generation',
    label: 'API generation',
    options: [
      [ANY, 'All'],
      ['v1', 'v1 (openAPIV3Schema)'],
      ['v0', 'v0 (shorthand)'],
    ],
  },
  {
    key: 'lastRun',
    label: 'Last run',
    options: [[ANY, 'Any'], ...pairs(RUN_PHASES, p => p), [NEVER, 'Never run']],
  },
];

/** Search and filters of the workflow list (the cluster's when there are several). */
export const WorkflowFilterBar = ({
  filters,
  namespaces,
  clusters,
}: {
  filters: WorkflowFilters;
  namespaces: string[];
  clusters: Clusters;
}) => (
  <FilterBar label="Filter workflows">
    {clusters.multiple && (
      <FilterCell>
        <ClusterPicker clusters={clusters} all />
      </FilterCell>
    )}
    <FilterCell wide>
      <TextFilter
        label="Search"
        placeholder="Name, title or description"
        value={filters.search}
        onChange={v => filters.set('q', v)}
        debounceMs={TYPING_PAUSE_MS}
      />
    </FilterCell>
    <SelectFilters
      specs={selects(namespaces)}
      values={{
        scope: filters.scope,
        type: filters.type,
        generation: filters.generation,
        lastRun: filters.lastRun,
      }}
      set={filters.set}
    />
  </FilterBar>
);
