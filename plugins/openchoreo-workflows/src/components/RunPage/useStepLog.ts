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

/** How long streamed lines wait to be shown together (one render per batch, not per line). */
export const LINE_BATCH_MS = 100;

/**
 * Collects streamed lines and hands them over in batches, so a fast stream
 * of 100,000 lines costs a few renders (and array copies) a second, not one
 * per line.
 */
function lineBatcher(onBatch: (lines: LogLine[]) => void) {
  let pending: LogLine[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    onBatch(batch);
  };
  return {
    add(line: LogLine) {
      pending.push(line);
      timer ??= setTimeout(flush, LINE_BATCH_MS);
    },
    flush,
    drop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = [];
    },
  };
}

/**
 * One step's log: streamed while `live` (and, once started, until the
 * stream ends even if `live` flips), else read once; from the run's
 * `cluster` (the backend's default when absent).
 */
export function useStepLog(
  namespace: string,
  runName: string,
  task: string,
  live: boolean,
  cluster?: string,
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
      const batcher = lineBatcher(batch =>
        setLines(previous => previous.concat(batch)),
      );
      signal.addEventListener('abort', batcher.drop);
      api
        .streamRunLogs(namespace, runName, {
          cluster,
          task,
          signal,
          // A reconnected stream sends the whole log again.
          onOpen: () => {
            batcher.drop();
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
          onLine: batcher.add,
          onStatus: status => {
            if (status.task === task) setState(s => ({ ...s, status }));
          },
          onEnd: () => {
            batcher.flush();
            setState(s => ({ ...s, streaming: false }));
          },
        })
        .finally(() => {
          if (signal.aborted) return;
          batcher.flush();
          setState(s => ({ ...s, loading: false, streaming: false }));
        });
    } else {
      api
        .getRunLogs(namespace, runName, { cluster, task, signal })
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
  }, [api, namespace, runName, task, effectiveMode, cluster]);

  return { lines, ...state };
}
