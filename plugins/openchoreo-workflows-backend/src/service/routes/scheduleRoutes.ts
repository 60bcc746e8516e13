import {
  AuditorService,
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  scheduleAdminPermission,
  ScheduleRequest,
  ScheduleUpdate,
  workflowLookupNamespace,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ClusterState } from '../../cluster/ClusterState';
import { WorkflowOwners } from '../../permissions/WorkflowOwners';
import {
  ScheduleCondition,
  scheduleReadCondition,
} from '../../schedules/scheduleVisibility';
import { ownerDecisions } from '../../schedules/ownerDecisions';
import { ScheduleService } from '../../schedules/ScheduleService';
import { toSchedule } from '../../schedules/ScheduleStore';
import { userOf } from '../caller';
import { ClusterRegistry } from '../ClusterRegistry';
import { Access, AnyRequest } from './access';
import { audited, launchAuditMeta } from './audit';
import { ApiRouter, str } from './types';

interface ScheduleRouteOptions {
  clusters: ClusterRegistry;
  schedules: ScheduleService;
  permissions: PermissionsService;
  permissionsRegistry?: PermissionsRegistryService;
  owners?: WorkflowOwners;
  auditor?: AuditorService;
  access: Access;
}

/**
 * Schedules (`/schedules`): reading one needs its workflow's read permission
 * or owning it (else it is not found; the list is filtered in SQL and paged
 * with a cursor); creating, editing and deleting need the launch permission
 * into its namespace, and editing and deleting are for its owner or a holder
 * of `openchoreo.schedule.admin`. Its owner may always pause and delete it
 * (even without the launch permission any more); anyone of them may once its
 * workflow was deleted. Runs are launched as the owner; each request of the
 * owner on schedules (create, list, read, edit, pause, resume) keeps the
 * policy's workflow read and launch decisions on their schedules, which each
 * tick re-applies (see startSchedules).
 */
export function scheduleRoutes(
  router: ApiRouter,
  options: ScheduleRouteOptions,
) {
  const { clusters, schedules, auditor, access } = options;

  const { visibleIn, requireReadable, requireChangeable, keepOwnDecision } =
    scheduleAccess(options);

  router.post('/schedules', async (req, res) => {
    const cluster = clusters.get(str(req.query.cluster));
    const body = req.body as ScheduleRequest;
    const { workflow, credentials } = await access.requireWorkflowOf(
      req,
      cluster,
      body,
    );
    const owner = userOf(credentials);
    if (owner.startsWith('service:')) {
      throw new NotAllowedError(
        'a schedule is owned by a user: call on behalf of one',
      );
    }
    const decisions = await ownerDecisions(options.permissions, credentials);
    const schedule = await audited(
      auditor,
      req,
      'workflow-schedule-create',
      { ...launchAuditMeta(cluster.name, body), cron: body.cron },
      () => schedules.create(cluster, workflow, body, owner, decisions),
    );
    res.status(201).json(schedule);
  });

  router.get('/schedules', async (req, res) => {
    const cluster = clusters.get(str(req.query.cluster));
    const visible = await visibleIn(req, cluster);
    await keepOwnDecision(await access.credentialsOf(req));
    const limit = req.query.limit;
    res.json(
      await schedules.list(cluster, visible, {
        limit: typeof limit === 'number' ? limit : undefined,
        cursor: str(req.query.cursor),
      }),
    );
  });

  router.get('/schedules/:id', async (req, res) => {
    res.json(
      await schedules.describe(await requireReadable(req, req.params.id)),
    );
  });

  router.patch('/schedules/:id', async (req, res) => {
    const update = req.body as ScheduleUpdate;
    const pausing = update.paused === true && Object.keys(update).length === 1;
    const { row, workflow } = await requireChangeable(
      req,
      req.params.id,
      pausing,
    );
    const schedule = await audited(
      auditor,
      req,
      'workflow-schedule-update',
      { id: row.id, changes: Object.keys(update) },
      () => schedules.update(clusters.get(row.cluster), workflow, row, update),
    );
    res.json(schedule);
  });

  router.delete('/schedules/:id', async (req, res) => {
    const { row } = await requireChangeable(req, req.params.id, true);
    await audited(
      auditor,
      req,
      'workflow-schedule-delete',
      { id: row.id },
      () => schedules.delete(row.id),
    );
    res.status(204).end();
  });
}

async function isAdmin(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = await permissions.authorize(
    [{ permission: scheduleAdminPermission }],
    { credentials },
  );
  return decision.result === AuthorizeResult.ALLOW;
}

/**
 * Who may read a schedule (its owner, and its workflow's readers, decided in
 * SQL; a schedule whose workflow is gone is judged by its kind, namespace and
 * name) and change it (its owner or an admin, with the launch permission while
 * the workflow exists). Its owner may always stop it (pause, delete), even
 * after losing the launch permission: its ticks would go on otherwise.
 */
function scheduleAccess(options: ScheduleRouteOptions) {
  const { clusters, schedules, permissions, access } = options;

  const visibleIn = async (
    req: AnyRequest,
    cluster: ClusterState,
  ): Promise<ScheduleCondition> => {
    const credentials = await access.credentialsOf(req);
    const readable = await scheduleReadCondition(options, credentials, cluster);
    const caller = userOf(credentials);
    return qb => {
      qb.where(q => {
        q.where(sub => readable(sub)).orWhere('owner', caller);
      });
    };
  };

  /**
   * The caller's read and launch decisions, kept on the schedules they own
   * (what their ticks apply): taken at each of their requests on schedules.
   */
  const keepOwnDecision = async (credentials: BackstageCredentials) => {
    const caller = userOf(credentials);
    if (caller.startsWith('service:')) return;
    await schedules.keepOwnerDecisions(
      caller,
      await ownerDecisions(permissions, credentials),
    );
  };

  /** The schedule `id`, if the caller may read it (else the 404 of a missing one); its owner's request refreshes its kept decisions. */
  const requireReadable = async (req: AnyRequest, id: string) => {
    const found = await schedules.get(id);
    const row = await schedules.get(
      id,
      await visibleIn(req, clusters.get(found.cluster)),
    );
    const credentials = await access.credentialsOf(req);
    if (userOf(credentials) !== row.owner) return row;
    await keepOwnDecision(credentials);
    return schedules.get(id);
  };

  /**
   * A schedule the caller may change: readable, theirs or they are an admin,
   * and launchable (its workflow, for the edit); `stopping` (deleting,
   * pausing) needs no workflow for its owner, nor for anyone once it is gone.
   */
  const requireChangeable = async (
    req: AnyRequest,
    id: string,
    stopping: boolean,
  ) => {
    const row = await requireReadable(req, id);
    const credentials = await access.credentialsOf(req);
    const owned = userOf(credentials) === row.owner;
    if (!owned && !(await isAdmin(permissions, credentials))) {
      throw new NotAllowedError(
        `only the schedule's owner (${row.owner}) or a schedule admin may change it`,
      );
    }
    const cluster = clusters.get(row.cluster);
    const launch = toSchedule(row);
    const gone = !cluster.getWorkflow(
      launch.workflow.kind,
      workflowLookupNamespace(launch.workflow, launch.namespace),
      launch.workflow.name,
    );
    if (stopping && (owned || gone)) return { row, workflow: undefined };
    const { workflow } = await access.requireWorkflowOf(req, cluster, launch);
    return { row, workflow };
  };

  return { visibleIn, requireReadable, requireChangeable, keepOwnDecision };
}
