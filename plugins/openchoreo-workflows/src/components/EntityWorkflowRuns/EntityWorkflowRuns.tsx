import { EmptyState, InfoCard, Link } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Button } from '@material-ui/core';
import { Link as RouterLink } from 'react-router-dom';
import { RunsTable } from '../RunsTable';
import { WorkflowPage } from '../WorkflowPage';
import { runsOfWorkflow, useWorkflowsLinks } from '../shared';
import {
  clusterOfEntity,
  OPENCHOREO_WORKFLOW_ANNOTATION,
  workflowRefOfEntity,
} from './annotation';

const MissingAnnotation = () => (
  <EmptyState
    missing="field"
    title="No workflow referenced"
    description={`Add the annotation ${OPENCHOREO_WORKFLOW_ANNOTATION}: Workflow/<namespace>/<name> (or ClusterWorkflow/<name>) to this entity.`}
  />
);

/**
 * Entity tab "Launch": the workflow's launch form, for entities that stand
 * for a workflow; it launches on the entity's `openchoreo.dev/cluster`.
 */
export const EntityWorkflowLaunchContent = () => {
  const { entity } = useEntity();
  const ref = workflowRefOfEntity(entity);
  if (!ref) return <MissingAnnotation />;
  return <WorkflowPage workflowRef={ref} cluster={clusterOfEntity(entity)} />;
};

/** Entity tab "Workflow runs": every run of the entity's workflow (on its `openchoreo.dev/cluster`). */
export const EntityWorkflowRunsContent = () => {
  const { entity } = useEntity();
  const links = useWorkflowsLinks();
  const ref = workflowRefOfEntity(entity);
  const cluster = clusterOfEntity(entity);
  if (!ref) return <MissingAnnotation />;
  return (
    <>
      <Box mb={2} display="flex" gridGap={8}>
        <Button
          variant="contained"
          color="primary"
          component={RouterLink}
          to={links.workflow(ref, undefined, cluster)}
        >
          Launch {ref.name}
        </Button>
      </Box>
      <RunsTable
        title={`Runs of ${ref.name}`}
        hideWorkflow
        query={{ ...runsOfWorkflow(ref), cluster }}
        emptyMessage="This workflow has not run yet."
      />
    </>
  );
};

/** Entity card with the latest runs of the entity's workflow (on its `openchoreo.dev/cluster`). */
export const EntityWorkflowRunsCard = () => {
  const { entity } = useEntity();
  const links = useWorkflowsLinks();
  const ref = workflowRefOfEntity(entity);
  const cluster = clusterOfEntity(entity);
  if (!ref) {
    return (
      <InfoCard title="Workflow runs">
        <MissingAnnotation />
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title="Workflow runs"
      deepLink={{
        title: 'All runs',
        link: links.runs(runsOfWorkflow(ref), cluster),
      }}
      action={<Link to={links.workflow(ref, undefined, cluster)}>Launch</Link>}
      noPadding
    >
      <RunsTable
        title={ref.name}
        hideWorkflow
        pageSize={5}
        query={{ ...runsOfWorkflow(ref), cluster }}
        emptyMessage="This workflow has not run yet."
      />
    </InfoCard>
  );
};
