import { InfoCard } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import type { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { toYaml } from '../shared';
import { hasParallelSteps } from './stepGraph';
import { GraphBoundary, StepsGraph } from './StepsGraph';
import { StepsTimeline } from './StepsTimeline';

/** The run's steps as a timeline, and as a graph when some ran in parallel. */
export const StepsCard = (props: {
  run: RunDetail;
  selected?: string;
  onSelect: (step: string) => void;
  now: number;
}) => {
  const { run, selected, onSelect, now } = props;
  return (
    <InfoCard title="Steps">
      <StepsTimeline
        tasks={run.tasks}
        selected={selected}
        onSelect={onSelect}
        now={now}
      />
      {hasParallelSteps(run.tasks) && (
        <Box mt={2}>
          <Typography variant="subtitle2" component="h4">
            Parallel steps
          </Typography>
          <GraphBoundary>
            <StepsGraph
              tasks={run.tasks}
              selected={selected}
              onSelect={onSelect}
            />
          </GraphBoundary>
        </Box>
      )}
    </InfoCard>
  );
};

/** The run's parameters (YAML), conditions and outputs. */
export const ParametersCard = ({ run }: { run: RunDetail }) => (
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
);
