import { ResponseErrorPanel } from '@backstage/core-components';
import {
  Box,
  Button,
  FormControlLabel,
  Switch,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type { StepLogStatus } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useCallback, useRef, useState } from 'react';
import { StreamNotice } from '../shared';
import { LogView } from './LogView';
import { StepLogState, useStepLog } from './useStepLog';

export interface StepLogsProps {
  /** The run's cluster (the backend's default when absent). */
  cluster?: string;
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

/** The step's name, how many lines and whether they stream, and the Follow switch. */
const LogHeader = (props: {
  task: string;
  log: StepLogState;
  follow: boolean;
  pending: number;
  onFollow: (on: boolean) => void;
}) => {
  const { task, log, follow, pending, onFollow } = props;
  const count = log.lines.length;
  return (
    <Box display="flex" alignItems="center" gridGap={16} flexWrap="wrap" mb={1}>
      <Typography variant="h6" component="h3">
        Logs of {task}
      </Typography>
      <Typography variant="body2" aria-live="polite">
        {log.loading && 'Loading…'}
        {!log.loading && `${count} line${count === 1 ? '' : 's'}`}
        {log.streaming && ' · streaming'}
      </Typography>
      <FormControlLabel
        control={
          <Switch checked={follow} onChange={e => onFollow(e.target.checked)} />
        }
        label="Follow"
      />
      {!follow && pending > 0 && (
        <Button size="small" onClick={() => onFollow(true)}>
          {pending} new line{pending === 1 ? '' : 's'}: show
        </Button>
      )}
    </Box>
  );
};

/**
 * One step's log, virtualized (search, line links, download). Streams while
 * the step runs and keeps the lines afterwards. With "Follow" off (or after
 * scrolling up, going to a match or a linked line) the view is frozen and new
 * lines are counted until it is turned on again.
 */
export const StepLogs = (props: StepLogsProps) => {
  const { cluster, namespace, runName, task, live } = props;
  const log = useStepLog(namespace, runName, task, live, cluster);
  const { lines, status } = log;
  const [follow, setFollow] = useState(true);
  const [frozen, setFrozen] = useState<number>(0);
  const latest = useRef({ follow, count: lines.length });
  latest.current = { follow, count: lines.length };
  const shown = follow ? lines.length : Math.min(frozen, lines.length);
  const toggleFollow = useCallback((on: boolean) => {
    if (latest.current.follow && !on) setFrozen(latest.current.count);
    setFollow(on);
  }, []);
  const stopFollowing = useCallback(() => toggleFollow(false), [toggleFollow]);

  return (
    <Box>
      <LogHeader
        task={task}
        log={log}
        follow={follow}
        pending={lines.length - shown}
        onFollow={toggleFollow}
      />
      <StreamNotice interruption={log.interruption} what="The live log" />
      {lines.length > 0 && (status?.note || status?.unavailable) && (
        <Typography variant="caption" color="textSecondary" component="p">
          {status.note ?? status.unavailable}
        </Typography>
      )}
      {log.error ? (
        <ResponseErrorPanel title="Could not read the logs" error={log.error} />
      ) : (
        <Box minHeight={420}>
          {!log.loading && lines.length === 0 ? (
            <EmptyLog status={status} streaming={log.streaming} />
          ) : (
            <LogView
              lines={lines}
              count={shown}
              follow={follow}
              onStopFollowing={stopFollowing}
              label={`Log of ${task}`}
              stepQuery={new URLSearchParams({ step: task }).toString()}
              onDownload={() =>
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
