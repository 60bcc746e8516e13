import { useApi } from '@backstage/core-plugin-api';
import type { RunEvent } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useEffect, useRef } from 'react';
import { openchoreoWorkflowsApiRef } from '../../api';

/**
 * Subscribes to the backend's run stream (`GET /stream`) while mounted.
 * `onEvent` may change between renders without reconnecting.
 */
export function useRunEvents(
  filter: { namespace?: string; workflow?: string; enabled?: boolean },
  onEvent: (event: RunEvent) => void,
) {
  const api = useApi(openchoreoWorkflowsApiRef);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const { namespace, workflow, enabled = true } = filter;
  useEffect(() => {
    if (!enabled) return undefined;
    const controller = new AbortController();
    api
      .streamRuns({
        namespace,
        workflow,
        signal: controller.signal,
        onEvent: event => handler.current(event),
      })
      .catch(() => {});
    return () => controller.abort();
  }, [api, namespace, workflow, enabled]);
}
