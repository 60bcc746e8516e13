import {
  WorkflowKind,
  WorkflowListResponse,
  WorkflowResource,
  workflowReadPermission,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Response } from 'express';
import { WorkflowOwners } from '../../permissions/WorkflowOwners';
import { userOf } from '../caller';
import { WorkflowService } from '../WorkflowService';
import { ListWorkflows } from '../../schema/openapi';
import { AnyRequest } from './access';
import { ApiRouter, RouteDeps, str } from './types';

type WorkflowHandler = (
  req: AnyRequest,
  res: Response,
  kind: WorkflowKind,
  namespace: string | undefined,
) => Promise<void>;

interface WorkflowRouteOptions extends RouteDeps {
  workflows: WorkflowService;
  owners?: WorkflowOwners;
}

/** What `GET /workflows` lists: the workflows and cluster workflows the caller may read. */
function listWorkflowsRoute(router: ApiRouter, options: WorkflowRouteOptions) {
  const { clusters, workflows, owners, access } = options;
  router.get('/workflows', async (req, res) => {
    const credentials = await access.credentialsOf(req);
    const cluster = clusters.get(str(req.query.cluster));
    const allowed = await access.workflowFilter(
      credentials,
      workflowReadPermission,
    );
    const listed = workflows.list(cluster, {
      search: str(req.query.search),
      namespace: str(req.query.namespace),
      kind: req.query.kind,
      type: req.query.type,
    });
    const ownersOf =
      allowed.conditional && owners
        ? await owners.ownersOf(
            cluster.name,
            listed.map(w => ({
              ...(cluster.getWorkflow(w.kind, w.namespace, w.name) ??
                ({
                  metadata: { name: w.name, namespace: w.namespace },
                } as WorkflowResource)),
              kind: w.kind,
            })),
          )
        : [];
    const items = listed.filter((w, i) =>
      allowed({
        cluster: w.cluster,
        kind: w.kind,
        namespace: w.namespace ?? '',
        name: w.name,
        labels: w.labels,
        owner: ownersOf[i],
      }),
    );
    const body: WorkflowListResponse = { items };
    // The generated model types `format: date-time` as a Date; JSON carries the ISO string.
    res.json(body as unknown as ListWorkflows['response']);
  });
}

/**
 * The workflow list: `GET /workflows` (what the caller may read), one workflow
 * or cluster workflow, and the preview of a launch.
 */
export function workflowRoutes(
  router: ApiRouter,
  options: WorkflowRouteOptions,
) {
  const { clusters, workflows, access } = options;
  listWorkflowsRoute(router, options);

  /** The workflow the request names, in the cluster it names, if the caller may read it. */
  const requested = async (
    req: AnyRequest,
    kind: WorkflowKind,
    namespace: string | undefined,
  ) => {
    const cluster = clusters.get(str(req.query.cluster));
    const found = await access.requireWorkflow(
      req,
      cluster,
      kind,
      namespace,
      req.params.name,
    );
    return { cluster, ...found };
  };

  const detail: WorkflowHandler = async (req, res, kind, namespace) => {
    const { cluster, workflow } = await requested(req, kind, namespace);
    res.json(await workflows.detail(cluster, workflow));
  };

  const preview: WorkflowHandler = async (req, res, kind, namespace) => {
    const { workflow, credentials } = await requested(req, kind, namespace);
    const body = req.body ?? {};
    const runNamespace =
      str(body.namespace) ??
      (kind === 'Workflow' ? workflow.metadata.namespace : 'default');
    res.json(
      await workflows.preview(
        workflow,
        { namespace: runNamespace, parameters: body.parameters ?? {} },
        { user: userOf(credentials) },
      ),
    );
  };

  router.get('/workflows/:namespace/:name', (req, res) =>
    detail(req, res, 'Workflow', req.params.namespace),
  );
  router.get('/clusterworkflows/:name', (req, res) =>
    detail(req, res, 'ClusterWorkflow', undefined),
  );
  router.post('/workflows/:namespace/:name/preview', (req, res) =>
    preview(req, res, 'Workflow', req.params.namespace),
  );
  router.post('/clusterworkflows/:name/preview', (req, res) =>
    preview(req, res, 'ClusterWorkflow', undefined),
  );
}
