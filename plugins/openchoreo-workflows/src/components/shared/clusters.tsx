import { useApi } from '@backstage/core-plugin-api';
import { Box } from '@material-ui/core';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { OpenChoreoWorkflowsApi, openchoreoWorkflowsApiRef } from '../../api';
import { SelectFilter } from './filters';

/** The URL's search parameter naming the cluster a page shows. */
export const CLUSTER_PARAM = 'cluster';

/** The configured clusters, in the backend's order (the first is its default). */
export interface Clusters {
  loading: boolean;
  names: string[];
  /** More than one cluster: pages show, pick and link the cluster. */
  multiple: boolean;
}

/**
 * One `GET /clusters` per client: the configured clusters change only with
 * the backend's configuration, and every page asks. A failure is forgotten,
 * so the next page asks again.
 */
const asked = new WeakMap<OpenChoreoWorkflowsApi, Promise<string[]>>();

function clusterNames(api: OpenChoreoWorkflowsApi): Promise<string[]> {
  let names = asked.get(api);
  if (!names) {
    names = api.listClusters().then(({ items }) => items.map(c => c.name));
    names.catch(() => asked.delete(api));
    asked.set(api, names);
  }
  return names;
}

/**
 * The configured clusters. While they load, or when the backend cannot say,
 * the portal behaves as with one cluster (the backend's default).
 */
export function useClusters(): Clusters {
  const api = useApi(openchoreoWorkflowsApiRef);
  const { value, loading } = useAsync(() => clusterNames(api), [api]);
  const names = value ?? [];
  return { loading, names, multiple: names.length > 1 };
}

/** The cluster a page was opened with (`?cluster=`), or undefined for the backend's default. */
export function useClusterParam(): string | undefined {
  return useSearchParams()[0].get(CLUSTER_PARAM) || undefined;
}

/**
 * Picks the cluster a page shows, written to the URL as `?cluster=`; shown
 * only when more than one cluster is configured. `all` adds "All clusters"
 * (no `cluster` in the URL). On the paper's background wherever it is
 * placed: its label is not legible enough on the page's grey (axe).
 */
export const ClusterPicker = (props: { clusters: Clusters; all?: boolean }) => {
  const [params, setParams] = useSearchParams();
  const { names, multiple } = props.clusters;
  if (!multiple) return null;
  const current = params.get(CLUSTER_PARAM) || (props.all ? '' : names[0]);
  const options: Array<[string, string]> = names.map(n => [n, n]);
  return (
    <Box bgcolor="background.paper" borderRadius={4}>
      <SelectFilter
        label="Cluster"
        value={current}
        options={props.all ? [['', 'All clusters'], ...options] : options}
        onChange={value => {
          const next = new URLSearchParams(params);
          if (value) next.set(CLUSTER_PARAM, value);
          else next.delete(CLUSTER_PARAM);
          setParams(next, { replace: true });
        }}
      />
    </Box>
  );
};
