import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { Box, Button, Grid, Typography } from '@material-ui/core';
import type { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import useInterval from 'react-use/esm/useInterval';
import { isTerminal, openchoreoWorkflowsApiRef } from '../../api';
import {
  durationBetween,
  formatDuration,
  formatTime,
  RunStatus,
  shortEntityRef,
  toYaml,
  useRunEvents,
  useWorkflowsLinks,
} from '../shared';
import { EDIT_FROM_PARAM } from '../WorkflowPage/WorkflowPage';
import { hasParallelSteps } from './stepGraph';
import { StepPanel } from './StepPanel';
import { GraphBoundary, StepsGraph } from './StepsGraph';
import { StepsTimeline } from './StepsTimeline';
import { StopDialog } from './StopDialog';

const Fact = ({
  label,
  children,
}: {
  label: string;
  children: React.ReactNode;
}) => (
  <Box mr={4} mb={1}>
    <Typography variant="overline" component="dt">
      {label}
    </Typography>
    <Typography variant="body1" component="dd" style={{ margin: 0 }}>
      {children || '—'}
    </Typography>
  </Box>
);

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

/** One run: header, steps (timeline and graph), logs; live from the run stream. */
export const RunPage = () => {
  const api = useApi(openchoreoWorkflowsApiRef);
  const alertApi = useApi(alertApiRef);
  const navigate = useNavigate();
  const links = useWorkflowsLinks();
  const { namespace = '', name = '' } = useParams();
  const [run, setRun] = useState<RunDetail>();
  const [error, setError] = useState<Error>();
  const [selected, setSelected] = useState<string>();
  const [announcement, setAnnouncement] = useState('');
  const [stopOpen, setStopOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(Date.now());
  const lastPhase = useRef<string>();
  // The selection follows the active (or failed) step until the user picks one.
  const userPicked = useRef(false);
  const pick = useCallback((step: string) => {
    userPicked.current = true;
    setSelected(step);
  }, []);

  const load = useCallback(
    (signal?: AbortSignal) =>
      api
        .getRun(namespace, name, { signal })
        .then(detail => {
          setRun(detail);
          setError(undefined);
        })
        .catch(e => {
          if (!signal?.aborted) setError(e);
        }),
    [api, namespace, name],
  );

  useEffect(() => {
    const controller = new AbortController();
    setRun(undefined);
    setSelected(undefined);
    userPicked.current = false;
    lastPhase.current = undefined;
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  // The stream starts after the first fetch: a change in between is not on
  // it, so the run is fetched again once the stream is open. An event that
  // arrives meanwhile is newer than that answer, which is then dropped.
  const eventsSeen = useRef(0);
  const refetchOnOpen = useCallback(() => {
    const seen = eventsSeen.current;
    api
      .getRun(namespace, name)
      .then(detail => {
        if (eventsSeen.current === seen) setRun(detail);
      })
      .catch(() => {});
  }, [api, namespace, name]);

  // Events carry the run with its steps; the run is fetched again only when
  // an event lacks them, or when the run has finished (its outputs).
  useRunEvents(
    { namespace, workflow: run?.workflow.name, enabled: Boolean(run) },
    useCallback(
      event => {
        if (event.run.namespace !== namespace || event.run.name !== name)
          return;
        eventsSeen.current++;
        // An event without a diagnosis means the run no longer has one.
        setRun(previous =>
          previous
            ? { ...previous, diagnosis: undefined, ...event.run }
            : previous,
        );
        if (!event.run.tasks || isTerminal(event.run.phase)) load();
      },
      [namespace, name, load],
    ),
    refetchOnOpen,
  );

  useEffect(() => {
    if (!run) return;
    if (lastPhase.current && lastPhase.current !== run.phase) {
      setAnnouncement(`Run ${run.name} is now ${run.phase}.`);
    }
    lastPhase.current = run.phase;
    if (!userPicked.current) setSelected(defaultStep(run));
  }, [run]);

  const running = Boolean(run && !isTerminal(run.phase));
  useInterval(() => setNow(Date.now()), running ? 1000 : null);

  if (error && !run) {
    return (
      <ResponseErrorPanel
        title={`Could not load run ${namespace}/${name}`}
        error={error}
      />
    );
  }
  if (!run) return <Progress />;

  const duration =
    run.durationMs ?? durationBetween(run.startedAt, run.completedAt, now);
  const selectedTask = run.tasks.find(t => t.name === selected);
  const pendingFor = durationBetween(run.createdAt, undefined, now) ?? 0;
  const stuck =
    run.phase === 'Pending' && run.tasks.length === 0 && pendingFor > 2 * 60e3;

  const stop = async () => {
    setBusy(true);
    try {
      const stopped = await api.stopRun(run.namespace, run.name);
      setRun(stopped);
      setAnnouncement(`Run ${run.name} was stopped.`);
      alertApi.post({
        message: `Stopped ${run.name}`,
        severity: 'info',
        display: 'transient',
      });
    } catch (e) {
      alertApi.post({
        message: `Stop failed: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
      setStopOpen(false);
    }
  };

  const rerun = async () => {
    setBusy(true);
    try {
      const next = await api.rerun(run.namespace, run.name);
      navigate(links.run(next.namespace, next.name));
    } catch (e) {
      alertApi.post({
        message: `Re-run failed: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
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
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        gridGap={16}
        mb={2}
      >
        <Typography variant="h4" component="h2">
          {run.name}
        </Typography>
        <RunStatus phase={run.phase} />
        {run.archived && <Typography variant="body2">(archived)</Typography>}
        <Box flexGrow={1} />
        {running && !run.archived && (
          <Button
            variant="outlined"
            color="secondary"
            onClick={() => setStopOpen(true)}
            disabled={busy}
          >
            Stop
          </Button>
        )}
        <Button variant="outlined" onClick={rerun} disabled={busy}>
          Re-run
        </Button>
        <Button
          variant="outlined"
          color="primary"
          onClick={() =>
            navigate(
              links.workflow(run.workflow, {
                [EDIT_FROM_PARAM]: `${run.namespace}/${run.name}`,
              }),
              { state: { parameters: run.parameters } },
            )
          }
        >
          Edit and re-run
        </Button>
      </Box>
      {run.message && (
        <Box mb={2} role={run.phase === 'Failed' ? 'alert' : undefined}>
          <Typography variant="body2">
            {run.reason && <strong>{run.reason}: </strong>}
            {run.message}
          </Typography>
        </Box>
      )}
      {run.diagnosis && (
        <Box mb={2} role="alert">
          <WarningPanel
            severity="error"
            title="This run cannot start: OpenChoreo cannot render it"
            defaultExpanded
          >
            <Typography variant="body2">{run.diagnosis.message}</Typography>
            {run.diagnosis.location && (
              <Typography variant="body2">
                At <code>{run.diagnosis.location}</code> of the workflow.
              </Typography>
            )}
            <Typography variant="body2">
              OpenChoreo keeps it Pending and only logs the error. Stop it, and
              launch again with parameters the workflow can render (the workflow
              page previews them).
            </Typography>
          </WarningPanel>
        </Box>
      )}
      {stuck && !run.diagnosis && (
        <Box mb={2}>
          <WarningPanel
            severity="info"
            title={`Pending for ${formatDuration(
              pendingFor,
            )} with no step started`}
          >
            A run stays Pending when the workflow plane is missing or the
            template cannot be rendered. The conditions below say why.
          </WarningPanel>
        </Box>
      )}
      <Box component="dl" display="flex" flexWrap="wrap" m={0} mb={2}>
        <Fact label="Workflow">
          <Link to={links.workflow(run.workflow)}>
            {run.workflow.kind === 'ClusterWorkflow' ? 'ClusterWorkflow ' : ''}
            {run.workflow.name}
          </Link>
        </Fact>
        <Fact label="Namespace">{run.namespace}</Fact>
        <Fact label="Launched by">{shortEntityRef(run.launchedBy)}</Fact>
        <Fact label="Started">
          {formatTime(run.startedAt ?? run.createdAt)}
        </Fact>
        <Fact label="Duration">
          {formatDuration(duration)}
          {running && duration !== undefined ? ' so far' : ''}
        </Fact>
        <Fact label="Steps">
          {run.tasksSucceeded}/{run.taskCount} succeeded
        </Fact>
      </Box>
      <Grid container spacing={3}>
        <Grid item xs={12} lg={6}>
          <InfoCard title="Steps">
            <StepsTimeline
              tasks={run.tasks}
              selected={selected}
              onSelect={pick}
              now={now}
            />
            {hasParallelSteps(run.tasks, now) && (
              <Box mt={2}>
                <Typography variant="subtitle2" component="h4">
                  Parallel steps
                </Typography>
                <GraphBoundary>
                  <StepsGraph
                    tasks={run.tasks}
                    selected={selected}
                    onSelect={pick}
                    now={now}
                  />
                </GraphBoundary>
              </Box>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12} lg={6}>
          <InfoCard title="Parameters">
            <Box
              component="pre"
              m={0}
              overflow="auto"
              maxHeight={360}
              tabIndex={0}
              aria-label="Parameters as YAML"
            >
              {toYaml(run.parameters)}
            </Box>
            {run.conditions.length > 0 && (
              <>
                <Typography variant="subtitle2" component="h4">
                  Conditions
                </Typography>
                <ul aria-label="Conditions">
                  {run.conditions.map(c => (
                    <li key={c.type}>
                      <strong>{c.type}</strong>: {c.status}
                      {c.reason ? ` (${c.reason})` : ''}
                      {c.message ? `: ${c.message}` : ''}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {Object.keys(run.outputs ?? {}).length > 0 && (
              <>
                <Typography variant="subtitle2" component="h4">
                  Outputs
                </Typography>
                <Box component="pre" m={0} overflow="auto">
                  {toYaml(run.outputs)}
                </Box>
              </>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          {selectedTask ? (
            <InfoCard>
              <StepPanel
                // Remount when the step starts, so a pending step's empty stream is replaced.
                key={`${selectedTask.name}:${
                  selectedTask.startedAt ?? 'pending'
                }`}
                namespace={run.namespace}
                runName={run.name}
                task={selectedTask.name}
                live={
                  !run.archived &&
                  !isTerminal(run.phase) &&
                  (selectedTask.phase === 'Running' ||
                    selectedTask.phase === 'Pending')
                }
              />
            </InfoCard>
          ) : null}
        </Grid>
      </Grid>
      <StopDialog
        open={stopOpen}
        runName={run.name}
        busy={busy}
        onCancel={() => setStopOpen(false)}
        onConfirm={stop}
      />
    </>
  );
};
