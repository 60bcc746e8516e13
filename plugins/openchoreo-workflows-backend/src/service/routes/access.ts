import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  RunDetail,
  RunSummary,
  WorkflowKind,
  workflowLaunchPermission,
  workflowLookupNamespace,
  workflowReadPermission,
  WorkflowRef,
  WorkflowResource,
  workflowRunReadPermission,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { Request } from 'express';
import { ClusterState } from '../../cluster/ClusterState';
import {
  RunPermissionResource,
  WorkflowPermissionResource,
} from '../../permissions/rules';
import { runWorkflowFilter } from '../../permissions/runWorkflowAccess';
import { WorkflowOwners } from '../../permissions/WorkflowOwners';
import { ClusterRegistry } from '../ClusterRegistry';
import { RunQueries } from '../RunQueries';
import { launchNamespace, WorkflowService } from '../WorkflowService';
import { permissionFilters } from './permissionFilters';
import { RunFilter } from './runStreamRoute';
import { str } from './types';

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

/** A request of any route, as HttpAuthService takes it (the typed router's requests type their parameters). */
export type AnyRequest = Request<any, any, any, any, any>;

/** The routes' permission checks, all in one place. */
export type Access = ReturnType<typeof createAccess>;

type Filters = ReturnType<typeof permissionFilters>;
type CredentialsOf = (req: AnyRequest) => Promise<BackstageCredentials>;

/** `requireWorkflow`: the workflow, when the caller may read it and, if asked, launch it. */
function workflowCheck(
  credentialsOf: CredentialsOf,
  workflowFilter: Filters['workflowFilter'],
  workflows: WorkflowService,
  owners: WorkflowOwners | undefined,
) {
  return async (
    req: AnyRequest,
    cluster: ClusterState,
    kind: WorkflowKind,
    namespace: string | undefined,
    name: string,
    permission: ResourcePermission | BasicPermission = workflowReadPermission,
    /** For a launch: the namespace the request names for the run. */
    requestedNamespace?: string,
  ) => {
    const credentials = await credentialsOf(req);
    const workflow = workflows.get(cluster, kind, namespace, name);
    const resource = workflowPermissionResource(cluster.name, workflow);
    const may = async (p: ResourcePermission) => {
      const allowed = await workflowFilter(credentials, p);
      if (allowed.conditional && owners && resource.owner === undefined) {
        resource.owner = await owners.ownerOf(cluster.name, workflow);
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
}

/** `readableRuns` and `requireRun`: the checks on runs. */
function runChecks(
  credentialsOf: CredentialsOf,
  { workflowFilter, runFilter }: Filters,
  clusters: ClusterRegistry,
  runs: RunQueries,
  owners: WorkflowOwners | undefined,
) {
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
      owners,
    );
    return Object.assign(
      (r: RunSummary) => runAllowed(runPermissionResource(r)) && ofWorkflow(r),
      { denied: runAllowed.denied || workflowAllowed.denied },
    );
  };

  /** A run (live or archived) the caller may read; one they may not is the 404 of a missing one. */
  const readRun = async (
    credentials: BackstageCredentials,
    cluster: ClusterState,
    namespace: string,
    name: string,
  ): Promise<RunDetail> => {
    const run = await runs.get(cluster, namespace, name);
    if (!(await readableRuns(credentials, cluster))(run)) {
      throw new NotFoundError(
        `WorkflowRun '${run.namespace}/${run.name}' not found`,
      );
    }
    return run;
  };

  /** The run of `/runs/:namespace/:name`, when the caller may read it and act on it with `permission`. */
  const requireRun = async (
    req: AnyRequest,
    permission: ResourcePermission,
  ): Promise<{
    cluster: ClusterState;
    credentials: BackstageCredentials;
    run: RunDetail;
  }> => {
    const cluster = clusters.get(str(req.query.cluster));
    const credentials = await credentialsOf(req);
    const run = await readRun(
      credentials,
      cluster,
      req.params.namespace,
      req.params.name,
    );
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

  return { readableRuns, readRun, requireRun };
}

/**
 * The permission checks of the routes. A single object the caller may not
 * read answers what a missing one does (404, the same message), like
 * Kubernetes' RBAC-filtered reads; one they may read but not act on is a 403.
 */
export function createAccess(options: {
  httpAuth: HttpAuthService;
  /** Scrubbed: decisions that fail carry no internal detail. */
  permissions: PermissionsService;
  permissionsRegistry?: PermissionsRegistryService;
  clusters: ClusterRegistry;
  workflows: WorkflowService;
  runs: RunQueries;
  /** Resolves workflow owners for conditional decisions (IS_ENTITY_OWNER). */
  owners?: WorkflowOwners;
}) {
  const { httpAuth, permissions, permissionsRegistry, owners } = options;

  const credentialsOf: CredentialsOf = req =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const filters = permissionFilters(permissions, permissionsRegistry);
  const { readableRuns, readRun, requireRun } = runChecks(
    credentialsOf,
    filters,
    options.clusters,
    options.runs,
    owners,
  );

  const requireWorkflow = workflowCheck(
    credentialsOf,
    filters.workflowFilter,
    options.workflows,
    owners,
  );

  /** The workflow of a launch (or a schedule's), looked up by the launch rule, when the caller may act on it with `permission`. */
  const requireWorkflowOf = (
    req: AnyRequest,
    cluster: ClusterState,
    launch: { workflow: WorkflowRef; namespace?: string },
    permission: ResourcePermission = workflowLaunchPermission,
  ) =>
    requireWorkflow(
      req,
      cluster,
      launch.workflow.kind,
      workflowLookupNamespace(launch.workflow, launch.namespace),
      launch.workflow.name,
      permission,
      launch.namespace,
    );

  return {
    credentialsOf,
    workflowFilter: filters.workflowFilter,
    requireWorkflow,
    requireWorkflowOf,
    readableRuns,
    readRun,
    requireRun,
  };
}
