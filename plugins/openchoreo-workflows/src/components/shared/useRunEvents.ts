import { useApi } from '@backstage/core-plugin-api';
import type { RunEvent } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useEffect, useRef, useState } from 'react';
import { openchoreoWorkflowsApiRef, StreamInterruption } from '../../api';

/**
 * Subscribes to the backend's run stream (`GET /stream`) while mounted.
 * `onEvent` may change between renders without reconnecting. `onOpen` runs
 * each time the stream (re)connects: what changed before that is not on the
 * stream, so a page that fetched before subscribing fetches again there.
 * Returns why the stream is interrupted, while it is (see `StreamNotice`).
 * The stream is of one cluster (`cluster`, the backend's default when
 * absent), or one stream per cluster of `clusters`.
 */
export function useRunEvents(
  filter: {
    namespace?: string;
    workflow?: string;
    enabled?: boolean;
    cluster?: string;
    clusters?: readonly string[];
  },
  onEvent: (event: RunEvent) => void,
  onOpen?: () => void,
): StreamInterruption | undefined {
  const api = useApi(openchoreoWorkflowsApiRef);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const openHandler = useRef(onOpen);
  openHandler.current = onOpen;
  const [interruption, setInterruption] = useState<StreamInterruption>();
  const { namespace, workflow, enabled = true } = filter;
  const targets = (filter.clusters ?? [filter.cluster]).join('\n');
  useEffect(() => {
    if (!enabled) return undefined;
    const controller = new AbortController();
    setInterruption(undefined);
    for (const cluster of targets.split('\n')) {
      api
        .streamRuns({
          cluster: cluster || undefined,
          namespace,
          workflow,
          signal: controller.signal,
          onEvent: event => handler.current(event),
          onOpen: () => {
            setInterruption(undefined);
            openHandler.current?.();
          },
          onInterrupted: setInterruption,
        })
        .catch(() => {});
    }
    return () => controller.abort();
  }, [api, namespace, workflow, enabled, targets]);
  return interruption;
}
