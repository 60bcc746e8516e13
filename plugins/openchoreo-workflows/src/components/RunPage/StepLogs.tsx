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
import { useApi } from '@backstage/core-plugin-api';
import { useLocation } from 'react-router-dom';
import { openchoreoWorkflowsApiRef } from '../../api';
import { StreamNotice } from '../shared';
import { lineFromHash } from './logSearch';
import { LogView } from './LogView';
import type { EarlierLines } from './useEarlierLines';
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

/** The step's name, how many lines (the log's, loaded or not) and whether they stream, and the Follow switch. */
const LogHeader = (props: {
  task: string;
  log: StepLogState;
  follow: boolean;
  pending: number;
  onFollow: (on: boolean) => void;
}) => {
  const { task, log, follow, pending, onFollow } = props;
  const count = log.first + log.lines.length;
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

/** Above a log opened below its first line: what is not loaded, and a button to load it. */
const EarlierLinesBar = (props: {
  first: number;
  earlier: EarlierLines;
  onLoad: () => void;
}) => {
  const { first, earlier, onLoad } = props;
  if (first === 0) return null;
  return (
    <Box display="flex" alignItems="center" gridGap={8} flexWrap="wrap" mb={1}>
      <Typography variant="body2" color="textSecondary">
        {first === 1 ? 'Line 1 is' : `Lines 1–${first} are`} not loaded (scroll
        to the top to load them).
      </Typography>
      <Button size="small" disabled={earlier.loading} onClick={onLoad}>
        {earlier.loading ? 'Loading earlier lines…' : 'Load earlier lines'}
      </Button>
      {earlier.error && (
        <Typography variant="body2" color="error" role="alert">
          Could not load earlier lines: {earlier.error.message}
        </Typography>
      )}
    </Box>
  );
};

/**
 * One step's log, virtualized (search, line links, download). Streams while
 * the step runs, from its last lines (or a linked line's window), and keeps
 * the lines afterwards; earlier lines load on demand. With "Follow" off (or
 * after scrolling up, going to a match or a linked line) the view is frozen
 * and new lines are counted until it is turned on again.
 */
export const StepLogs = (props: StepLogsProps) => {
  const { cluster, namespace, runName, task, live } = props;
  const { hash } = useLocation();
  const [linkedLine] = useState(() => lineFromHash(hash));
  const log = useStepLog(namespace, runName, task, live, {
    cluster,
    linkedLine,
  });
  const { lines, first, status } = log;
  const api = useApi(openchoreoWorkflowsApiRef);
  const [follow, setFollow] = useState(true);
  // While not following: the log's line the view ends at.
  const [frozenEnd, setFrozenEnd] = useState<number>(0);
  const end = first + lines.length;
  const latest = useRef({ follow, end });
  latest.current = { follow, end };
  const shown = follow
    ? lines.length
    : Math.max(0, Math.min(frozenEnd - first, lines.length));
  const toggleFollow = useCallback((on: boolean) => {
    if (latest.current.follow && !on) setFrozenEnd(latest.current.end);
    setFollow(on);
  }, []);
  const onDownload = () => {
    const name = `${runName}-${task}.log`;
    if (first === 0) {
      download(name, lines.map(l => l.text).join('\n'));
      return;
    }
    // Only the tail is held: download the whole log.
    api
      .getRunLogs(namespace, runName, { cluster, task })
      .then(whole => download(name, whole.lines.map(l => l.text).join('\n')))
      .catch(() => download(name, lines.map(l => l.text).join('\n')));
  };
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
      <EarlierLinesBar
        first={first}
        earlier={log.earlier}
        onLoad={log.loadEarlier}
      />
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
              first={first}
              count={shown}
              follow={follow}
              onStopFollowing={stopFollowing}
              label={`Log of ${task}`}
              stepQuery={new URLSearchParams({ step: task }).toString()}
              onDownload={onDownload}
              onReachTop={log.loadEarlier}
            />
          )}
        </Box>
      )}
    </Box>
  );
};
