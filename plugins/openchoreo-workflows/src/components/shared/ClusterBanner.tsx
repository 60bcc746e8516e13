import { useApi } from '@backstage/core-plugin-api';
import type { ClusterStatus } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useState } from 'react';
import { openchoreoWorkflowsApiRef } from '../../api';
import { formatRelative, formatTime } from './format';

/** How often the backend is asked whether it reaches its clusters (ms). */
const POLL_MS = 15_000;

/**
 * A warning for each OpenChoreo cluster the backend cannot reach, naming it
 * and since when; it goes away by itself once the cluster is back.
 */
export const ClusterBanner = (props: { pollMs?: number }) => {
  const api = useApi(openchoreoWorkflowsApiRef);
  const pollMs = props.pollMs ?? POLL_MS;
  const [down, setDown] = useState<ClusterStatus[]>([]);

  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      try {
        const { items } = await api.listClusters({ signal: abort.signal });
        if (!abort.signal.aborted) setDown(items.filter(c => !c.reachable));
      } catch {
        // The backend itself did not answer: the page's own requests say so.
      }
      if (!abort.signal.aborted) timer = setTimeout(check, pollMs);
    };
    void check();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [api, pollMs]);

  return (
    <>
      {down.map(cluster => (
        <Alert
          key={cluster.name}
          severity="warning"
          style={{ marginBottom: 16 }}
          data-testid={`cluster-unreachable-${cluster.name}`}
        >
          The OpenChoreo cluster '{cluster.name}' has been unreachable since{' '}
          {formatTime(cluster.since)} ({formatRelative(cluster.since)}): what is
          shown of it may be out of date, and launching or stopping its runs
          fails until it is back.
          {cluster.lastError ? ` Last error: ${cluster.lastError}` : ''}
        </Alert>
      ))}
    </>
  );
};
