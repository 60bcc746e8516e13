import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  serializeError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  workflowLaunchPermission,
  workflowReadPermission,
  workflowRunDeletePermission,
  workflowRunReadPermission,
  RunPhase,
  RunSummary,
  WorkflowKind,
  WorkflowResource,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { JsonObject } from '@backstage/types';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { ClusterState } from '../cluster/ClusterState';
import {
  runResourceRef,
  workflowResourceRef,
  RunPermissionResource,
  WorkflowPermissionResource,
} from '../permissions/rules';
import { runWorkflowFilter } from '../permissions/runWorkflowAccess';
import { ClusterRegistry } from './ClusterRegistry';
import { clusterRoutes } from './clusterRoutes';
import { fieldErrorStatus, LaunchValidationError } from './errors';
import { LogService } from './LogService';
import { logRoutes } from './logRoutes';
import { RunEvents } from './RunEvents';
import { RunLauncher } from './RunLauncher';
import { RunQueries, RunQuery } from './RunQueries';
import { RunStopper } from './RunStopper';
import { userOf } from './caller';
import { RunFilter, runStreamRoute } from './runStreamRoute';
import { StreamSlots } from './streamSlots';
import { scrubbedPermissions } from './scrubbedPermissions';
import { StepEvents } from './StepEvents';
import { launchNamespace, WorkflowService } from './WorkflowService';
import { WorkflowOwners } from '../permissions/WorkflowOwners';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry?: PermissionsRegistryService;
  auditor?: AuditorService;
  clusters: ClusterRegistry;
  workflows: WorkflowService;
  runs: RunQueries;
  launcher: RunLauncher;
  stopper: RunStopper;
  logs: LogService;
  stepEvents: StepEvents;
  events: RunEvents;
  /** Resolves workflow owners for conditional decisions (IS_ENTITY_OWNER). */
  owners?: WorkflowOwners;
  /** The per-user cap of live streams (default: 10 each). */
  streamSlots?: StreamSlots;
}

const PHASES: RunPhase[] = ['Pending', 'Running', 'Succeeded', 'Failed'];

export function workflowPermissionResource(
  cluster: string,
  w: WorkflowResource,
): WorkflowPermissionResource {
  return {
    cluster,
    kind: w.kind,
    namespace: w.kind === 'ClusterWorkflow' ? '' : w.metadata.namespace ?? '',
    name: w.metadata.name,
    labels: w.metadata.labels ?? {},
  };
}

export function runPermissionResource(r: RunSummary): RunPermissionResource {
  return {
    cluster: r.cluster,
    namespace: r.namespace,
    name: r.name,
    workflowName: r.workflow.name,
    launchedBy: r.launchedBy,
  };
}

/** What WorkflowService.get says of a missing workflow. */
const notFoundMessage = (kind: WorkflowKind, namespace: string, name: string) =>
  kind === 'ClusterWorkflow'
    ? `ClusterWorkflow '${name}' not found`
    : `Workflow '${namespace}/${name}' not found`;

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, clusters, workflows, runs, launcher, stopper } = options;
  const { logs, logger } = options;
  const permissions = scrubbedPermissions(options.permissions, logger);
  const streamSlots = options.streamSlots ?? new StreamSlots();
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  /**
   * A predicate for the resources the caller may act on. `conditional` tells
   * callers to resolve what conditions may need (the owner) first.
   */
  const conditionalFilter = async <T>(
    credentials: BackstageCredentials,
    permission: ResourcePermission,
    ruleset: (registry: PermissionsRegistryService) => PermissionRuleset<T>,
  ): Promise<
    ((r: T) => boolean) & { conditional?: boolean; denied?: boolean }
  > => {
    const [decision] = await permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      return Object.assign(() => false, { denied: true });
    }
    if (decision.result === AuthorizeResult.ALLOW) return () => true;
    if (!options.permissionsRegistry) return () => false;
    const authorize = createConditionAuthorizer(
      ruleset(options.permissionsRegistry),
    );
    return Object.assign((r: T) => authorize(decision, r), {
      conditional: true,
    });
  };

  const workflowFilter = (
    credentials: BackstageCredentials,
    permission: ResourcePermission,
  ) =>
    conditionalFilter<WorkflowPermissionResource>(
      credentials,
      permission,
      registry => registry.getPermissionRuleset(workflowResourceRef),
    );

  const runFilter = (
    credentials: BackstageCredentials,
    permission: ResourcePermission,
  ) =>
    conditionalFilter<RunPermissionResource>(
      credentials,
      permission,
      registry => registry.getPermissionRuleset(runResourceRef),
    );

  /**
   * A single object the caller may not read answers what a missing one does
   * (404, the same message), like Kubernetes' RBAC-filtered reads; one they
   * may read but not act on is a 403.
   */
  const requireWorkflow = async (
    req: Request,
    cluster: ClusterState,
    kind: WorkflowKind,
    namespace: string | undefined,
    name: string,
    permission: ResourcePermission | BasicPermission = workflowReadPermission,
    /** For a launch: the namespace the request names for the run. */
    requestedNamespace?: string,
  ) => {
    const credentials: BackstageCredentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const workflow = workflows.get(cluster, kind, namespace, name);
    const resource = workflowPermissionResource(cluster.name, workflow);
    const may = async (p: ResourcePermission) => {
      const allowed = await workflowFilter(credentials, p);
      if (
        allowed.conditional &&
        options.owners &&
        resource.owner === undefined
      ) {
        resource.owner = await options.owners.ownerOf(cluster.name, workflow);
      }
      return allowed(resource);
    };
    if (!(await may(workflowReadPermission))) {
      throw new NotFoundError(notFoundMessage(kind, resource.namespace, name));
    }
    if (permission === workflowLaunchPermission) {
      // Decided with where the run goes, so a rule can restrict it.
      resource.runNamespace = launchNamespace(workflow, requestedNamespace);
    }
    if (
      permission !== workflowReadPermission &&
      !(await may(permission as ResourcePermission))
    ) {
      throw new NotAllowedError(
        `not allowed to ${
          permission === workflowLaunchPermission ? 'launch' : 'read'
        } ${kind} '${name}'`,
      );
    }
    return { workflow, credentials };
  };

  /** Runs the caller may read: the run's read permission and its workflow's. */
  const readableRuns = async (
    credentials: BackstageCredentials,
    cluster: ClusterState,
  ): Promise<RunFilter> => {
    const [runAllowed, workflowAllowed] = await Promise.all([
      runFilter(credentials, workflowRunReadPermission),
      workflowFilter(credentials, workflowReadPermission),
    ]);
    const ofWorkflow = await runWorkflowFilter(
      cluster,
      workflowAllowed,
      options.owners,
    );
    return Object.assign(
      (r: RunSummary) => runAllowed(runPermissionResource(r)) && ofWorkflow(r),
      { denied: runAllowed.denied || workflowAllowed.denied },
    );
  };

  const requireRun = async (req: Request, permission: ResourcePermission) => {
    const cluster = clusters.get(str(req.query.cluster));
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const run = await runs.get(cluster, req.params.namespace, req.params.name);
    if (!(await readableRuns(credentials, cluster))(run)) {
      throw new NotFoundError(
        `WorkflowRun '${run.namespace}/${run.name}' not found`,
      );
    }
    if (permission !== workflowRunReadPermission) {
      const allowed = await runFilter(credentials, permission);
      if (!allowed(runPermissionResource(run))) {
        throw new NotAllowedError(
          `not allowed to ${permission.attributes.action} WorkflowRun '${run.namespace}/${run.name}'`,
        );
      }
    }
    return { cluster, credentials, run };
  };

  const audit = async <T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    fn: () => Promise<T>,
  ) => {
    const event = await options.auditor?.createEvent({
      eventId,
      request: req,
      meta,
      severityLevel: 'medium',
    });
    try {
      const result = await fn();
      await event?.success();
      return result;
    } catch (error) {
      await event?.fail({ error: error as Error });
      throw error;
    }
  };

  /**
   * Answers a launch refused with field errors (400 invalid, 409 a conflict,
   * 422 OpenChoreo could not render it); false for other errors.
   */
  const sendFieldErrors = (req: Request, res: Response, e: unknown) => {
    const refusal = fieldErrorStatus(e);
    if (!refusal) return false;
    res.status(refusal.status).json({
      error: serializeError(e as Error, { includeStack: false }),
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: refusal.status },
      fieldErrors: refusal.fieldErrors,
      ...(refusal.renderError ? { renderError: refusal.renderError } : {}),
    });
    return true;
  };

  // Unauthenticated (probes): which cluster is unreachable and since when,
  // but no error detail; signed-in callers get that from GET /clusters.
  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      ready: clusters.isReady(),
      clusters: clusters.status().map(({ lastError: _e, ...status }) => status),
    });
  });

  router.use(clusterRoutes(clusters));

  // ---- catalogue ---------------------------------------------------------
  router.get('/workflows', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const cluster = clusters.get(str(req.query.cluster));
    const kind = str(req.query.kind);
    if (kind && kind !== 'Workflow' && kind !== 'ClusterWorkflow') {
      throw new InputError(
        `kind: must be Workflow or ClusterWorkflow, got '${kind}'`,
      );
    }
    const type = str(req.query.type);
    if (type && type !== 'generic' && type !== 'component') {
      throw new InputError(`type: must be generic or component, got '${type}'`);
    }
    const allowed = await workflowFilter(credentials, workflowReadPermission);
    const listed = workflows.list(cluster, {
      search: str(req.query.search),
      namespace: str(req.query.namespace),
      kind: kind as WorkflowKind | undefined,
      type: type as 'generic' | 'component' | undefined,
    });
    const owners =
      allowed.conditional && options.owners
        ? await options.owners.ownersOf(
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
        owner: owners[i],
      }),
    );
    res.json({ items });
  });

  const workflowRoutes = (prefix: string, kind: WorkflowKind) => {
    const params = (req: Request) => req.params as Record<string, string>;
    const ns = (req: Request) =>
      kind === 'Workflow' ? params(req).namespace : undefined;
    router.get(prefix, async (req, res) => {
      const cluster = clusters.get(str(req.query.cluster));
      const { workflow } = await requireWorkflow(
        req,
        cluster,
        kind,
        ns(req),
        params(req).name,
      );
      res.json(await workflows.detail(cluster, workflow));
    });
    router.post(`${prefix}/preview`, async (req, res) => {
      const cluster = clusters.get(str(req.query.cluster));
      const { workflow, credentials } = await requireWorkflow(
        req,
        cluster,
        kind,
        ns(req),
        params(req).name,
      );
      const body = req.body ?? {};
      if (
        body.parameters !== undefined &&
        (typeof body.parameters !== 'object' || Array.isArray(body.parameters))
      ) {
        throw new InputError('parameters: must be an object');
      }
      const namespace =
        str(body.namespace) ??
        (kind === 'Workflow' ? workflow.metadata.namespace : 'default');
      res.json(
        await workflows.preview(
          workflow,
          { namespace, parameters: body.parameters ?? {} },
          { user: userOf(credentials) },
        ),
      );
    });
  };
  workflowRoutes('/workflows/:namespace/:name', 'Workflow');
  workflowRoutes('/clusterworkflows/:name', 'ClusterWorkflow');

  // ---- runs --------------------------------------------------------------
  router.post('/runs', async (req, res) => {
    const cluster = clusters.get(str(req.query.cluster));
    const body = req.body ?? {};
    const kind = body.workflow?.kind;
    if (kind !== 'Workflow' && kind !== 'ClusterWorkflow') {
      sendFieldErrors(
        req,
        res,
        new LaunchValidationError([
          {
            path: 'workflow.kind',
            message: 'must be Workflow or ClusterWorkflow',
          },
        ]),
      );
      return;
    }
    try {
      const { credentials } = await requireWorkflow(
        req,
        cluster,
        kind,
        kind === 'Workflow'
          ? body.workflow.namespace ?? body.namespace
          : undefined,
        String(body.workflow?.name ?? ''),
        workflowLaunchPermission,
        str(body.namespace),
      );
      const result = await audit(
        req,
        'workflow-run-launch',
        {
          cluster: cluster.name,
          workflow: body.workflow ?? null,
          namespace: body.namespace ?? null,
        },
        () => launcher.launch(cluster, body, userOf(credentials)),
      );
      res.status(result.created ? 201 : 200).json(result.run);
    } catch (e) {
      if (sendFieldErrors(req, res, e)) return;
      throw e;
    }
  });

  router.get('/runs', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const cluster = clusters.get(str(req.query.cluster));
    const phases = str(req.query.phase)?.split(',') as RunPhase[] | undefined;
    for (const p of phases ?? []) {
      if (!PHASES.includes(p))
        throw new InputError(
          `phase: '${p}' is not one of ${PHASES.join(', ')}`,
        );
    }
    for (const key of ['since', 'until'] as const) {
      const v = str(req.query[key]);
      if (v && Number.isNaN(Date.parse(v)))
        throw new InputError(`${key}: '${v}' is not an ISO date-time`);
    }
    const limit = str(req.query.limit) ? Number(req.query.limit) : undefined;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      throw new InputError('limit: must be a positive integer');
    }
    let launchedBy = str(req.query.launchedBy);
    if (launchedBy === 'me') launchedBy = userOf(credentials);
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.query)) {
      if (k.startsWith('param.') && typeof v === 'string')
        params[k.slice(6)] = v;
    }
    const query: RunQuery = {
      workflow: str(req.query.workflow),
      workflowKind: str(req.query.workflowKind),
      namespace: str(req.query.namespace),
      phases,
      launchedBy,
      since:
        str(req.query.since) && new Date(String(req.query.since)).toISOString(),
      until:
        str(req.query.until) && new Date(String(req.query.until)).toISOString(),
      params,
      limit,
      cursor: str(req.query.cursor),
    };
    res.json(
      await runs.list(cluster, query, await readableRuns(credentials, cluster)),
    );
  });

  router.get('/runs/:namespace/:name', async (req, res) => {
    const { run } = await requireRun(req, workflowRunReadPermission);
    res.json(run);
  });

  router.delete('/runs/:namespace/:name', async (req, res) => {
    const { cluster, credentials } = await requireRun(
      req,
      workflowRunDeletePermission,
    );
    const { namespace, name } = req.params;
    const stopped = await audit(
      req,
      'workflow-run-stop',
      { cluster: cluster.name, namespace, name },
      () =>
        stopper.stop(
          cluster,
          namespace,
          name,
          userOf(credentials),
          async run => {
            await logs
              .read(cluster, run)
              .catch(e =>
                logger.warn(`keeping logs of ${namespace}/${name}: ${e}`),
              );
          },
        ),
    );
    res.json(stopped);
  });

  router.post('/runs/:namespace/:name/rerun', async (req, res) => {
    const { cluster, credentials, run } = await requireRun(
      req,
      workflowRunReadPermission,
    );
    const parameters = req.body?.parameters;
    if (
      parameters !== undefined &&
      (typeof parameters !== 'object' ||
        Array.isArray(parameters) ||
        parameters === null)
    ) {
      sendFieldErrors(
        req,
        res,
        new LaunchValidationError([
          { path: 'parameters', message: 'must be an object' },
        ]),
      );
      return;
    }
    try {
      await requireWorkflow(
        req,
        cluster,
        run.workflow.kind,
        run.workflow.kind === 'Workflow' ? run.namespace : undefined,
        run.workflow.name,
        workflowLaunchPermission,
        run.namespace,
      );
      const result = await audit(
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
    } catch (e) {
      if (sendFieldErrors(req, res, e)) return;
      throw e;
    }
  });

  router.use(logRoutes({ ...options, requireRun, slots: streamSlots }));

  router.use(runStreamRoute({ ...options, readableRuns, slots: streamSlots }));

  return router;
}
