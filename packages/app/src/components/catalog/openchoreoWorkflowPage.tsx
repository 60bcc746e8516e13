import { Grid } from '@material-ui/core';
import { EntityCatalogGraphCard } from '@backstage/plugin-catalog-graph';
import { EntityAboutCard, EntityLayout } from '@backstage/plugin-catalog';
import {
  EntityOpenChoreoWorkflowLaunchContent,
  EntityOpenChoreoWorkflowRunsCard,
  EntityOpenChoreoWorkflowRunsContent,
} from '@openchoreo-workflows/plugin-openchoreo-workflows';
import { entityWarningContent, LinksCardCell } from './sharedContent';

export // Workflows and ClusterWorkflows mirrored into the catalog by
// @openchoreo-workflows/plugin-catalog-backend-module-openchoreo-workflows.
const openchoreoWorkflowEntityPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3} alignItems="stretch">
        {entityWarningContent}
        <Grid item md={6}>
          <EntityAboutCard />
        </Grid>
        <Grid item md={6} xs={12}>
          <EntityCatalogGraphCard height={300} />
        </Grid>
        <Grid item xs={12}>
          <EntityOpenChoreoWorkflowRunsCard />
        </Grid>
        <LinksCardCell md={6} xs={12} />
      </Grid>
    </EntityLayout.Route>
    <EntityLayout.Route path="/launch" title="Launch">
      <EntityOpenChoreoWorkflowLaunchContent />
    </EntityLayout.Route>
    <EntityLayout.Route path="/runs" title="Runs">
      <EntityOpenChoreoWorkflowRunsContent />
    </EntityLayout.Route>
  </EntityLayout>
);
