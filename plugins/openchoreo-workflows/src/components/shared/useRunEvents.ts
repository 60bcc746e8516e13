import { useApi } from '@backstage/core-plugin-api';
import type { RunEvent } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useEffect, useRef } from 'react';
import { openchoreoWorkflowsApiRef } from '../../api';

/**
 * Subscribes to the backend's run stream (`GET /stream`) while mounted.
 * `onEvent` may change between renders without reconnecting. `onOpen` runs
 * each time the stream (re)connects without resuming from the last event:
 * what changed before that is not on the stream, so a page that fetched
 * before subscribing fetches again there.
 */
export function useRunEvents(
  filter: { namespace?: string; workflow?: string; enabled?: boolean },
  onEvent: (event: RunEvent) => void,
  onOpen?: () => void,
) {
  const api = useApi(openchoreoWorkflowsApiRef);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const openHandler = useRef(onOpen);
  openHandler.current = onOpen;
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
        onOpen: ({ resumed }) => {
          if (!resumed) openHandler.current?.();
        },
      })
      .catch(() => {});
    return () => controller.abort();
  }, [api, namespace, workflow, enabled]);
}
