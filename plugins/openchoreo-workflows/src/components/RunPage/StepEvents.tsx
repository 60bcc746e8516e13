import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Box,
  makeStyles,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import WarningIcon from '@material-ui/icons/Warning';
import { Alert } from '@material-ui/lab';
import type { StepEventsResponse } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useEffect, useState } from 'react';
import { openchoreoWorkflowsApiRef } from '../../api';
import { HeadedTable } from '../shared';

/** How often a running step's events are read again (the backend reuses an answer 5 s). */
const POLL_MS = 5_000;

export interface StepEventsState {
  loading: boolean;
  value?: StepEventsResponse;
  error?: Error;
}

/**
 * The Kubernetes Events of a step's pods: read once, and again every few
 * seconds while the step may still change (`live`).
 */
export function useStepEvents(
  namespace: string,
  runName: string,
  task: string,
  live: boolean,
  cluster?: string,
): StepEventsState {
  const api = useApi(openchoreoWorkflowsApiRef);
  const [state, setState] = useState<StepEventsState>({ loading: true });
  useEffect(() => {
    const controller = new AbortController();
    setState({ loading: true });
    const read = () =>
      api
        .getStepEvents(namespace, runName, {
          cluster,
          task,
          signal: controller.signal,
        })
        .then(value => setState({ loading: false, value }))
        .catch(error => {
          if (!controller.signal.aborted) setState({ loading: false, error });
        });
    read();
    const timer = live ? setInterval(read, POLL_MS) : undefined;
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [api, namespace, runName, task, live, cluster]);
  return state;
}

/** How many of the events are Warnings. */
export const warningCount = (state: StepEventsState) =>
  state.value?.items.filter(e => e.type === 'Warning').length ?? 0;

const useStyles = makeStyles(theme => ({
  warning: {
    '& > td:first-child': {
      boxShadow: `inset 4px 0 0 ${theme.palette.error.main}`,
    },
  },
  type: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
  message: { whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
}));

const time = (iso: string) => new Date(iso).toLocaleString();

/** A step's Kubernetes Events, oldest first; Warnings stand out. */
export const StepEvents = ({
  task,
  state,
}: {
  task: string;
  state: StepEventsState;
}) => {
  const classes = useStyles();
  if (state.error) {
    return (
      <ResponseErrorPanel
        title="Could not read the events"
        error={state.error}
      />
    );
  }
  if (state.loading) return <Typography>Loading…</Typography>;
  const { items = [], message } = state.value ?? {};
  if (items.length === 0) {
    return message ? (
      <Alert severity="info">{message}</Alert>
    ) : (
      <Typography color="textSecondary">
        No events for step {task} so far.
      </Typography>
    );
  }
  return (
    <Box overflow="auto">
      <HeadedTable
        caption={`Events of ${task}`}
        headers={['Time', 'Type', 'Reason', 'Message']}
      >
        {items.map((e, i) => (
          <TableRow
            key={`${e.pod}-${e.timestamp}-${e.reason}-${i}`}
            className={e.type === 'Warning' ? classes.warning : undefined}
          >
            <TableCell>{time(e.timestamp)}</TableCell>
            <TableCell>
              <span className={classes.type}>
                {e.type === 'Warning' && (
                  <WarningIcon fontSize="small" color="error" aria-hidden />
                )}
                {e.type}
              </span>
            </TableCell>
            <TableCell>{e.reason}</TableCell>
            <TableCell className={classes.message}>
              {e.message}
              {e.count ? (
                <Typography variant="caption" color="textSecondary">
                  {' '}
                  ({e.count} times
                  {e.lastTimestamp ? `, last ${time(e.lastTimestamp)}` : ''})
                </Typography>
              ) : null}
            </TableCell>
          </TableRow>
        ))}
      </HeadedTable>
    </Box>
  );
};
