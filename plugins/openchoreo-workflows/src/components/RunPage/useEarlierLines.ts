import { Dispatch, SetStateAction, useCallback, useRef, useState } from 'react';
import { OpenChoreoWorkflowsApi } from '../../api';
import { earlierWindow, HeldLog, prepend } from './heldLog';

export type SetHeld = Dispatch<SetStateAction<HeldLog>>;

/** Where one step's log is read from. */
export interface LogSource {
  api: OpenChoreoWorkflowsApi;
  namespace: string;
  runName: string;
  task: string;
  cluster?: string;
}

/** Reading earlier lines than those held (a live step's log opens near its tail). */
export interface EarlierLines {
  loading: boolean;
  error?: Error;
}

/**
 * Loads the page of lines before the held ones (the logs window read),
 * one read at a time; a new stream or unmounting aborts it.
 */
export function useEarlierLines(
  source: LogSource,
  held: HeldLog,
  setHeld: SetHeld,
  signal?: AbortSignal,
) {
  const [earlier, setEarlier] = useState<EarlierLines>({ loading: false });
  const loading = useRef(false);
  const latest = useRef({ source, held, signal });
  latest.current = { source, held, signal };
  const loadEarlier = useCallback(() => {
    const { source: from, held: now, signal: current } = latest.current;
    if (loading.current || now.first === 0 || !current) return;
    loading.current = true;
    setEarlier({ loading: true });
    const window = earlierWindow(now);
    from.api
      .getRunLogs(from.namespace, from.runName, {
        cluster: from.cluster,
        task: from.task,
        ...window,
        signal: current,
      })
      .then(response => {
        if (current.aborted) return;
        setHeld(h =>
          prepend(h, response.offset ?? window.offset, response.lines),
        );
        setEarlier({ loading: false });
      })
      .catch(error => {
        if (!current.aborted) setEarlier({ loading: false, error });
      })
      .finally(() => {
        loading.current = false;
      });
  }, [setHeld]);
  return { earlier, loadEarlier };
}
