import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Box, Chip, Grid, Typography } from '@material-ui/core';
import type { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useParams, useSearchParams } from 'react-router-dom';
import useInterval from 'react-use/esm/useInterval';
import { isTerminal } from '../../api';
import {
  durationBetween,
  runOfState,
  RunStatus,
  StreamNotice,
  useClusterParam,
  useClusters,
} from '../shared';
import { RunActions } from './RunActions';
import { ParametersCard, StepsCard, StepsGraphCard } from './RunCards';
import { RunFacts } from './RunFacts';
import { RunNotices } from './RunNotices';
import { RunRetention } from './RunRetention';
import { hasParallelSteps } from './stepGraph';
import { StepPanel } from './StepPanel';
import { useLiveRun } from './useLiveRun';

/** The step to show first: the failed one, else the running one, else the last started. */
function defaultStep(run: RunDetail): string | undefined {
  const { tasks } = run;
  return (
    tasks.find(t => t.phase === 'Failed' || t.phase === 'Error') ??
    tasks.find(t => t.phase === 'Running') ??
    [...tasks].reverse().find(t => t.startedAt) ??
    tasks[0]
  )?.name;
}

/**
 * The selected step, which follows the active (or failed) step until the
 * user picks one (or a link names it: `?step=`), and a sentence announcing
 * each change of the run's phase.
 */
function useSelection(run: RunDetail | undefined, runKey: string) {
  const linkedStep = useSearchParams()[0].get('step') ?? undefined;
  const [selected, setSelected] = useState<string | undefined>(linkedStep);
  const [announcement, setAnnouncement] = useState('');
  const lastPhase = useRef<string>();
  const userPicked = useRef(linkedStep !== undefined);
  useEffect(() => {
    setSelected(linkedStep);
    userPicked.current = linkedStep !== undefined;
    lastPhase.current = undefined;
    // A new run only: the link's step is read when the run changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runKey]);
  useEffect(() => {
    if (!run) return;
    if (lastPhase.current && lastPhase.current !== run.phase) {
      setAnnouncement(`Run ${run.name} is now ${run.phase}.`);
    }
    lastPhase.current = run.phase;
    if (!userPicked.current) setSelected(defaultStep(run));
  }, [run]);
  const pick = useCallback((step: string) => {
    userPicked.current = true;
    setSelected(step);
  }, []);
  return { selected, pick, announcement, setAnnouncement };
}

/** The run's name, status, cluster (when there are several), whether archived, and its actions. */
const RunHeader = (props: { run: RunDetail; children: ReactNode }) => {
  const { run } = props;
  const { multiple } = useClusters();
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={16}>
      <Typography variant="h4" component="h2">
        {run.name}
      </Typography>
      <RunStatus phase={run.phase} />
      {multiple && (
        <Chip
          size="small"
          variant="outlined"
          label={`Cluster ${run.cluster}`}
        />
      )}
      {run.archived && <Typography variant="body2">(archived)</Typography>}
      <Box flexGrow={1} />
      {props.children}
    </Box>
  );
};

/** The selected step's log and events; live while the step may still write. */
const SelectedStepCard = (props: {
  run: RunDetail;
  task: RunDetail['tasks'][number];
  cluster: string | undefined;
}) => {
  const { run, task } = props;
  return (
    <InfoCard>
      <StepPanel
        // Remount when the step starts, so a pending step's empty stream is replaced.
        key={`${task.name}:${task.startedAt ?? 'pending'}`}
        cluster={props.cluster}
        namespace={run.namespace}
        runName={run.name}
        task={task.name}
        live={
          !run.archived &&
          !isTerminal(run.phase) &&
          (task.phase === 'Running' || task.phase === 'Pending')
        }
      />
    </InfoCard>
  );
};

/** One run: header, steps (timeline, and graph of parallel steps), logs; live from the run stream. */
export const RunPage = () => {
  const { namespace = '', name = '' } = useParams();
  const cluster = useClusterParam();
  const launched = runOfState(useLocation().state);
  const live = useLiveRun(namespace, name, cluster, launched);
  const { run, setRun, error } = live;
  const { selected, pick, announcement, setAnnouncement } = useSelection(
    run,
    `${cluster ?? ''}/${namespace}/${name}`,
  );
  const [now, setNow] = useState(Date.now());
  const running = Boolean(run && !isTerminal(run.phase));
  useInterval(() => setNow(Date.now()), running ? 1000 : null);

  if (error && !run) {
    return (
      <ResponseErrorPanel
        title={`Could not load run ${namespace}/${name}${
          cluster ? ` of cluster ${cluster}` : ''
        }`}
        error={error}
      />
    );
  }
  if (!run) return <Progress />;

  const selectedTask = run.tasks.find(t => t.name === selected);
  const onStopped = (stopped: RunDetail) => {
    setRun(stopped);
    setAnnouncement(`Run ${run.name} was stopped.`);
  };

  return (
    <>
      <div
        role="status"
        aria-live="polite"
        style={{ position: 'absolute', left: -10000 }}
      >
        {announcement}
      </div>
      <StreamNotice interruption={live.stream} what="Live updates" />
      <RunHeader run={run}>
        <RunActions
          run={run}
          cluster={cluster}
          running={running}
          onStopped={onStopped}
        />
      </RunHeader>
      <Box mb={2}>
        <RunRetention run={run} now={now} />
      </Box>
      <RunNotices
        run={run}
        pendingFor={durationBetween(run.createdAt, undefined, now) ?? 0}
      />
      <RunFacts
        run={run}
        running={running}
        duration={
          run.durationMs ?? durationBetween(run.startedAt, run.completedAt, now)
        }
      />
      <Grid container spacing={3}>
        <Grid item xs={12} lg={6}>
          <StepsCard run={run} selected={selected} onSelect={pick} now={now} />
        </Grid>
        <Grid item xs={12} lg={6}>
          <ParametersCard run={run} />
        </Grid>
        {hasParallelSteps(run.tasks) && (
          <Grid item xs={12}>
            <StepsGraphCard run={run} selected={selected} onSelect={pick} />
          </Grid>
        )}
        <Grid item xs={12}>
          {selectedTask && (
            <SelectedStepCard run={run} task={selectedTask} cluster={cluster} />
          )}
        </Grid>
      </Grid>
    </>
  );
};
