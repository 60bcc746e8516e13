import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  scheduleAdminPermission,
  ScheduleRequest,
  ScheduleUpdate,
  workflowLaunchPermission,
  workflowReadPermission,
} from '@openchoreo-workflows/plugin-openchoreo-workflows-common';
import { ScheduleService } from '../../schedules/ScheduleService';
import { ScheduleRow, toSchedule } from '../../schedules/ScheduleStore';
import { userOf } from '../caller';
import { ClusterRegistry } from '../ClusterRegistry';
import { Access, AnyRequest } from './access';
import { audited, launchAuditMeta } from './audit';
import { ApiRouter, str } from './types';

interface ScheduleRouteOptions {
  clusters: ClusterRegistry;
  schedules: ScheduleService;
  permissions: PermissionsService;
  auditor?: AuditorService;
  access: Access;
}

/**
 * Schedules (`/schedules`): reading one needs its workflow's read permission
 * (else it is not found); creating, editing and deleting need the launch
 * permission into its namespace, and editing and deleting are for its owner
 * or a holder of `openchoreo.schedule.admin`. Runs are launched as the owner.
 */
export function scheduleRoutes(
  router: ApiRouter,
  options: ScheduleRouteOptions,
) {
  const { clusters, schedules, auditor, access } = options;

  const { readable, requireChangeable } = scheduleAccess(options);

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
    const schedule = await audited(
      auditor,
      req,
      'workflow-schedule-create',
      { ...launchAuditMeta(cluster.name, body), cron: body.cron },
      () => schedules.create(cluster, workflow, body, owner),
    );
    res.status(201).json(schedule);
  });

  router.get('/schedules', async (req, res) => {
    const cluster = clusters.get(str(req.query.cluster));
    const items = [];
    for (const row of await schedules.list(cluster)) {
      if (await readable(req, row)) items.push(await schedules.describe(row));
    }
    res.json({ items });
  });

  router.get('/schedules/:id', async (req, res) => {
    const row = await schedules.get(req.params.id);
    if (!(await readable(req, row))) {
      throw new NotFoundError(`schedule '${req.params.id}' not found`);
    }
    res.json(await schedules.describe(row));
  });

  router.patch('/schedules/:id', async (req, res) => {
    const { row, workflow } = await requireChangeable(req, req.params.id);
    const update = req.body as ScheduleUpdate;
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
    const { row } = await requireChangeable(req, req.params.id);
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

/** Who may read a schedule (its workflow's readers) and change it (its owner or an admin, with the launch permission). */
function scheduleAccess({
  clusters,
  schedules,
  permissions,
  access,
}: ScheduleRouteOptions) {
  /** The schedule's workflow, if the caller may read it (and act with `permission`). */
  const requireScheduleWorkflow = (
    req: AnyRequest,
    row: ScheduleRow,
    permission = workflowReadPermission,
  ) =>
    access.requireWorkflowOf(
      req,
      clusters.get(row.cluster),
      toSchedule(row),
      permission,
    );

  const readable = async (req: AnyRequest, row: ScheduleRow) => {
    try {
      await requireScheduleWorkflow(req, row);
      return true;
    } catch (e) {
      if (e instanceof NotFoundError) return false;
      throw e;
    }
  };

  /** A schedule the caller may change: readable, launchable, and theirs or they are an admin. */
  const requireChangeable = async (req: AnyRequest, id: string) => {
    const row = await schedules.get(id);
    if (!(await readable(req, row))) {
      throw new NotFoundError(`schedule '${id}' not found`);
    }
    const { workflow, credentials } = await requireScheduleWorkflow(
      req,
      row,
      workflowLaunchPermission,
    );
    if (
      userOf(credentials) !== row.owner &&
      !(await isAdmin(permissions, credentials))
    ) {
      throw new NotAllowedError(
        `only the schedule's owner (${row.owner}) or a schedule admin may change it`,
      );
    }
    return { row, workflow };
  };

  return { readable, requireChangeable };
}
