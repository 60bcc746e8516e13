import { Link } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import type { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ReactNode } from 'react';
import {
  formatDuration,
  formatTime,
  shortEntityRef,
  useWorkflowsLinks,
} from '../shared';

const Fact = ({ label, children }: { label: string; children: ReactNode }) => (
  <Box mr={4} mb={1}>
    <Typography variant="overline" component="dt">
      {label}
    </Typography>
    <Typography variant="body1" component="dd" style={{ margin: 0 }}>
      {children || '—'}
    </Typography>
  </Box>
);

/** Workflow, namespace, launcher, start, duration and steps, as a description list. */
export const RunFacts = (props: {
  run: RunDetail;
  duration?: number;
  running: boolean;
}) => {
  const { run, duration, running } = props;
  const links = useWorkflowsLinks();
  return (
    <Box component="dl" display="flex" flexWrap="wrap" m={0} mb={2}>
      <Fact label="Workflow">
        <Link to={links.workflow(run.workflow, undefined, run.cluster)}>
          {run.workflow.kind === 'ClusterWorkflow' ? 'ClusterWorkflow ' : ''}
          {run.workflow.name}
        </Link>
      </Fact>
      <Fact label="Namespace">{run.namespace}</Fact>
      <Fact label="Launched by">{shortEntityRef(run.launchedBy)}</Fact>
      <Fact label="Started">{formatTime(run.startedAt ?? run.createdAt)}</Fact>
      <Fact label="Duration">
        {formatDuration(duration)}
        {running && duration !== undefined ? ' so far' : ''}
      </Fact>
      <Fact label="Steps">
        {run.tasksSucceeded}/{run.taskCount} succeeded
      </Fact>
    </Box>
  );
};
