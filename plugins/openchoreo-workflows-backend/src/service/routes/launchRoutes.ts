import { AuditorService } from '@backstage/backend-plugin-api';
import {
  LaunchRequest,
  workflowRunReadPermission,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { userOf } from '../caller';
import { RunLauncher } from '../RunLauncher';
import { audited, launchAuditMeta } from './audit';
import { ApiRouter, RouteDeps, str } from './types';

/**
 * `POST /runs` (launch) and `POST /runs/:namespace/:name/rerun`, audited,
 * each with the workflow's launch permission. Refusals with field errors
 * (400, 409, 422) are answered by fieldErrorResponses.
 */
export function launchRoutes(
  router: ApiRouter,
  options: RouteDeps & { launcher: RunLauncher; auditor?: AuditorService },
) {
  const { clusters, launcher, auditor, access } = options;

  router.post('/runs', async (req, res) => {
    const cluster = clusters.get(str(req.query.cluster));
    const body = req.body;
    const { credentials } = await access.requireWorkflowOf(req, cluster, {
      workflow: body.workflow,
      namespace: str(body.namespace),
    });
    const result = await audited(
      auditor,
      req,
      'workflow-run-launch',
      launchAuditMeta(cluster.name, body),
      () =>
        launcher.launch(cluster, body as LaunchRequest, userOf(credentials)),
    );
    res.status(result.created ? 201 : 200).json(result.run);
  });

  router.post('/runs/:namespace/:name/rerun', async (req, res) => {
    const { cluster, credentials, run } = await access.requireRun(
      req,
      workflowRunReadPermission,
    );
    const parameters = req.body?.parameters;
    await access.requireWorkflowOf(req, cluster, {
      workflow: { kind: run.workflow.kind, name: run.workflow.name },
      namespace: run.namespace,
    });
    const result = await audited(
      auditor,
      req,
      'workflow-run-rerun',
      {
        cluster: cluster.name,
        namespace: run.namespace,
        name: run.name,
        changedParameters: !!parameters,
      },
      () =>
        launcher.rerun(
          cluster,
          run.namespace,
          run.name,
          parameters,
          userOf(credentials),
        ),
    );
    res.status(201).json(result.run);
  });
}
