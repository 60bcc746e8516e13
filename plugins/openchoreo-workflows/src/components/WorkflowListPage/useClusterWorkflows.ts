import { useApi } from '@backstage/core-plugin-api';
import type { WorkflowSummary } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { openchoreoWorkflowsApiRef } from '../../api';
import type { Clusters } from '../shared';

/** A cluster whose workflows could not be listed, and why. */
export interface ClusterFailure {
  cluster: string;
  error: Error;
}

/**
 * The workflows of every configured cluster (each summary names its
 * cluster). The default cluster's (the first) are asked at once, beside
 * the list of clusters; the others' once that list says there are more.
 * With several clusters, one that fails does not hide the others' (it is
 * named in `failures`); when all fail, the default cluster's error is the
 * page's.
 */
export function useClusterWorkflows(clusters: Clusters): {
  loading: boolean;
  error?: Error;
  value?: { items: WorkflowSummary[]; failures: ClusterFailure[] };
} {
  const api = useApi(openchoreoWorkflowsApiRef);
  const first = useAsync(() => api.listWorkflows(), [api]);
  const others = clusters.multiple ? clusters.names.slice(1) : [];
  const rest = useAsync(
    () =>
      Promise.allSettled(others.map(cluster => api.listWorkflows({ cluster }))),
    [api, others.join('\n')],
  );
  const { loading, multiple, names } = clusters;
  const defaultName = names[0];
  return useMemo(() => {
    if (loading || first.loading || rest.loading) return { loading: true };
    if (!multiple && first.error) return { loading: false, error: first.error };
    const items: WorkflowSummary[] = [...(first.value?.items ?? [])];
    const failures: ClusterFailure[] = first.error
      ? [{ cluster: defaultName, error: first.error }]
      : [];
    (rest.value ?? []).forEach((answer, i) => {
      if (answer.status === 'fulfilled') items.push(...answer.value.items);
      else failures.push({ cluster: others[i], error: answer.reason });
    });
    if (first.error && failures.length === others.length + 1) {
      return { loading: false, error: first.error };
    }
    return { loading: false, value: { items, failures } };
    // `others` is keyed by its names, as `rest` is.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loading, multiple, defaultName, first, rest]);
}
