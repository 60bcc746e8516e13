import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Grid } from '@material-ui/core';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { openchoreoWorkflowsApiRef, RunRef } from '../../api';
import {
  OutputComparison,
  ParameterDifferences,
  RunSummaryCard,
  StepComparison,
} from './CompareTables';

/** `namespace/name` (and a cluster) → a run, or undefined when malformed. */
function runRefOf(
  value: string | null,
  cluster: string | null,
): RunRef | undefined {
  const slash = value?.indexOf('/') ?? -1;
  if (!value || slash <= 0 || slash === value.length - 1) return undefined;
  const name = value.slice(slash + 1);
  if (name.includes('/')) return undefined;
  return {
    namespace: value.slice(0, slash),
    name,
    ...(cluster ? { cluster } : {}),
  };
}

/**
 * Two runs side by side, from `?a=<ns>/<name>&b=<ns>/<name>` (and `cluster`,
 * or `clusterA`/`clusterB` for runs of two clusters): both summaries, the
 * parameters that differ, the steps with both durations, the outputs.
 */
export const ComparePage = () => {
  const api = useApi(openchoreoWorkflowsApiRef);
  const [search] = useSearchParams();
  const cluster = search.get('cluster');
  const a = runRefOf(search.get('a'), search.get('clusterA') ?? cluster);
  const b = runRefOf(search.get('b'), search.get('clusterB') ?? cluster);
  const { value, loading, error } = useAsync(
    async () => (a && b ? api.compareRuns(a, b) : undefined),
    [api, search.toString()],
  );

  if (!a || !b) {
    return (
      <EmptyState
        missing="field"
        title="Pick two runs to compare"
        description="Select two runs in the run history and press Compare (the address needs ?a=namespace/name&b=namespace/name)."
      />
    );
  }
  if (loading) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        title={`Could not compare ${a.namespace}/${a.name} with ${b.namespace}/${b.name}`}
        error={error}
      />
    );
  }
  if (!value) return null;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <RunSummaryCard side="A" run={value.a} />
      </Grid>
      <Grid item xs={12} md={6}>
        <RunSummaryCard side="B" run={value.b} />
      </Grid>
      <Grid item xs={12}>
        <ParameterDifferences c={value} />
      </Grid>
      <Grid item xs={12} md={6}>
        <StepComparison c={value} />
      </Grid>
      <Grid item xs={12} md={6}>
        <OutputComparison c={value} />
      </Grid>
    </Grid>
  );
};
