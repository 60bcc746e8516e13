import { LogViewer, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  Button,
  FormControlLabel,
  Switch,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type {
  LogLine,
  StepLogStatus,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useEffect, useState } from 'react';
import { openchoreoWorkflowsApiRef } from '../../api';

export interface StepLogsProps {
  namespace: string;
  runName: string;
  task: string;
  /** Stream while true; read once (GET) otherwise. */
  live: boolean;
}

function download(name: string, text: string) {
  if (typeof URL.createObjectURL !== 'function') return;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  URL.revokeObjectURL(url);
}

/** What replaces an empty log: why there is none, or that it is still to come. */
const EmptyLog = ({
  status,
  streaming,
}: {
  status?: StepLogStatus;
  streaming: boolean;
}) => {
  if (status?.unavailable) {
    return (
      <Alert
        severity={
          status.reason === 'workflowPlaneUnreachable' ? 'warning' : 'info'
        }
      >
        {status.unavailable}
      </Alert>
    );
  }
  return (
    <Typography color="textSecondary">
      {streaming ? 'Waiting for output…' : 'This step wrote no output.'}
    </Typography>
  );
};

/**
 * One step's log in Backstage's LogViewer (search, copy, download). Streams
 * while the step runs and keeps the lines afterwards. With "Follow" off the
 * view is frozen and new lines are counted until it is turned on again.
 */
export const StepLogs = ({ namespace, runName, task, live }: StepLogsProps) => {
  const api = useApi(openchoreoWorkflowsApiRef);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [state, setState] = useState<{
    loading: boolean;
    error?: Error;
    streaming: boolean;
  }>({
    loading: true,
    streaming: false,
  });
  // Where the lines come from, or why there are none (from the backend).
  const [status, setStatus] = useState<StepLogStatus>();
  const [follow, setFollow] = useState(true);
  const [frozen, setFrozen] = useState<number>(0);
  // Once a stream has started, keep it until it ends even if `live` flips.
  const [mode] = useState<'stream' | 'read'>(live ? 'stream' : 'read');
  const effectiveMode = live ? 'stream' : mode;

  useEffect(() => {
    const controller = new AbortController();
    setLines([]);
    setStatus(undefined);
    setState({ loading: true, streaming: effectiveMode === 'stream' });
    if (effectiveMode === 'stream') {
      api
        .streamRunLogs(namespace, runName, {
          task,
          signal: controller.signal,
          onOpen: ({ resumed }) => {
            if (!resumed) setLines([]);
            setState({ loading: false, streaming: true });
          },
          // While it reconnects, say why rather than spin.
          onError: error =>
            setState({
              loading: false,
              streaming: true,
              error: error as Error,
            }),
          onLine: line => setLines(previous => [...previous, line]),
          onStatus: s => {
            if (s.task === task) setStatus(s);
          },
          onEnd: () => setState({ loading: false, streaming: false }),
        })
        .finally(() => {
          if (!controller.signal.aborted)
            setState(s => ({ ...s, loading: false, streaming: false }));
        });
    } else {
      api
        .getRunLogs(namespace, runName, { task, signal: controller.signal })
        .then(response => {
          setLines(response.lines);
          setStatus(response.steps?.find(s => s.task === task));
          setState({ loading: false, streaming: false });
        })
        .catch(error => {
          if (!controller.signal.aborted)
            setState({ loading: false, streaming: false, error });
        });
    }
    return () => controller.abort();
  }, [api, namespace, runName, task, effectiveMode]);

  const shown = follow ? lines : lines.slice(0, frozen);
  const text = shown.map(line => line.text).join('\n');
  const pending = lines.length - shown.length;

  const toggleFollow = (on: boolean) => {
    if (!on) setFrozen(lines.length);
    setFollow(on);
  };

  return (
    <Box>
      <Box
        display="flex"
        alignItems="center"
        gridGap={16}
        flexWrap="wrap"
        mb={1}
      >
        <Typography variant="h6" component="h3">
          Logs of {task}
        </Typography>
        <Typography variant="body2" aria-live="polite">
          {state.loading && 'Loading…'}
          {!state.loading &&
            `${lines.length} line${lines.length === 1 ? '' : 's'}`}
          {state.streaming && ' · streaming'}
        </Typography>
        <FormControlLabel
          control={
            <Switch
              checked={follow}
              onChange={e => toggleFollow(e.target.checked)}
            />
          }
          label="Follow"
        />
        {!follow && pending > 0 && (
          <Button size="small" onClick={() => toggleFollow(true)}>
            {pending} new line{pending === 1 ? '' : 's'}: show
          </Button>
        )}
      </Box>
      {lines.length > 0 && (status?.note || status?.unavailable) && (
        <Typography variant="caption" color="textSecondary" component="p">
          {status.note ?? status.unavailable}
        </Typography>
      )}
      {state.error ? (
        <ResponseErrorPanel
          title="Could not read the logs"
          error={state.error}
        />
      ) : (
        <Box height={420}>
          {!state.loading && lines.length === 0 ? (
            <EmptyLog status={status} streaming={state.streaming} />
          ) : (
            <LogViewer
              text={text}
              onDownloadLog={() =>
                download(
                  `${runName}-${task}.log`,
                  lines.map(l => l.text).join('\n'),
                )
              }
            />
          )}
        </Box>
      )}
    </Box>
  );
};
