import { InfoCard } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import type { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { toYaml } from '../shared';
import { GraphBoundary, StepsGraph } from './StepsGraph';
import { StepsTimeline } from './StepsTimeline';

/** The run's steps as a timeline: each selects its log. */
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
    </InfoCard>
  );
};

/**
 * The graph of steps that ran in parallel, in a card of the page's full
 * width: a DAG's graph is often wider than the half-width Steps card.
 */
export const StepsGraphCard = (props: {
  run: RunDetail;
  selected?: string;
  onSelect: (step: string) => void;
}) => (
  <InfoCard title="Parallel steps">
    <GraphBoundary>
      <StepsGraph
        tasks={props.run.tasks}
        selected={props.selected}
        onSelect={props.onSelect}
      />
    </GraphBoundary>
  </InfoCard>
);

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
