import { useApi } from '@backstage/core-plugin-api';
import type {
  LogLine,
  StepLogStatus,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Dispatch, SetStateAction, useEffect, useState } from 'react';
import { openchoreoWorkflowsApiRef, StreamInterruption } from '../../api';
import { append, emptyLog, HeldLog, restartAt, streamOffset } from './heldLog';
import {
  EarlierLines,
  LogSource,
  SetHeld,
  useEarlierLines,
} from './useEarlierLines';

export interface StepLogState {
  /** Consecutive lines of the step's log, from line `first` (0-based). */
  lines: LogLine[];
  first: number;
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

type SetState = Dispatch<SetStateAction<Omit<StepLogState, 'lines' | 'first'>>>;

/**
 * Follows a live step's log from `offset` (see `streamOffset`): the `start`
 * event names the line it sends from, so a reconnect keeps the held lines
 * before it. A connection whose first event is a line (no `start`) sends the
 * whole log.
 */
function followLog(
  source: LogSource,
  offset: number,
  signal: AbortSignal,
  setHeld: SetHeld,
  setState: SetState,
) {
  const { api, task } = source;
  const batcher = lineBatcher(batch => setHeld(held => append(held, batch)));
  signal.addEventListener('abort', batcher.drop);
  let awaitingStart = false;
  const restart = (at: number) => {
    awaitingStart = false;
    batcher.flush();
    setHeld(held => restartAt(held, at));
  };
  return api
    .streamRunLogs(source.namespace, source.runName, {
      cluster: source.cluster,
      task,
      offset,
      signal,
      onOpen: () => {
        awaitingStart = true;
        setState(s => ({
          ...s,
          loading: false,
          streaming: true,
          error: undefined,
          interruption: undefined,
        }));
      },
      onStart: start => restart(start.offset),
      // While it reconnects, say why rather than spin.
      onError: error =>
        setState(s => ({ ...s, loading: false, error: error as Error })),
      onInterrupted: interruption =>
        setState(s => ({ ...s, loading: false, interruption })),
      onLine: line => {
        if (awaitingStart) restart(0);
        batcher.add(line);
      },
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
}

/** Reads a finished step's whole log once. */
function readLog(
  source: LogSource,
  signal: AbortSignal,
  setHeld: SetHeld,
  setState: SetState,
) {
  const { api, task } = source;
  api
    .getRunLogs(source.namespace, source.runName, {
      cluster: source.cluster,
      task,
      signal,
    })
    .then(response => {
      setHeld({ first: 0, lines: response.lines });
      const status = response.steps?.find(s => s.task === task);
      setState({ loading: false, streaming: false, status });
    })
    .catch(error => {
      if (!signal.aborted)
        setState({ loading: false, streaming: false, error });
    });
}

/**
 * One step's log: streamed while `live` (and, once started, until the
 * stream ends even if `live` flips), from its last lines or from the window
 * of `linkedLine` (1-based, from the URL's `#L<n>`); else read whole once;
 * from the run's `cluster` (the backend's default when absent). Earlier
 * lines than those held are loaded with `loadEarlier`.
 */
export function useStepLog(
  namespace: string,
  runName: string,
  task: string,
  live: boolean,
  options: { cluster?: string; linkedLine?: number } = {},
): StepLogState & { earlier: EarlierLines; loadEarlier: () => void } {
  const { cluster } = options;
  const api = useApi(openchoreoWorkflowsApiRef);
  const [held, setHeld] = useState<HeldLog>(emptyLog);
  const [state, setState] = useState<Omit<StepLogState, 'lines' | 'first'>>({
    loading: true,
    streaming: false,
  });
  const [mode] = useState<'stream' | 'read'>(live ? 'stream' : 'read');
  const effectiveMode = live ? 'stream' : mode;
  // The link the page opened with; later line links do not reopen the stream.
  const [offset] = useState(() => streamOffset(options.linkedLine));
  const [signal, setSignal] = useState<AbortSignal>();
  const source = { api, namespace, runName, task, cluster };

  useEffect(() => {
    const controller = new AbortController();
    const from = { api, namespace, runName, task, cluster };
    setSignal(controller.signal);
    setHeld(emptyLog);
    setState({ loading: true, streaming: effectiveMode === 'stream' });
    if (effectiveMode === 'stream') {
      followLog(from, offset, controller.signal, setHeld, setState);
    } else {
      readLog(from, controller.signal, setHeld, setState);
    }
    return () => controller.abort();
  }, [api, namespace, runName, task, effectiveMode, cluster, offset]);

  const { earlier, loadEarlier } = useEarlierLines(
    source,
    held,
    setHeld,
    signal,
  );
  return { ...held, ...state, earlier, loadEarlier };
}
