import { useApi } from '@backstage/core-plugin-api';
import type {
  LogLine,
  StepLogStatus,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useEffect, useState } from 'react';
import { openchoreoWorkflowsApiRef, StreamInterruption } from '../../api';

export interface StepLogState {
  lines: LogLine[];
  loading: boolean;
  /** Why the log cannot be read (while a stream retries, the last failure). */
  error?: Error;
  streaming: boolean;
  /** Where the lines come from, or why there are none (from the backend). */
  status?: StepLogStatus;
  /** Why the log stream stopped or paused, while it is. */
  interruption?: StreamInterruption;
}

/**
 * One step's log: streamed while `live` (and, once started, until the
 * stream ends even if `live` flips), else read once.
 */
export function useStepLog(
  namespace: string,
  runName: string,
  task: string,
  live: boolean,
): StepLogState {
  const api = useApi(openchoreoWorkflowsApiRef);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [state, setState] = useState<Omit<StepLogState, 'lines'>>({
    loading: true,
    streaming: false,
  });
  const [mode] = useState<'stream' | 'read'>(live ? 'stream' : 'read');
  const effectiveMode = live ? 'stream' : mode;

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setLines([]);
    setState({ loading: true, streaming: effectiveMode === 'stream' });
    if (effectiveMode === 'stream') {
      api
        .streamRunLogs(namespace, runName, {
          task,
          signal,
          // A reconnected stream sends the whole log again.
          onOpen: () => {
            setLines([]);
            setState(s => ({
              ...s,
              loading: false,
              streaming: true,
              error: undefined,
              interruption: undefined,
            }));
          },
          // While it reconnects, say why rather than spin.
          onError: error =>
            setState(s => ({ ...s, loading: false, error: error as Error })),
          onInterrupted: interruption =>
            setState(s => ({ ...s, loading: false, interruption })),
          onLine: line => setLines(previous => [...previous, line]),
          onStatus: status => {
            if (status.task === task) setState(s => ({ ...s, status }));
          },
          onEnd: () => setState(s => ({ ...s, streaming: false })),
        })
        .finally(() => {
          if (!signal.aborted)
            setState(s => ({ ...s, loading: false, streaming: false }));
        });
    } else {
      api
        .getRunLogs(namespace, runName, { task, signal })
        .then(response => {
          setLines(response.lines);
          const status = response.steps?.find(s => s.task === task);
          setState({ loading: false, streaming: false, status });
        })
        .catch(error => {
          if (!signal.aborted)
            setState({ loading: false, streaming: false, error });
        });
    }
    return () => controller.abort();
  }, [api, namespace, runName, task, effectiveMode]);

  return { lines, ...state };
}
