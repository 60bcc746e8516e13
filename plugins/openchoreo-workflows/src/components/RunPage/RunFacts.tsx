import { Link } from '@backstage/core-components';
import { Box } from '@material-ui/core';
import type { RunDetail } from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import {
  Fact,
  formatDuration,
  formatTime,
  shortEntityRef,
  useWorkflowsLinks,
} from '../shared';

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
