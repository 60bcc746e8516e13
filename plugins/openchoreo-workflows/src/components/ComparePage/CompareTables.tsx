import { InfoCard, Link } from '@backstage/core-components';
import { Box, TableCell, TableRow, Typography } from '@material-ui/core';
import type {
  ComparedStepSide,
  RunComparison,
  RunSummary,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  Fact,
  formatDuration,
  HeadedTable,
  formatTime,
  RunStatus,
  shortEntityRef,
  useWorkflowsLinks,
} from '../shared';

/** One run's summary: its link, workflow, status, cluster, times, launcher. */
export const RunSummaryCard = (props: { side: 'A' | 'B'; run: RunSummary }) => {
  const { run, side } = props;
  const links = useWorkflowsLinks();
  return (
    <InfoCard title={`Run ${side}: ${run.name}`}>
      <Box component="dl" display="flex" flexWrap="wrap" m={0}>
        <Fact label="Run">
          <Link to={links.run(run.namespace, run.name, run.cluster)}>
            {run.namespace}/{run.name}
          </Link>
        </Fact>
        <Fact label="Workflow">
          <Link to={links.workflow(run.workflow, { cluster: run.cluster })}>
            {run.workflow.name}
          </Link>
        </Fact>
        <Fact label="Status">
          <RunStatus phase={run.phase} />
        </Fact>
        <Fact label="Cluster">{run.cluster}</Fact>
        <Fact label="Started">
          {formatTime(run.startedAt ?? run.createdAt)}
        </Fact>
        <Fact label="Duration">{formatDuration(run.durationMs)}</Fact>
        <Fact label="Launched by">{shortEntityRef(run.launchedBy)}</Fact>
        <Fact label="Steps">
          {run.tasksSucceeded}/{run.taskCount} succeeded
        </Fact>
        {run.archived && <Fact label="Kept">from the archive</Fact>}
      </Box>
    </InfoCard>
  );
};

/** A parameter value as JSON; "not set" when the run has none. */
const Value = ({ value, present }: { value: unknown; present: boolean }) =>
  present ? (
    <code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {JSON.stringify(value, null, 2)}
    </code>
  ) : (
    <Typography variant="body2" color="textSecondary" component="span">
      not set (the default)
    </Typography>
  );

/** The parameters that differ, or a sentence saying none do. */
export const ParameterDifferences = ({ c }: { c: RunComparison }) => (
  <InfoCard title="Parameters that differ">
    {c.parameters.length === 0 ? (
      <Typography>Both runs were launched with the same parameters.</Typography>
    ) : (
      <HeadedTable
        caption="Parameters that differ"
        headers={['Parameter', `A: ${c.a.name}`, `B: ${c.b.name}`]}
      >
        {c.parameters.map(d => (
          <TableRow key={d.path}>
            <TableCell component="th" scope="row" role="rowheader">
              <code>{d.path}</code>
            </TableCell>
            <TableCell>
              <Value value={d.a} present={'a' in d} />
            </TableCell>
            <TableCell>
              <Value value={d.b} present={'b' in d} />
            </TableCell>
          </TableRow>
        ))}
      </HeadedTable>
    )}
    {c.parametersTruncated && (
      <Typography variant="body2">
        More parameters differ than are listed here.
      </Typography>
    )}
  </InfoCard>
);

const StepSide = ({ side }: { side: ComparedStepSide | null }) =>
  side ? (
    <>
      <RunStatus phase={side.phase} /> {formatDuration(side.durationMs)}
    </>
  ) : (
    <Typography variant="body2" color="textSecondary" component="span">
      no such step
    </Typography>
  );

/** Every step of either run with its status and duration in each. */
export const StepComparison = ({ c }: { c: RunComparison }) => (
  <InfoCard title="Steps">
    <HeadedTable
      caption="Steps"
      headers={['Step', `A: ${c.a.name}`, `B: ${c.b.name}`]}
    >
      {c.steps.map((s, i) => (
        <TableRow key={`${s.name}-${i}`}>
          <TableCell component="th" scope="row" role="rowheader">
            {s.name}
          </TableCell>
          <TableCell>
            <StepSide side={s.a} />
          </TableCell>
          <TableCell>
            <StepSide side={s.b} />
          </TableCell>
        </TableRow>
      ))}
    </HeadedTable>
  </InfoCard>
);

const Output = ({ value }: { value: string | null }) =>
  value === null ? (
    <Typography variant="body2" color="textSecondary" component="span">
      none
    </Typography>
  ) : (
    <code style={{ wordBreak: 'break-all' }}>{value}</code>
  );

/** Every output of either run. */
export const OutputComparison = ({ c }: { c: RunComparison }) => (
  <InfoCard title="Outputs">
    {c.outputs.length === 0 ? (
      <Typography>Neither run has outputs.</Typography>
    ) : (
      <HeadedTable
        caption="Outputs"
        headers={['Output', `A: ${c.a.name}`, `B: ${c.b.name}`]}
      >
        {c.outputs.map(o => (
          <TableRow key={o.name}>
            <TableCell component="th" scope="row" role="rowheader">
              {o.name}
            </TableCell>
            <TableCell>
              <Output value={o.a} />
            </TableCell>
            <TableCell>
              <Output value={o.b} />
            </TableCell>
          </TableRow>
        ))}
      </HeadedTable>
    )}
  </InfoCard>
);
